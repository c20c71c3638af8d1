"""STS-LIMIT6: an IAM path that is not ``/`` or ``/a/b/`` of printable ASCII, up to 512."""

from __future__ import annotations

from collections.abc import Iterator

from ...validation import is_iam_path
from .._context import ResourceContext
from .._finding import Rule

_PATH_HOLDERS = frozenset(
    {
        "AWS::IAM::Role",
        "AWS::IAM::User",
        "AWS::IAM::Group",
        "AWS::IAM::InstanceProfile",
        "AWS::IAM::ManagedPolicy",
    }
)


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when a literal ``Path`` breaks IAM's path rules."""
    path = resource.properties.get("Path")
    if not isinstance(path, str):
        return
    if is_iam_path(path):
        return
    yield (
        f"Path '{path}' is not '/' or a path that starts and ends with '/' (like '/teams/data/') "
        "of printable ASCII without spaces, at most 512 characters. IAM rejects it and the "
        "deployment fails. Fix the slashes or remove the offending characters."
    )


RULE = Rule(
    id="STS-LIMIT6",
    severity="error",
    title="Invalid IAM path",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names",
    resource_types=_PATH_HOLDERS,
    check_resource=check,
)
