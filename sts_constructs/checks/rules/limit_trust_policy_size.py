"""STS-LIMIT1: a trust policy longer than the account's quota (2,048 characters by default)."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import estimate_policy_chars
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when the trust policy's estimated size exceeds the quota."""
    document = resource.properties.get("AssumeRolePolicyDocument")
    if document is None:
        return
    limits = resource.template.limits
    size = estimate_policy_chars(document, unresolved_chars=limits.unresolved_value_chars)
    if size <= limits.trust_policy_chars:
        return
    yield (
        f"The trust policy is about {size:,} characters without whitespace (values known only "
        f"at deploy time estimated), over the {limits.trust_policy_chars:,}-character quota. "
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
