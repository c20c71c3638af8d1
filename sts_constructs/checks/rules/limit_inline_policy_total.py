"""STS-LIMIT3: inline policies of a role, user or group over their aggregate quota.

Counts the principal's own ``Policies`` and every ``AWS::IAM::Policy`` (or ``RolePolicy``,
``UserPolicy``, ``GroupPolicy``) of the template attached to it, as CDK's ``DefaultPolicy``.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import PRINCIPALS
from ._quota import policy_chars, principal_quota


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when the inline policies together exceed the principal's quota."""
    policies = resource.template.attached_policies.get(resource.logical_id, [])
    total = sum(policy_chars(resource, document) for _, document in policies)
    kind, quota = principal_quota(resource, "{kind}_inline_policy_chars")
    if not policies or total <= quota:
        return
    yield (
        f"The {len(policies)} inline policies of this {kind} add up to about {total:,} characters "
        f"without whitespace, over the {quota:,}-character quota for a {kind}'s inline policies. "
        "The deployment fails with LimitExceeded. Move statements into customer managed "
        "policies (6,144 characters each) and attach those instead."
    )


RULE = Rule(
    id="STS-LIMIT3",
    severity="error",
    title="Inline policies over the per-role/user/group total",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length",
    resource_types=PRINCIPALS,
    check_resource=check,
)
