"""STS-IAM3: an ``AWS::IAM::AccessKey``: a long-lived credential."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import describe
from .._context import ResourceContext
from .._finding import Rule
from ._common import ACCESS_KEY


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message for every access key resource."""
    user = describe(resource.properties.get("UserName"))
    yield (
        f"An access key for user {user} is a long-lived credential: it works until someone "
        "rotates or deletes it, wherever it has leaked to. Prefer roles with temporary "
        "credentials (an instance role, OIDC federation, IAM Identity Center); if the key is "
        "deliberate, store its secret in Secrets Manager and acknowledge this finding."
    )


RULE = Rule(
    id="STS-IAM3",
    severity="warning",
    title="Long-lived access key",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
    resource_types=ACCESS_KEY,
    check_resource=check,
)
