"""STS-LIMIT2: a customer managed policy longer than 6,144 characters."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import MANAGED_POLICY
from ._quota import policy_over


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when the managed policy's estimated size exceeds the quota."""
    quota = resource.template.limits.managed_policy_chars
    size = policy_over(resource, "PolicyDocument", quota)
    if size is not None:
        yield (
            f"The managed policy is about {size:,} characters without whitespace, over the "
            f"{quota:,}-character quota for customer managed policies. The deployment fails "
            "with LimitExceeded. Split it into several managed policies, or use wildcards in "
            "resource names where that stays least-privilege."
        )


RULE = Rule(
    id="STS-LIMIT2",
    severity="error",
    title="Managed policy over 6,144 characters",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length",
    resource_types=MANAGED_POLICY,
    check_resource=check,
)
