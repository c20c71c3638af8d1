"""STS-LIMIT5: IAM names that are too long or use characters IAM refuses."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import as_list
from ...validation import is_iam_name
from .._context import ResourceContext
from .._finding import Rule

# (resource type, property, maximum length).
NAMED = (
    ("AWS::IAM::Role", "RoleName", 64),
    ("AWS::IAM::User", "UserName", 64),
    ("AWS::IAM::Group", "GroupName", 128),
    ("AWS::IAM::InstanceProfile", "InstanceProfileName", 128),
    ("AWS::IAM::ManagedPolicy", "ManagedPolicyName", 128),
    ("AWS::IAM::Policy", "PolicyName", 128),
    ("AWS::IAM::RolePolicy", "PolicyName", 128),
    ("AWS::IAM::UserPolicy", "PolicyName", 128),
    ("AWS::IAM::GroupPolicy", "PolicyName", 128),
)


def _names(resource: ResourceContext) -> Iterator[tuple[str, object, int]]:
    for kind, prop, limit in NAMED:
        if resource.type == kind:
            yield prop, resource.properties.get(prop), limit
    if resource.type in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
        for policy in as_list(resource.properties.get("Policies")):
            if isinstance(policy, dict):
                yield "Policies[].PolicyName", policy.get("PolicyName"), 128


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
