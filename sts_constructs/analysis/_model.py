"""The trust model's shapes: nodes (principals and roles), edges, and the model holding them.

Nodes are accounts, users, groups, roles, instance profiles, services, OIDC and SAML
providers, federated users of brokers and "anyone". An ``assume`` edge says a principal
may call an STS action on a role, with every condition left on it, and which half
(``trust`` or ``grant``) is missing when one is. ``member`` edges join users to groups and
``contains`` edges instance profiles to their role. ``_build`` makes a model from templates
(``_reader`` reads them, ``_edges`` asks the evaluator).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..evaluator import ConditionTerm

__all__ = ["Edge", "Node", "NodeKind", "TrustModel"]

NodeKind = Literal[
    "account",
    "anyone",
    "user",
    "group",
    "role",
    "instance-profile",
    "service",
    "oidc-provider",
    "saml-provider",
    "federated-user",
]
EdgeKind = Literal["assume", "member", "contains"]


@dataclass
class Node:
    """One principal or resource of the model. ``id`` is an ARN where one is known."""

    id: str
    kind: NodeKind
    label: str
    account: str | None = None
    path: str | None = None  # construct path
    stack: str | None = None
    name: str | None = None
    max_session_seconds: int | None = None
    trust: Mapping[str, Any] | None = None
    identity: list[Any] = field(default_factory=list)
    boundary: Any = None
    groups: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the node as plain data."""
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "label": self.label}
        for key in ("account", "path", "stack", "name", "max_session_seconds"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.details:
            data["details"] = self.details
        return data


@dataclass(frozen=True)
class Edge:
    """A principal may act on a node: assume a role, belong to a group, hold a role.

    ``missing`` is ``None`` when the edge is usable, else the half that is not there:
    ``trust`` (the role's trust policy does not let the principal in) or ``grant`` (the
    principal's own policies do not allow the call). ``delegated`` says the trust names the
    principal's account, so only identities whose policies allow the call get in.
    """

    source: str
    target: str
    kind: EdgeKind = "assume"
    action: str = ""
    conditions: tuple[ConditionTerm, ...] = ()
    missing: Literal["trust", "grant"] | None = None
    delegated: bool = False
    max_session_seconds: int | None = None

    @property
    def usable(self) -> bool:
        """Return whether the edge can be walked (nothing missing)."""
        return self.missing is None

    @property
    def shown(self) -> bool:
        """Return whether drawings and diffs show the edge.

        A trust that names a whole account lets in only the identities its policies allow:
        the others lack a grant, which is normal, not a gap worth drawing.
        """
        return not (self.missing == "grant" and self.delegated)

    def key(self) -> tuple[str, str, str, str]:
        """Return what identifies the edge across two models (for a diff)."""
        return (self.source, self.target, self.kind, self.action)

    def to_json(self) -> dict[str, Any]:
        """Return the edge as plain data."""
        data: dict[str, Any] = {
            "source": self.source,
            "target": self.target,
            "kind": self.kind,
        }
        if self.kind == "assume":
            data.update(
                action=self.action,
                conditions=[c.to_json() for c in self.conditions],
                missing=self.missing,
                delegated=self.delegated,
                max_session_seconds=self.max_session_seconds,
            )
        return data


@dataclass
class TrustModel:
    """Nodes by ID and the edges between them."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Construct paths of other resources policies name (buckets), by ARN.
    labels: dict[str, str] = field(default_factory=dict)

    def add(self, node: Node) -> Node:
        """Add ``node`` unless one with its ID exists; return the one kept."""
        return self.nodes.setdefault(node.id, node)

    def roles(self) -> list[Node]:
        """Return the role nodes, sorted by ID."""
        return sorted((n for n in self.nodes.values() if n.kind == "role"), key=lambda n: n.id)

    def label(self, reference: str) -> str:
        """Return the label of the node whose ID is ``reference``, else ``reference`` itself.

        How ``explain`` and ``show`` name a principal or role: ``sts-user`` for the user's
        ARN (the reader resolves a template's ``Ref``/``Fn::GetAtt`` to that ARN first).
        """
        node = self.nodes.get(reference)
        return node.label if node is not None else reference

    def find(self, reference: str) -> list[Node]:
        """Return the nodes named by ARN, name, label or construct path (exact, any case)."""
        wanted = reference.strip().strip("/").lower()
        found = []
        for node in self.nodes.values():
            names = {node.id.lower(), node.label.lower()}
            if node.name:
                names.add(node.name.lower())
            if node.path:
                names.add(node.path.lower())
                names.add(short_path(node.path).lower())
            if wanted in names:
                found.append(node)
        return sorted(found, key=lambda n: n.id)

    def to_json(self) -> dict[str, Any]:
        """Return the model as plain data."""
        return {
            "nodes": [n.to_json() for n in sorted(self.nodes.values(), key=lambda n: n.id)],
            "edges": [e.to_json() for e in self.edges],
            "notes": self.notes,
        }


def short_path(path: str) -> str:
    """Return a construct path without its trailing ``/Resource`` parts."""
    while path.endswith("/Resource"):
        path = path.removesuffix("/Resource")
    return path
