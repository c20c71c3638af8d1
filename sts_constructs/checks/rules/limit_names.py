"""STS-LIMIT5: IAM names that are too long or use characters IAM refuses."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import as_list
from ...validation import IAM_NAME_PROPERTIES, POLICY_NAME_MAX_CHARS, is_iam_name
from .._context import ResourceContext
from .._finding import Rule

# (resource type, property, maximum length): the named IAM resources, and the policies.
NAMED = (
    *((kind, prop, limit) for kind, (prop, limit) in IAM_NAME_PROPERTIES.items()),
    *(
        (f"AWS::IAM::{kind}", "PolicyName", POLICY_NAME_MAX_CHARS)
        for kind in ("Policy", "RolePolicy", "UserPolicy", "GroupPolicy")
    ),
)


def _names(resource: ResourceContext) -> Iterator[tuple[str, object, int]]:
    for kind, prop, limit in NAMED:
        if resource.type == kind:
            yield prop, resource.properties.get(prop), limit
    if resource.type in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
        for policy in as_list(resource.properties.get("Policies")):
            if isinstance(policy, dict):
                yield "Policies[].PolicyName", policy.get("PolicyName"), POLICY_NAME_MAX_CHARS


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per literal name outside 1-N characters of ``[\\w+=,.@-]``."""
    for prop, name, limit in _names(resource):
        if not isinstance(name, str):
            continue  # Absent (CloudFormation generates one) or known only at deploy time.
        if is_iam_name(name, max_length=limit):
            continue
        yield (
            f"{prop} '{name}' ({len(name)} characters) is not 1-{limit} characters of letters, "
            "digits and +=,.@_-. IAM rejects the name and the deployment fails. Shorten it or "
            "drop the other characters (or omit the name and let CloudFormation generate one)."
        )


RULE = Rule(
    id="STS-LIMIT5",
    severity="error",
    title="IAM name too long or with invalid characters",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names",
    resource_types=frozenset(kind for kind, _, _ in NAMED),
    check_resource=check,
)
