"""Helpers the identity-policy rules share."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import Statement, action_matches
from .._context import ResourceContext

__all__ = ["IDENTITY_POLICY_TYPES", "allow_identity_statements", "statements_allowing"]

IDENTITY_POLICY_TYPES = frozenset(
    {
        "AWS::IAM::Role",
        "AWS::IAM::User",
        "AWS::IAM::Group",
        "AWS::IAM::Policy",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::RolePolicy",
        "AWS::IAM::UserPolicy",
        "AWS::IAM::GroupPolicy",
    }
)


def allow_identity_statements(resource: ResourceContext) -> Iterator[tuple[str, Statement]]:
    """Yield ``(where, statement)`` for each ``Allow`` of the resource's identity policies."""
    for place, reading in resource.identity_readings:
        for statement in reading.statements:
            if statement.allows:
                when = f" ({statement.when})" if statement.when else ""
                yield f"{place} statement {statement.index}{when}", statement


def statements_allowing(resource: ResourceContext, action: str) -> Iterator[tuple[str, Statement]]:
    """Yield ``(where, statement)`` for each ``Allow`` of the identity policies that names
    ``action`` or a pattern of it (``sts:Assume*``), with a ``Condition`` block known at
    synth time.

    The bare ``"*"`` (an administrator grant) and ``NotAction`` are left to the broader rules
    (STS-IAM1/IAM2) and to other tools.
    """
    for place, statement in allow_identity_statements(resource):
        if statement.not_action or statement.conditions is None:
            continue
        actions = statement.literal_actions()
        if any(a != "*" and action_matches(a, action) for a in actions):
            yield place, statement
