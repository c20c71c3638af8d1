"""Helpers the trust-policy rules share: which statements to read and how to name them."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import Statement, action_matches
from .._context import FederatedPrincipal, ResourceContext

__all__ = [
    "ROLE",
    "allow_statements",
    "assume_statements",
    "federated_principals",
    "has_positive_condition",
    "only_wildcards",
    "where",
]

ROLE = frozenset({"AWS::IAM::Role"})
ASSUME_ACTIONS = {
    "oidc": "sts:AssumeRoleWithWebIdentity",
    "cognito": "sts:AssumeRoleWithWebIdentity",
    "saml": "sts:AssumeRoleWithSAML",
    "AWS": "sts:AssumeRole",
    "Service": "sts:AssumeRole",
    "*": "sts:AssumeRole",
}


def where(statement: Statement) -> str:
    """Return how a message names the statement: ``Trust policy statement 0``."""
    return f"Trust policy statement {statement.index}"


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
    for statement in allow_statements(resource):
        if grants_assume(statement):
            yield statement


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


def only_wildcards(value: str) -> bool:
    """Return whether a ``StringLike`` pattern such as ``*`` or ``?*`` matches any value."""
    return "*" in value and value.strip("*?") == ""


def has_positive_condition(statement: Statement, *keys: str) -> bool:
    """Return whether the statement tests one of ``keys`` in a way that restricts who matches.

    A restricting test is a plain ``StringEquals``/``StringLike``/``Arn*`` (no ``IfExists``,
    no set qualifier) whose values are not all-wildcard patterns such as ``*``. A value that
    is only known at deploy time (an intrinsic function) counts as restricting.
    """
    for condition in statement.conditions_on(*keys):
        if not condition.is_positive_match or not condition.values:
            continue
        if not any(only_wildcards(v) for v in condition.literal_values()):
            return True
    return False
