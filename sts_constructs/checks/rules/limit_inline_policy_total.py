"""STS-LIMIT3: inline policies of a role, user or group over their aggregate quota.

Counts the principal's own ``Policies`` and every ``AWS::IAM::Policy`` (or ``RolePolicy``,
``UserPolicy``, ``GroupPolicy``) of the template attached to it, as CDK's ``DefaultPolicy``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...template import estimate_policy_chars
from .._context import INLINE_POLICY_HOLDERS, ResourceContext
from .._finding import Rule


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when the inline policies together exceed the principal's quota."""
    limits = resource.template.limits
    policies = resource.template.attached_policies.get(resource.logical_id, [])
    if not policies:
        return
    total = sum(
        estimate_policy_chars(document, unresolved_chars=limits.unresolved_value_chars)
        for _, document in policies
    )
    kind = resource.type.rsplit("::", 1)[1].lower()
    quota = {
        "role": limits.role_inline_policy_chars,
        "user": limits.user_inline_policy_chars,
        "group": limits.group_inline_policy_chars,
    }[kind]
    if total <= quota:
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
    resource_types=frozenset(INLINE_POLICY_HOLDERS),
    check_resource=check,
)
