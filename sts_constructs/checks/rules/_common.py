"""Helpers the trust-policy rules share: which statements to read and how to name them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...evaluator.operators import value_matches_anything
from ...template import Condition, Statement, Text, Unknown, action_matches, flatten
from .._context import INLINE_POLICY_HOLDERS, FederatedPrincipal, ResourceContext

__all__ = [
    "ACCESS_KEY",
    "MANAGED_POLICY",
    "PRINCIPALS",
    "ROLE",
    "TRUST_ACTIONS",
    "USER",
    "allow_statements",
    "assume_statements",
    "federated_principals",
    "federated_statements",
    "has_positive_condition",
    "only_wildcards",
    "restricting_values",
    "where",
]

# The resource types rules read (a rule's resource_types), each set named once.
ROLE = frozenset({"AWS::IAM::Role"})
USER = frozenset({"AWS::IAM::User"})
ACCESS_KEY = frozenset({"AWS::IAM::AccessKey"})
MANAGED_POLICY = frozenset({"AWS::IAM::ManagedPolicy"})
PRINCIPALS = frozenset(INLINE_POLICY_HOLDERS)  # Roles, users and groups.
ASSUME_ACTIONS = {
    "oidc": "sts:AssumeRoleWithWebIdentity",
    "cognito": "sts:AssumeRoleWithWebIdentity",
    "saml": "sts:AssumeRoleWithSAML",
    "AWS": "sts:AssumeRole",
    "Service": "sts:AssumeRole",
    "*": "sts:AssumeRole",
}


def where(statement: Statement) -> str:
    """Return how a message names the statement: ``Trust policy statement 0``.

    A statement deployed only under some template conditions says which:
    ``Trust policy statement 0 (if IsProd is true)``.
    """
    when = f" ({statement.when})" if statement.when else ""
    return f"Trust policy statement {statement.index}{when}"


def allow_statements(resource: ResourceContext) -> Iterator[Statement]:
    """Yield the ``Allow`` statements of a role's trust policy."""
    for statement in resource.trust_statements:
        if statement.allows:
            yield statement


_ASSUME_PATTERN_TARGETS = (
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
)
# The actions a trust policy can meaningfully allow: the assume actions and their
# companions, lower-cased (IAM compares action names case-insensitively).
_COMPANION_ACTIONS = ("sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext")
TRUST_ACTIONS = frozenset(a.lower() for a in (*_ASSUME_PATTERN_TARGETS, *_COMPANION_ACTIONS))


def grants_assume(statement: Statement) -> bool:
    """Return whether the statement allows an ``sts:AssumeRole*`` action (or may: NotAction).

    Statements that only allow ``sts:TagSession`` or ``sts:SetSourceIdentity`` are
    companions of an assume statement: they let nobody in by themselves.
    """
    if statement.not_action:
        return True
    actions = statement.literal_actions()
    if len(actions) < len(statement.actions):
        return True  # Some actions are known only at deploy time.
    return any(action_matches(a, t) for a in actions for t in _ASSUME_PATTERN_TARGETS)


def assume_statements(resource: ResourceContext) -> Iterator[Statement]:
    """Yield the ``Allow`` statements of a role's trust policy that allow assuming it."""
    found = resource.memo.get("assume_statements")
    if found is None:
        found = [s for s in allow_statements(resource) if grants_assume(s)]
        resource.memo["assume_statements"] = found
    yield from found


def federated_principals(
    resource: ResourceContext, statement: Statement
) -> Iterator[FederatedPrincipal]:
    """Yield the statement's ``Federated`` principals, with unknown ones inferred from actions."""
    actions = statement.literal_actions()
    for value in statement.principals.get("Federated", ()):
        principal = resource.template.federated_principal(value)
        if principal.kind == "unknown" and not statement.not_action:
            if any(action_matches(a, "sts:AssumeRoleWithSAML") for a in actions):
                principal = FederatedPrincipal("saml", None, principal.display)
            elif any(action_matches(a, "sts:AssumeRoleWithWebIdentity") for a in actions):
                principal = FederatedPrincipal("oidc", None, principal.display)
        yield principal


def federated_statements(resource: ResourceContext, kind: str) -> Iterator[Statement]:
    """Yield the assume statements that trust a federated principal of ``kind`` (``saml``,
    ``cognito``, ``oidc``) and whose ``Condition`` block is known at synth time."""
    for statement in assume_statements(resource):
        if statement.conditions is None:
            continue  # The Condition block is only known at deploy time.
        if any(p.kind == kind for p in federated_principals(resource, statement)):
            yield statement


def only_wildcards(value: str) -> bool:
    """Return whether a ``StringLike`` pattern such as ``*`` or ``?*`` matches any value."""
    return "*" in value and value.strip("*?") == ""


# Keys whose value names an account, or an ARN whose account part must be literal.
_ACCOUNT_KEYS = frozenset({"aws:principalaccount", "aws:sourceaccount", "aws:resourceaccount"})
_ARN_KEYS = frozenset({"aws:principalarn", "aws:sourcearn"})
_ORG_KEYS = frozenset({"aws:principalorgid", "aws:sourceorgid", "aws:resourceorgid"})


def _narrows(condition: Condition, value: Any) -> bool:
    """Return whether ``value`` under the condition's (positive) operator narrows who matches."""
    op = condition.op
    wildcards = bool(op.spec and op.spec.wildcards)
    if isinstance(value, Unknown):
        return value.identifier or not wildcards
    if isinstance(value, Text):
        return value.identifiers_only or not wildcards
    if not isinstance(value, str) or not wildcards:
        return not (op.pattern and isinstance(value, str) and value_matches_anything(op, value))
    if value_matches_anything(op, value):
        return False
    wild = "*" in value or "?" in value
    if condition.key in _ACCOUNT_KEYS or condition.key in _ORG_KEYS:
        return not wild
    if condition.key in _ARN_KEYS:
        parts = value.split(":", 5)
        return len(parts) == 6 and not any(c in parts[4] for c in "*?")
    return True


def restricting_values(statement: Statement, *keys: str) -> list[str]:
    """Return the values of conditions on ``keys`` that restrict who matches.

    A value restricts when its operator lets only requests that carry a matching value
    through (exact or pattern, no ``IfExists``, no ``ForAllValues``: the one catalogue
    ``sts_constructs.evaluator.operators`` says which) and the value narrows the match: not
    an all-wildcard pattern (``*``, ``arn:*:*:*:*:*``), no wildcard in the account of an
    ARN or in an account or organization ID, and, under a wildcard operator, no part known
    only at deploy time that a user chose (a parameter could be ``*``). Values come back as
    text (unknown parts as ``${?}``).
    """
    found: list[str] = []
    for condition in statement.conditions_on(*keys):
        if not condition.is_positive_match:
            continue
        found.extend(flatten(v) for v in condition.values if _narrows(condition, v))
    return found


def has_positive_condition(statement: Statement, *keys: str) -> bool:
    """Return whether the statement tests one of ``keys`` in a way that restricts who matches.

    See :func:`restricting_values`: a condition whose values are ``*``, or a wildcard that
    comes out of an intrinsic function or a parameter, does not count.
    """
    return bool(restricting_values(statement, *keys))
