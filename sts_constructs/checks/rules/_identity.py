"""Helpers the identity-policy rules share."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import Statement
from .._context import ResourceContext

__all__ = ["IDENTITY_POLICY_TYPES", "allow_identity_statements"]

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
