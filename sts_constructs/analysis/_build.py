"""Build the trust model of a set of stacks: read their templates, then draw every edge."""

from __future__ import annotations

from ._assembly import UNKNOWN_ACCOUNT, StackTemplate
from ._edges import (
    account_edge,
    anyone_edge,
    broker_edge,
    edge_for,
    external_node,
    principals_named,
)
from ._model import Edge, Node, TrustModel
from ._reader import read_templates

__all__ = ["build_model"]


def build_model(stacks: list[StackTemplate]) -> TrustModel:
    """Return the trust model of ``stacks`` (see :func:`~._assembly.load_stacks`)."""
    model = TrustModel()
    managed = read_templates(model, stacks)
    if any(not s.account_known for s in stacks):
        model.notes.append(
            f"stacks without an account in their environment are placed in account "
            f"{UNKNOWN_ACCOUNT} (one account for all of them)"
        )
    # Accounts named by stacks.
    for stack in stacks:
        label = f"account {stack.account}" if stack.account_known else "this account"
        model.add(Node(f"arn:aws:iam::{stack.account}:root", "account", label, stack.account))
    roles = model.roles()
    # Principals each role's trust names, plus every user and role of the model.
    internal = [n for n in model.nodes.values() if n.kind in ("user", "role", "group")]
    for role in roles:
        if role.details.get("outside_model"):
            continue
        candidates: dict[str, Node] = {n.id: n for n in internal if n.id != role.id}
        for kind, value in principals_named(role.trust):
            node = external_node(model, kind, value)
            if node is None:
                model.notes.append(f"{role.label}: trust principal {value!r} is not understood")
                continue
            candidates.setdefault(node.id, node)
        for candidate in sorted(candidates.values(), key=lambda n: n.id):
            if candidate.kind == "account":
                edge = account_edge(role, candidate)
            elif candidate.kind == "anyone":
                edge = anyone_edge(role)
            else:
                edge = edge_for(model, candidate, role, managed)
            if edge is not None:
                model.edges.append(edge)
    _drop_redundant_group_gaps(model)
    for node in list(model.nodes.values()):
        if node.kind == "user":
            for group in node.groups:
                if group in model.nodes:
                    model.edges.append(Edge(node.id, group, "member"))
            broker_edge(model, node, managed)
        if node.kind == "instance-profile":
            for role in node.details.get("roles", []):
                if role in model.nodes:
                    model.edges.append(Edge(node.id, role, "contains"))
    used = {e.source for e in model.edges} | {e.target for e in model.edges}
    for node_id in [i for i, n in model.nodes.items() if n.kind == "account" and i not in used]:
        del model.nodes[node_id]
    return model


def _drop_redundant_group_gaps(model: TrustModel) -> None:
    """Drop a group's "trust missing" edge to a role its members in the model do reach.

    A group's grant that serves the users the trust names is not a gap: the trust names
    the members, not the group.
    """
    usable = {(e.source, e.target) for e in model.edges if e.kind == "assume" and e.usable}
    members: dict[str, list[str]] = {}
    for node in model.nodes.values():
        for group in node.groups:
            members.setdefault(group, []).append(node.id)

    def redundant(edge: Edge) -> bool:
        if edge.missing != "trust" or model.nodes[edge.source].kind != "group":
            return False
        return any((member, edge.target) in usable for member in members.get(edge.source, []))

    model.edges[:] = [e for e in model.edges if not redundant(e)]
