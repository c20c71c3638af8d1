"""STS-LIMIT1: a trust policy longer than the account's quota (2,048 characters by default)."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE
from ._quota import policy_over


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when the trust policy's estimated size exceeds the quota."""
    quota = resource.template.limits.trust_policy_chars
    size = policy_over(resource, "AssumeRolePolicyDocument", quota)
    if size is None:
        return
    yield (
        f"The trust policy is about {size:,} characters without whitespace (values known only "
        f"at deploy time estimated), over the {quota:,}-character quota. "
        "CloudFormation fails with 'LimitExceeded ... ACLSizePerRole' minutes into the "
        "deployment. Merge statements, trust an account or organization instead of listing "
        "principals, or raise the quota (up to 4,096) and pass the new limit to the checks."
    )


RULE = Rule(
    id="STS-LIMIT1",
    severity="error",
    title="Trust policy over the size quota",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length",
    resource_types=ROLE,
    check_resource=check,
)
