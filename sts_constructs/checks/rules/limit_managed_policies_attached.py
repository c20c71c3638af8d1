"""STS-LIMIT4: more managed policies attached to a role, user or group than the quota."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import PRINCIPALS
from ._quota import principal_quota


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when ``ManagedPolicyArns`` plus attached managed policies exceed it."""
    attached = resource.template.attached_managed_policies.get(resource.logical_id, [])
    kind, quota = principal_quota(resource, "managed_policies_per_{kind}")
    if len(attached) <= quota:
        return
    yield (
        f"{len(attached)} managed policies are attached to this {kind}, over the quota of "
        f"{quota}. The deployment fails with LimitExceeded. Combine policies into fewer "
        "customer managed policies, or raise the quota (roles and users: up to 20) and pass "
        "the new limit to the checks."
    )


RULE = Rule(
    id="STS-LIMIT4",
    severity="error",
    title="Too many managed policies attached",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entities",
    resource_types=PRINCIPALS,
    check_resource=check,
)
