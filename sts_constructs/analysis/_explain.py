"""``explain``: who reaches a role, by which path, on which conditions, for how long."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._assembly import UNKNOWN_ACCOUNT
from ._model import Edge, Node, TrustModel

__all__ = ["ExplainError", "Reach", "explain", "find_one", "reaches"]

# Longer chains than this are not followed (IAM has no limit, reviews do).
MAX_CHAIN = 8
PRINCIPAL_KINDS = (
    "user",
    "group",
    "role",
    "service",
    "oidc-provider",
    "saml-provider",
    "account",
    "anyone",
    "federated-user",
)


class ExplainError(Exception):
    """A role or principal that names nothing (or several things); one line."""


@dataclass(frozen=True)
class Reach:
    """One way in: the principal, the edges walked (first to last), the session cap."""

    principal: Node
    edges: tuple[Edge, ...]

    @property
    def path(self) -> list[str]:
        """Return the roles walked, first to last (the explained role last)."""
        return [edge.target for edge in self.edges]

    @property
    def max_session_seconds(self) -> int | None:
        """Return the longest session the last hop gives (1 hour when chained)."""
        return self.edges[-1].max_session_seconds

    def conditions(self) -> list[dict[str, Any]]:
        """Return every condition along the path, each once."""
        seen: dict[str, dict[str, Any]] = {}
        for edge in self.edges:
            for term in edge.conditions:
                seen.setdefault(str(term), term.to_json())
        return list(seen.values())


def find_one(model: TrustModel, reference: str, what: str, *, kinds: tuple[str, ...] = ()) -> Node:
    """Return the one node ``reference`` names (ARN, name or construct path)."""
    found = [n for n in model.find(reference) if not kinds or n.kind in kinds]
    if not found:
        raise ExplainError(
            f"{what} {reference!r}: no such {what} in the assemblies (name it by ARN, name "
            f"or construct path){_did_you_mean(model, reference, kinds)}"
        )
    if len(found) > 1:
        ids = ", ".join(n.id for n in found[:4])
        raise ExplainError(f"{what} {reference!r} names {len(found)} nodes ({ids}); use the ARN")
    return found[0]


def _did_you_mean(model: TrustModel, reference: str, kinds: tuple[str, ...]) -> str:
    """Return ``; did you mean 'a', 'b'?`` for the names close to ``reference``, else ``""``."""
    names: dict[str, str] = {}  # lower case -> as written
    for node in model.nodes.values():
        if kinds and node.kind not in kinds:
            continue
        for name in (node.label, node.name, node.id):
            if name:
                names.setdefault(name.lower(), name)
    close = difflib.get_close_matches(reference.strip().lower(), names, n=3, cutoff=0.6)
    if not close:
        return ""
    hint = f"; did you mean {', '.join(repr(names[c]) for c in close)}?"
    if any(f":{UNKNOWN_ACCOUNT}:" in names[c] for c in close) and (
        f":{UNKNOWN_ACCOUNT}:" not in reference
    ):
        hint += (
            f" (a stack without an env is read as account {UNKNOWN_ACCOUNT}: name the "
            "principal by its name, or give the stack an env)"
        )
    return hint


def reaches(model: TrustModel, role: Node) -> list[Reach]:
    """Return every principal that reaches ``role`` through usable assume edges."""
    incoming: dict[str, list[Edge]] = {}
    for edge in model.edges:
        if edge.kind == "assume" and edge.usable:
            incoming.setdefault(edge.target, []).append(edge)
    found: list[Reach] = []

    def walk(target: str, tail: tuple[Edge, ...], visited: frozenset[str]) -> None:
        for edge in incoming.get(target, []):
            if edge.source in visited or len(tail) >= MAX_CHAIN:
                continue
            chain = (edge, *tail)
            source = model.nodes.get(edge.source)
            if source is None:
                continue
            found.append(Reach(source, chain))
            if source.kind == "role":
                walk(source.id, chain, visited | {source.id})

    walk(role.id, (), frozenset({role.id}))
    return sorted(found, key=lambda r: (len(r.edges), r.principal.id))


def _principal_text(reach: Reach) -> str:
    node = reach.principal
    first = reach.edges[0]
    subjects = [
        term
        for term in first.conditions
        if term.key.lower().endswith((":sub", "saml:sub", ":aud")) and node.kind == "oidc-provider"
    ]
    subs = [t for t in subjects if t.key.lower().endswith(":sub")]
    if subs:
        return f"{node.id} (sub: {' | '.join(v for t in subs for v in t.values)})"
    return node.id


def _denial(model: TrustModel, principal: Node, role: Node) -> str:
    for edge in model.edges:
        if edge.kind == "assume" and edge.source == principal.id and edge.target == role.id:
            if edge.missing == "grant":
                return (
                    f"the trust policy of {role.label} names {principal.label}'s account, but no "
                    f"policy of {principal.label} allows {edge.action} on the role"
                )
            if edge.missing == "trust":
                return (
                    f"{principal.label}'s policies allow {edge.action} on the role, but its trust "
                    f"policy does not let {principal.label} in"
                )
    return (
        f"no trust policy statement of {role.label} lets {principal.label} in, and no chain "
        f"of roles leads there"
    )


def explain(model: TrustModel, role_ref: str, principal_ref: str | None = None) -> dict[str, Any]:
    """Return the ``explain --format json`` answer for a role (and optionally a principal).

    Raises :class:`ExplainError` when a reference names nothing or several nodes.
    """
    role = find_one(model, role_ref, "role", kinds=("role",))
    principal = (
        find_one(model, principal_ref, "principal", kinds=PRINCIPAL_KINDS)
        if principal_ref
        else None
    )
    found = reaches(model, role)
    if principal is not None:
        found = [r for r in found if r.principal.id == principal.id]
    answer: dict[str, Any] = {
        "role": role.id,
        "principals": [
            {
                "principal": _principal_text(r),
                "path": r.path,
                "action": r.edges[0].action,
                "conditions": r.conditions(),
                "max_session_seconds": r.max_session_seconds,
            }
            for r in found
        ],
    }
    if principal is not None:
        answer["allowed"] = bool(found)
        if not found:
            answer["reason"] = _denial(model, principal, role)
    return answer


def permissions(role: Node, model: TrustModel) -> list[str]:
    """Return the role's own ``Allow`` statements as ``actions on resources`` lines."""
    labels = {n.id: n.label for n in model.nodes.values()}
    labels.update(model.labels)
    labels.update({f"{arn}/*": f"{label} (objects)" for arn, label in model.labels.items()})
    lines = []
    for document in role.identity:
        if isinstance(document, str):
            lines.append(f"managed policy {document}")
            continue
        statements = document.get("Statement") if isinstance(document, Mapping) else None
        for statement in statements if isinstance(statements, list) else [statements]:
            if not isinstance(statement, Mapping) or statement.get("Effect") != "Allow":
                continue
            actions = statement.get("Action", statement.get("NotAction", []))
            resources = statement.get("Resource", statement.get("NotResource", []))
            actions = actions if isinstance(actions, list) else [actions]
            resources = resources if isinstance(resources, list) else [resources]
            shown = [labels.get(str(r), str(r)) for r in resources]
            lines.append(f"{', '.join(map(str, actions))} on {', '.join(shown)}")
    return lines
