"""STS-LIMIT2: a customer managed policy longer than 6,144 characters."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import estimate_policy_chars
from .._context import ResourceContext
from .._finding import Rule


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when the managed policy's estimated size exceeds the quota."""
    document = resource.properties.get("PolicyDocument")
    if document is None:
        return
    limits = resource.template.limits
    size = estimate_policy_chars(document, unresolved_chars=limits.unresolved_value_chars)
    if size <= limits.managed_policy_chars:
        return
    yield (
        f"The managed policy is about {size:,} characters without whitespace, over the "
        f"{limits.managed_policy_chars:,}-character quota for customer managed policies. The "
        "deployment fails with LimitExceeded. Split it into several managed policies, or use "
        "wildcards in resource names where that stays least-privilege."
    )


RULE = Rule(
    id="STS-LIMIT2",
    severity="error",
    title="Managed policy over 6,144 characters",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length",
    resource_types=frozenset({"AWS::IAM::ManagedPolicy"}),
    check_resource=check,
)
