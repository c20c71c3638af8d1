"""STS-TRUST6: ``sts:*``, wildcards, ``NotAction`` or non-STS actions in a trust policy."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import Statement
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, TRUST_ACTIONS, allow_statements, where


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per statement whose actions are not the explicit STS trust actions."""
    for statement in allow_statements(resource):
        for problem in _problems(statement):
            yield f"{where(statement)} {problem}"


def _problems(statement: Statement) -> Iterator[str]:
    """Yield what is wrong with the actions of one ``Allow`` statement (after its name)."""
    if statement.not_action:
        yield (
            "uses NotAction: it allows every action except those listed, including ones added "
            "to STS later. List the STS actions instead (sts:AssumeRole, sts:TagSession, ...)."
        )
        return
    wrong = [a for a in statement.literal_actions() if a.lower() not in TRUST_ACTIONS]
    if wrong:
        yield (
            f"allows {', '.join(repr(a) for a in wrong)}. A trust policy only governs STS "
            "actions: wildcards grant more than you can review and other services' actions are "
            "rejected or meaningless. Name the actions, e.g. sts:AssumeRole and sts:TagSession."
        )


RULE = Rule(
    id="STS-TRUST6",
    severity="error",
    title="Wildcard or non-STS action in a trust policy",
    link="https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html",
    resource_types=ROLE,
    check_resource=check,
)
