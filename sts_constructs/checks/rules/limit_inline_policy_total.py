"""STS-LIMIT3: inline policies of a role, user or group over their aggregate quota.

Counts, per principal (see ``_inline_totals``), its own ``Policies`` and every
``AWS::IAM::Policy`` (or ``RolePolicy``, ``UserPolicy``, ``GroupPolicy``) attached to it by
``Ref`` or by literal name, CDK's ``DefaultPolicy`` among them: principals the template defines
and those it only names (``iam.Role.from_role_name``). A principal that other templates of the
same account also define or attach to is judged across them by ``check_assembly`` (the
template's ``shared_principals``), once. The finding sits on the principal where the template
defines it, else on its largest policy: acknowledge it there.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._context import TemplateContext
from .._finding import Rule
from ._inline_totals import over_quota, template_totals


def check(template: TemplateContext) -> Iterator[tuple[str, str]]:
    """Yield ``(logical ID, message)`` for each principal whose inline policies in this
    template together exceed its quota."""
    for key, total in template_totals(template).items():
        if key in template.shared_principals:
            continue
        message = over_quota(total, template.limits)
        if message is not None:
            yield total.anchor[1], message


RULE = Rule(
    id="STS-LIMIT3",
    severity="error",
    title="Inline policies over the per-role/user/group total",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length",
    check_template=check,
)
