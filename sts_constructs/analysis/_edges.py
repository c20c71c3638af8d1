"""Edges of the trust model: may this principal assume this role, asked of the evaluator.

For each role, the principals its trust names and every identity of the model are asked
in symbolic mode (conditions left open come back on the edge). When access is not
possible, the edge says which half is missing: the trust (the principal's policies grant
this role but the trust does not let it in) or the grant (the trust lets it in but its
policies do not allow the call). Brokers get an edge to the federated users they can make.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..evaluator import Principal, Request, evaluate_symbolic, statements_of
from ..validation import (
    CHAINED_SESSION_MAX_SECONDS,
    FEDERATION_TOKEN_MAX_SECONDS,
    MIN_SESSION_DURATION_SECONDS,
)
from ._model import Edge, Node, NodeKind, TrustModel
from ._reader import as_list

__all__: list[str] = []  # Helpers of the package only: imported by name.

_EVERYTHING = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def _resolve_managed(policies: Iterable[Any], managed: Mapping[str, Any]) -> list[Any]:
    return [managed.get(p, p) if isinstance(p, str) else p for p in policies]


def _identity_of(model: TrustModel, node: Node, managed: Mapping[str, Any]) -> list[Any]:
    policies = list(node.identity)
    for group in node.groups:
        if group in model.nodes:
            policies.extend(model.nodes[group].identity)
    return _resolve_managed(policies, managed)


def _caller(node: Node) -> Principal:
    if node.kind == "role":
        session = f"arn:aws:sts::{node.account}:assumed-role/{node.name}/session"
        return Principal(session, "AssumedRole", node.account, role_arn=node.id)
    if node.kind == "user":
        return Principal(node.id, "User", node.account)
    if node.kind == "group":
        # Any member of the group: a user of its account (its identity keys stay open).
        member = f"arn:aws:iam::{node.account}:user/member-of-{node.name}"
        return Principal(member, "User", node.account)
    if node.kind == "service":
        return Principal(node.id, "Service")
    if node.kind == "oidc-provider":
        return Principal(node.id, "WebIdentity", node.account)
    if node.kind == "saml-provider":
        return Principal(node.id, "SAML", node.account)
    return Principal(node.id, "Anonymous")


def _action_for(node: Node) -> str:
    if node.kind == "oidc-provider":
        return "sts:AssumeRoleWithWebIdentity"
    if node.kind == "saml-provider":
        return "sts:AssumeRoleWithSAML"
    return "sts:AssumeRole"


def principals_named(trust: Any) -> Iterable[tuple[str, str]]:
    """Yield ``(kind, value)`` of each principal an ``Allow`` statement of ``trust`` names."""
    if not isinstance(trust, Mapping):
        return
    for statement in statements_of(trust):
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        if principal == "*":
            yield "AWS", "*"
        elif isinstance(principal, Mapping):
            for kind, values in principal.items():
                for value in as_list(values):
                    if isinstance(value, str):
                        yield str(kind), value
        if "NotPrincipal" in statement:
            yield "AWS", "*"


def external_node(model: TrustModel, kind: str, value: str) -> Node | None:
    """Return the node of a trust principal (added when new), ``None`` when not understood."""
    if value in model.nodes:
        return model.nodes[value]
    if kind == "AWS":
        if value == "*":
            return model.add(Node("*", "anyone", "anyone (any AWS principal)"))
        account = value if len(value) == 12 and value.isdigit() else None
        if value.startswith("arn:") and value.endswith(":root"):
            account = value.split(":")[4]
        if account is not None:
            return model.add(
                Node(f"arn:aws:iam::{account}:root", "account", f"account {account}", account)
            )
        if value.startswith("arn:"):
            parts = value.split(":", 5)
            resource = parts[5] if len(parts) == 6 else value
            kind_name = resource.split("/", 1)[0]
            node_kind: NodeKind = "role" if kind_name == "role" else "user"
            return model.add(
                Node(
                    value,
                    node_kind,
                    value,
                    parts[4] if len(parts) == 6 else None,
                    details={"outside_model": True},
                )
            )
        return None
    if kind == "Service":
        return model.add(Node(value, "service", value))
    if kind == "Federated":
        node_kind = "saml-provider" if ":saml-provider/" in value else "oidc-provider"
        label = value.split(":oidc-provider/", 1)[-1] if ":oidc-provider/" in value else value
        return model.add(Node(value, node_kind, label, details={"outside_model": True}))
    return None


# Keys that name one identity: open for "any member of this group" or a path-less ARN.
_IDENTITY_KEYS = frozenset({"aws:PrincipalArn", "aws:username", "aws:userid"})


def _unknown_keys(principal: Node) -> frozenset[str]:
    if principal.kind == "group":
        return _IDENTITY_KEYS | {"aws:PrincipalType"}
    if principal.details.get("path_unknown"):
        return frozenset({"aws:PrincipalArn"})
    return frozenset()


def edge_for(
    model: TrustModel, principal: Node, role: Node, managed: Mapping[str, Any]
) -> Edge | None:
    """Return the edge from ``principal`` to ``role``: usable, a half missing, or none."""
    action = _action_for(principal)
    caller = _caller(principal)
    has_identity = principal.kind in ("user", "role", "group")
    identity = _identity_of(model, principal, managed) if has_identity else None
    boundary = _resolve_managed([principal.boundary], managed)[0] if principal.boundary else None
    hidden = _unknown_keys(principal)

    def request(resource_account: str | None, **extra: Any) -> Request:
        return Request(
            action,
            role.id,
            caller,
            {},
            resource_account=resource_account,
            partial=True,
            unknown_keys=hidden,
            **extra,
        )

    access = evaluate_symbolic(
        request(role.account), resource=role.trust, identity=identity, boundary=boundary
    )
    maximum = role.max_session_seconds or MIN_SESSION_DURATION_SECONDS
    if principal.kind == "role":
        maximum = min(maximum, CHAINED_SESSION_MAX_SECONDS)
    if access.possible and access.alternatives:
        conditions = access.alternatives[0].conditions
        delegated = any(_names_account(role.trust, principal))
        return Edge(principal.id, role.id, "assume", action, conditions, None, delegated, maximum)
    if access.unless and not access.possible:
        return None  # Explicitly denied.
    # Which half is there? The trust alone: as if across accounts, with every grant.
    other = "000000000001" if principal.account == "000000000000" else "000000000000"
    trust_only = evaluate_symbolic(request(other), resource=role.trust, identity=_EVERYTHING)
    if trust_only.possible and trust_only.alternatives and has_identity:
        conditions = trust_only.alternatives[0].conditions
        return Edge(principal.id, role.id, "assume", action, conditions, "grant", True, maximum)
    if has_identity and _grants_this_role(principal, role, caller, identity, boundary, hidden):
        return Edge(principal.id, role.id, "assume", action, (), "trust", False, maximum)
    return None


def _grants_this_role(
    principal: Node,
    role: Node,
    caller: Principal,
    identity: Any,
    boundary: Any,
    hidden: frozenset[str],
) -> bool:
    """Return whether the principal's policies allow assuming this role in particular.

    A grant of ``sts:AssumeRole`` on every role (an administrator's policy) is not an
    intention to assume this one, so it draws no "trust missing" edge.
    """

    def allowed(role_arn: str) -> bool:
        probe = Request(
            "sts:AssumeRole",
            role_arn,
            caller,
            {},
            resource_account=principal.account,
            trust_policy=False,
            partial=True,
            unknown_keys=hidden,
        )
        return evaluate_symbolic(probe, identity=identity, boundary=boundary).possible

    elsewhere = f"arn:aws:iam::{role.account}:role/sts-constructs-probe/not-this-role"
    return allowed(role.id) and not allowed(elsewhere)


def _names_account(trust: Any, principal: Node) -> Iterable[bool]:
    for kind, value in principals_named(trust):
        if kind != "AWS" or principal.account is None:
            continue
        if value == principal.account or value == f"arn:aws:iam::{principal.account}:root":
            yield True


def account_edge(role: Node, account: Node) -> Edge | None:
    """Any identity of ``account`` whose own policies allow it (which we cannot see)."""
    if account.account == role.account:
        return None  # Identities of the role's own account in the model have their own edges.
    caller = Principal(f"arn:aws:iam::{account.account}:user/any-identity", "User", account.account)
    return _trust_edge(account.id, role, caller, _IDENTITY_KEYS | {"aws:PrincipalType"})


def anyone_edge(role: Node) -> Edge | None:
    """Any AWS principal at all, of any account (a trust that names ``*``)."""
    caller = Principal("arn:aws:iam::999999999998:user/anyone", "User", "999999999998")
    return _trust_edge("*", role, caller, frozenset())


def _trust_edge(
    source: str, role: Node, caller: Principal, unknown_keys: frozenset[str]
) -> Edge | None:
    """Return the edge the trust alone allows ``caller`` (its own policies granting all)."""
    request = Request(
        "sts:AssumeRole",
        role.id,
        caller,
        {},
        resource_account=role.account,
        partial=True,
        unknown_keys=unknown_keys,
    )
    access = evaluate_symbolic(request, resource=role.trust, identity=_EVERYTHING)
    if not access.possible or not access.alternatives:
        return None
    maximum = role.max_session_seconds or MIN_SESSION_DURATION_SECONDS
    conditions = access.alternatives[0].conditions
    return Edge(source, role.id, "assume", "sts:AssumeRole", conditions, None, True, maximum)


def _federated_user_patterns(policies: list[Any], account: str | None) -> list[str]:
    """Return the federated-user ARNs the policies name for sts:GetFederationToken."""
    found = [f"arn:aws:sts::{account}:federated-user/*"]
    for document in policies:
        if not isinstance(document, Mapping):
            continue
        for statement in statements_of(document):
            resources = statement.get("Resource")
            for resource in resources if isinstance(resources, list) else [resources]:
                if isinstance(resource, str) and ":federated-user/" in resource:
                    found.append(resource)
    return list(dict.fromkeys(found))


def broker_edge(model: TrustModel, user: Node, managed: Mapping[str, Any]) -> None:
    """A user whose policies allow sts:GetFederationToken brokers federated users."""
    identity = _identity_of(model, user, managed)
    for pattern in _federated_user_patterns(identity, user.account):
        # One federated user the pattern covers: its wildcards stand for any character.
        sample = pattern.replace("*", "x").replace("?", "x")
        request = Request("sts:GetFederationToken", sample, _caller(user), {}, partial=True)
        access = evaluate_symbolic(request, identity=identity)
        if access.possible and access.alternatives:
            break
    else:
        return
    node = model.add(
        Node(
            f"{pattern}@{user.name}",
            "federated-user",
            f"federated users {pattern.rsplit('/', 1)[-1]} of {user.label}",
            user.account,
        )
    )
    model.edges.append(
        Edge(
            user.id,
            node.id,
            "assume",
            "sts:GetFederationToken",
            access.alternatives[0].conditions,
            None,
            False,
            FEDERATION_TOKEN_MAX_SECONDS,
        )
    )
