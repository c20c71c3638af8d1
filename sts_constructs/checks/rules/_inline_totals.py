"""Inline policies per principal, added up as IAM adds them (STS-LIMIT3).

IAM counts every inline policy of a role, user or group together, whichever stack wrote it
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length):
the principal's own ``Policies`` and each ``AWS::IAM::Policy`` (or ``RolePolicy``,
``UserPolicy``, ``GroupPolicy``) attached to it, by ``Ref`` or by its literal name. A principal
is keyed by its kind and its literal name, lower-cased (IAM names are unique case-insensitively
per account), so a group one stack defines and the policies other stacks attach to it by name
add up, and so do the policies that stacks attach to an imported role or user
(``iam.User.from_user_name``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from ...template import as_list, is_intrinsic
from .._context import TemplateContext, _properties
from .._limits import Limits
from ._quota import document_chars, kind_quota

__all__ = ["InlinePolicy", "PrincipalKey", "PrincipalTotal", "over_quota", "template_totals"]

PrincipalKey = tuple[str, str]
"""``(kind, name)``: ``role``, ``user`` or ``group`` and the lower-cased literal name; for a
principal without a literal name, ``#`` and its logical ID (only its own template reaches it)."""

_KINDS = {"AWS::IAM::Role": "role", "AWS::IAM::User": "user", "AWS::IAM::Group": "group"}
_NAME_KEYS = {"role": "RoleName", "user": "UserName", "group": "GroupName"}
_POLICY_TYPES = frozenset(
    {"AWS::IAM::Policy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy"}
)
# Where a policy resource names its principals, and the kind each property names.
_TARGETS = {
    "Roles": "role",
    "Users": "user",
    "Groups": "group",
    "RoleName": "role",
    "UserName": "user",
    "GroupName": "group",
}


@dataclass(frozen=True)
class InlinePolicy:
    """One inline policy of a principal: the template and resource that hold it, its size."""

    template: str
    logical_id: str
    chars: int


@dataclass
class PrincipalTotal:
    """Describe a principal's inline policies: its kind, literal name (``None``: only a logical
    ID), where it is defined (``(template, logical ID)``, ``None``: imported by name) and the
    policies attached to it."""

    kind: str
    name: str | None
    defined: tuple[str, str] | None = None
    policies: list[InlinePolicy] = field(default_factory=list)
    templates: set[str] = field(default_factory=set)

    @property
    def chars(self) -> int:
        """Return the policies' total size, in characters without whitespace."""
        return sum(policy.chars for policy in self.policies)

    @property
    def anchor(self) -> tuple[str, str]:
        """Return the ``(template, logical ID)`` the finding sits on (and is acknowledged on):
        the principal where a template defines it, else its largest policy."""
        if self.defined is not None:
            return self.defined
        largest = min(self.policies, key=lambda p: (-p.chars, p.template, p.logical_id))
        return largest.template, largest.logical_id

    def add(self, other: PrincipalTotal) -> None:
        """Count ``other``'s policies (the same principal, in another template) here too."""
        if self.defined is None and other.defined is not None:
            self.defined, self.name = other.defined, other.name
        self.policies.extend(other.policies)
        self.templates |= other.templates


def template_totals(context: TemplateContext) -> dict[PrincipalKey, PrincipalTotal]:
    """Return every principal the template defines or attaches an inline policy to, by key."""
    totals: dict[PrincipalKey, PrincipalTotal] = {}
    keys: dict[str, tuple[PrincipalKey, str | None]] = {}  # principal's logical ID -> key, name
    for logical_id, resource in context.resources.items():
        kind = _KINDS.get(str(resource.get("Type")))
        if kind is None:
            continue
        props = _properties(resource)
        name = props.get(_NAME_KEYS[kind])
        literal = name if isinstance(name, str) and name else None
        key = (kind, literal.lower() if literal else f"#{logical_id}")
        keys[logical_id] = (key, literal)
        total = _total(totals, key, literal, context.name)
        if total.defined is None:
            total.defined, total.name = (context.name, logical_id), literal
        for policy in as_list(props.get("Policies")):
            if isinstance(policy, dict):
                chars = document_chars(context, policy.get("PolicyDocument"))
                total.policies.append(InlinePolicy(context.name, logical_id, chars))
    for logical_id, resource in context.resources.items():
        if resource.get("Type") not in _POLICY_TYPES:
            continue
        props = _properties(resource)
        targets: dict[PrincipalKey, str | None] = {}
        for prop, kind in _TARGETS.items():
            for target in as_list(props.get(prop)):
                found = _target(target, kind, keys)
                if found is not None:
                    targets.setdefault(*found)
        if targets:
            chars = document_chars(context, props.get("PolicyDocument"))
            for key, name in targets.items():
                policy = InlinePolicy(context.name, logical_id, chars)
                _total(totals, key, name, context.name).policies.append(policy)
    return totals


def _total(
    totals: dict[PrincipalKey, PrincipalTotal], key: PrincipalKey, name: str | None, template: str
) -> PrincipalTotal:
    total = totals.get(key)
    if total is None:
        total = totals[key] = PrincipalTotal(key[0], name)
    total.templates.add(template)
    return total


def _target(
    target: Any, kind: str, keys: dict[str, tuple[PrincipalKey, str | None]]
) -> tuple[PrincipalKey, str | None] | None:
    """Return the key and name of the principal a policy's ``Roles``/``RoleName``... entry
    names: a ``Ref`` to a principal of the template, or a literal name (of ``kind``)."""
    if isinstance(target, dict) and is_intrinsic(target) and "Ref" in target:
        return keys.get(str(target["Ref"]))
    if isinstance(target, str) and target:
        return (kind, target.lower()), target
    return None  # Known only at deploy time (a parameter, an import): it cannot be added up.


def over_quota(total: PrincipalTotal, limits: Limits, *, account: str | None = None) -> str | None:
    """Return STS-LIMIT3's message when ``total`` is over its kind's quota in ``limits``, else
    ``None``. ``account`` names the account when the policies come from several templates."""
    quota = kind_quota(limits, "{kind}_inline_policy_chars", total.kind)
    if not total.policies or total.chars <= quota:
        return None
    kind, count = total.kind, len(total.policies)
    who = f"the {kind} {total.name}" if total.name else f"this {kind}"
    if len(total.templates) > 1:
        held = sorted({policy.template for policy in total.policies})
        stacks = (
            f"{len(held)} stacks of account {account} ({', '.join(_label(t) for t in held)}) attach"
            if len(held) > 1
            else f"the stack {_label(held[0])} of account {account} attaches"
        )
        defined = total.defined
        where = f", defined in {_label(defined[0])}," if defined and defined[0] not in held else ""
        what = f"The {count} inline policies that {stacks} to {who}{where}"
    elif total.defined is None:
        what = (
            f"The {count} inline policies this template attaches by name to {who} "
            "(not defined here)"
        )
    else:
        what = f"The {count} inline policies of {who}"
    fix = "Grant to a group the user is in instead, merge" if kind == "user" else "Merge"
    return (
        f"{what} add up to about {total.chars:,} characters without whitespace, over the "
        f"{quota:,}-character quota for a {kind}'s inline policies, which IAM counts together. "
        f"The deployment fails with LimitExceeded. {fix} the grants into fewer policies, or "
        f"move statements into customer managed policies ({limits.managed_policy_chars:,} "
        "characters each) and attach those instead."
    )


def _label(template: str) -> str:
    """Return how a message names a template: a stack's name for ``<stack>.template.json``."""
    name = PurePath(template).name
    return name.removesuffix(".template.json") if name.endswith(".template.json") else template
