"""STS-FED2: a ``sub`` condition whose pattern matches any subject or a whole owner."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...template import Text, Unknown, flatten
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, assume_statements, federated_principals, only_wildcards, where

# Subject formats "<prefix>OWNER/NAME:..." whose owner and name must be literal.
_PATH_PREFIXES = {
    "token.actions.githubusercontent.com": "repo:",
    "gitlab.com": "project_path:",
}


def too_broad(pattern: str, issuer: str | None) -> str | None:
    """Return why a ``StringLike`` subject pattern is too broad, or ``None`` when it is scoped.

    GitHub lets a repository reorder the claims of its ``sub`` (a custom subject template),
    and names of branches and environments are chosen by whoever pushes, so a wildcard
    anywhere before the ``repo:`` claim can absorb another owner's repository.
    """
    if only_wildcards(pattern):
        return "matches every subject"
    prefix = _PATH_PREFIXES.get(issuer or "")
    if prefix is None:
        return None
    position = pattern.find(prefix)
    if position < 0:
        if any(c in pattern.split(":", 1)[0] for c in "*?"):
            return "matches subjects of any repository"
        return None
    if any(c in pattern[:position] for c in "*?"):
        return "matches repositories of any owner (a wildcard comes before the repository)"
    owner_and_name = pattern[position + len(prefix) :].split(":", 1)[0]
    owner, _, name = owner_and_name.partition("/")
    if any(c in owner for c in "*?"):
        return "matches repositories of any owner"
    if any(c in name for c in "*?") or not name:
        return f"matches every repository of '{owner}'"
    return None


def _reason(value: Any, issuer: str | None) -> str | None:
    if isinstance(value, str):
        return too_broad(value, issuer)
    if isinstance(value, Text | Unknown) and not (
        value.identifiers_only if isinstance(value, Text) else value.identifier
    ):
        return "is built from a value known only at deploy time, which could be a wildcard"
    return None


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per wildcard or owner-wide ``sub`` pattern in a federated trust."""
    for statement in assume_statements(resource):
        for principal in federated_principals(resource, statement):
            if principal.kind != "oidc":
                continue
            for condition in statement.conditions or ():
                op = condition.op
                if not condition.key.endswith(":sub") or not (op.spec and op.spec.wildcards):
                    continue
                if op.negated or (principal.issuer and condition.key != f"{principal.issuer}:sub"):
                    continue
                for value in condition.values:
                    reason = _reason(value, principal.issuer)
                    if reason is None:
                        continue
                    yield (
                        f"{where(statement)}: the pattern '{flatten(value)}' on "
                        f"'{condition.name}' {reason}. Any pipeline it matches, including ones "
                        "you do not control, can assume this role. Name the repository (and "
                        "preferably the branch or environment) literally, e.g. "
                        "'repo:OWNER/REPO:ref:refs/heads/main'."
                    )


RULE = Rule(
    id="STS-FED2",
    severity="error",
    title="Wildcard or owner-wide subject in a federated trust",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
    resource_types=ROLE,
    check_resource=check,
)
