"""The trust model: who may assume which role, built from templates with the evaluator.

Nodes are accounts, users, groups, roles, instance profiles, services, OIDC and SAML
providers, federated users of brokers and "anyone". An ``assume`` edge says a principal
may call an STS action on a role, with every condition left on it, and which half
(``trust`` or ``grant``) is missing when one is. ``member`` edges join users to groups and
``contains`` edges instance profiles to their role.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..evaluator import (
    ConditionTerm,
    Principal,
    Request,
    evaluate_symbolic,
    statements_of,
)
from ..template import Text, Unknown
from ..template import resolve as resolve_value
from ..validation import (
    CHAINED_SESSION_MAX_SECONDS,
    FEDERATION_TOKEN_MAX_SECONDS,
    MIN_SESSION_DURATION_SECONDS,
)
from ._assembly import UNKNOWN_ACCOUNT, StackTemplate

__all__ = ["Edge", "Node", "NodeKind", "TrustModel", "build_model"]

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
_EVERYTHING = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


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
                names.add(_short_path(node.path).lower())
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


# --- Reading templates ----------------------------------------------------------------------


@dataclass
class _Stack:
    stack: StackTemplate
    resources: Mapping[str, Any]
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # logical ID -> attr -> value

    def plain(self, value: Any) -> Any:
        """Return ``value`` resolved to plain JSON, resource references as ARNs or names."""
        resolved = resolve_value(value, account_id=self.stack.account, resources=self.resources)
        return self._plain(resolved)

    def _plain(self, value: Any) -> Any:
        if isinstance(value, Unknown):
            return self._unknown(value)
        if isinstance(value, Text):
            return "".join(p if isinstance(p, str) else self._unknown(p) for p in value.parts)
        if isinstance(value, list):
            return [self._plain(v) for v in value]
        if isinstance(value, dict):
            return {k: self._plain(v) for k, v in value.items()}
        return value

    def _unknown(self, value: Unknown) -> str:
        if value.own_account:
            return self.stack.account
        if value.logical_id and value.logical_id in self.names:
            attribute = "Ref"
            if value.source.startswith("Fn::GetAtt"):
                attribute = value.source.rsplit(".", 1)[-1]
            known = self.names[value.logical_id]
            if attribute in known:
                return known[attribute]
        # Never a value that could match: an unknown ARN is not a wildcard.
        return f"<unknown {value.source}>"


def _properties(resource: Any) -> Mapping[str, Any]:
    props = resource.get("Properties") if isinstance(resource, Mapping) else None
    return props if isinstance(props, Mapping) else {}


def _name_of(
    stack: _Stack, props: Mapping[str, Any], key: str, logical_id: str
) -> tuple[str, bool]:
    raw = props.get(key)
    if raw is not None:
        value = stack.plain(raw)
        if isinstance(value, str) and "<unknown" not in value:
            return value, True
    return logical_id, False


def _iam_path(stack: _Stack, props: Mapping[str, Any]) -> str:
    value = stack.plain(props.get("Path", "/"))
    return value if isinstance(value, str) and value.startswith("/") else "/"


_NAMED = {
    "AWS::IAM::Role": ("RoleName", "role"),
    "AWS::IAM::User": ("UserName", "user"),
    "AWS::IAM::Group": ("GroupName", "group"),
    "AWS::IAM::InstanceProfile": ("InstanceProfileName", "instance-profile"),
}


def _register_names(stack: _Stack) -> None:
    account = stack.stack.account
    for logical_id, resource in stack.resources.items():
        if not isinstance(resource, Mapping):
            continue
        kind = resource.get("Type")
        props = _properties(resource)
        if kind in _NAMED:
            key, arn_kind = _NAMED[str(kind)]
            name, _ = _name_of(stack, props, key, logical_id)
            path = _iam_path(stack, props)
            arn = f"arn:aws:iam::{account}:{arn_kind}{path}{name}"
            stack.names[logical_id] = {"Ref": name, "Arn": arn}
        elif kind in ("AWS::IAM::OIDCProvider", "Custom::AWSCDKOpenIdConnectProvider"):
            url = stack.plain(props.get("Url", ""))
            host = str(url).removeprefix("https://") if isinstance(url, str) else logical_id
            arn = f"arn:aws:iam::{account}:oidc-provider/{host}"
            stack.names[logical_id] = {"Ref": arn, "Arn": arn}
        elif kind == "AWS::IAM::SAMLProvider":
            name, _ = _name_of(stack, props, "Name", logical_id)
            arn = f"arn:aws:iam::{account}:saml-provider/{name}"
            stack.names[logical_id] = {"Ref": arn, "Arn": arn}
        elif kind == "AWS::IAM::ManagedPolicy":
            name, _ = _name_of(stack, props, "ManagedPolicyName", logical_id)
            arn = f"arn:aws:iam::{account}:policy{_iam_path(stack, props)}{name}"
            stack.names[logical_id] = {"Ref": arn, "Arn": arn}
        elif kind == "AWS::S3::Bucket":
            name, _ = _name_of(stack, props, "BucketName", logical_id)
            stack.names[logical_id] = {"Ref": name, "Arn": f"arn:aws:s3:::{name}"}


def _short_path(path: str) -> str:
    """Return a construct path without its trailing ``/Resource`` parts."""
    while path.endswith("/Resource"):
        path = path.removesuffix("/Resource")
    return path


def _label(stack: _Stack, logical_id: str, name: str, named: bool) -> tuple[str, str | None]:
    path = stack.stack.paths.get(logical_id)
    if named:
        return name, path
    if path:
        return _short_path(path), path
    return f"{stack.stack.name}/{logical_id}", path


def _read_stack(model: TrustModel, stack: _Stack, managed: dict[str, Any]) -> None:
    account = stack.stack.account
    for logical_id, resource in stack.resources.items():
        if not isinstance(resource, Mapping):
            continue
        kind = resource.get("Type")
        props = _properties(resource)
        names = stack.names.get(logical_id, {})
        if kind == "AWS::IAM::Role":
            name, named = _name_of(stack, props, "RoleName", logical_id)
            label, path = _label(stack, logical_id, name, named)
            maximum = stack.plain(props.get("MaxSessionDuration", MIN_SESSION_DURATION_SECONDS))
            node = model.add(
                Node(
                    names["Arn"],
                    "role",
                    label,
                    account,
                    path,
                    stack.stack.name,
                    name,
                    int(maximum)
                    if isinstance(maximum, int | float | str) and str(maximum).isdigit()
                    else MIN_SESSION_DURATION_SECONDS,
                    trust=stack.plain(props.get("AssumeRolePolicyDocument")) or {},
                )
            )
            _identity_from(stack, node, props)
        elif kind == "AWS::IAM::User":
            name, named = _name_of(stack, props, "UserName", logical_id)
            label, path = _label(stack, logical_id, name, named)
            node = model.add(
                Node(names["Arn"], "user", label, account, path, stack.stack.name, name)
            )
            _identity_from(stack, node, props)
            for group in _list(stack.plain(props.get("Groups"))):
                node.groups.append(f"arn:aws:iam::{account}:group/{group}")
        elif kind == "AWS::IAM::Group":
            name, named = _name_of(stack, props, "GroupName", logical_id)
            label, path = _label(stack, logical_id, name, named)
            node = model.add(
                Node(names["Arn"], "group", label, account, path, stack.stack.name, name)
            )
            _identity_from(stack, node, props)
        elif kind == "AWS::IAM::InstanceProfile":
            name, named = _name_of(stack, props, "InstanceProfileName", logical_id)
            label, path = _label(stack, logical_id, name, named)
            node = model.add(
                Node(names["Arn"], "instance-profile", label, account, path, stack.stack.name, name)
            )
            for role in _list(stack.plain(props.get("Roles"))):
                node.details.setdefault("roles", []).append(f"arn:aws:iam::{account}:role/{role}")
        elif kind in ("AWS::IAM::OIDCProvider", "Custom::AWSCDKOpenIdConnectProvider"):
            arn = names["Ref"]
            label, path = _label(stack, logical_id, arn.split(":oidc-provider/", 1)[-1], True)
            node = model.add(Node(arn, "oidc-provider", label, account, path, stack.stack.name))
            node.details["client_ids"] = _list(stack.plain(props.get("ClientIdList")))
        elif kind == "AWS::IAM::SAMLProvider":
            arn = names["Ref"]
            label, path = _label(stack, logical_id, arn.rsplit("/", 1)[-1], True)
            model.add(Node(arn, "saml-provider", label, account, path, stack.stack.name))
        elif kind == "AWS::IAM::ManagedPolicy":
            managed[names["Arn"]] = stack.plain(props.get("PolicyDocument"))
    # Policies attached from outside the principal's resource.
    for resource in stack.resources.values():
        if not isinstance(resource, Mapping):
            continue
        kind = resource.get("Type")
        props = _properties(resource)
        if kind == "AWS::IAM::Policy" or kind == "AWS::IAM::ManagedPolicy":
            document = stack.plain(props.get("PolicyDocument"))
            _attach(model, stack, props, document)


def _attach(model: TrustModel, stack: _Stack, props: Mapping[str, Any], document: Any) -> None:
    account = stack.stack.account
    for key, kind in (("Roles", "role"), ("Users", "user"), ("Groups", "group")):
        for name in _list(stack.plain(props.get(key))):
            if not isinstance(name, str) or "<unknown" in name:
                continue
            found = [
                node
                for node in model.nodes.values()
                if node.kind == kind and node.account == account and node.name == name
            ]
            if not found:
                # A principal that exists outside these templates, named by name: its ARN's
                # path is not known, so aws:PrincipalArn stays an open condition.
                node = model.add(
                    Node(
                        f"arn:aws:iam::{account}:{kind}/{name}",
                        kind,  # type: ignore[arg-type]
                        name,
                        account,
                        stack=stack.stack.name,
                        name=name,
                        details={"outside_model": True, "path_unknown": True},
                    )
                )
                found = [node]
            for node in found:
                node.identity.append(document)


def _identity_from(stack: _Stack, node: Node, props: Mapping[str, Any]) -> None:
    for policy in _list(stack.plain(props.get("Policies"))):
        if isinstance(policy, Mapping) and isinstance(policy.get("PolicyDocument"), Mapping):
            node.identity.append(policy["PolicyDocument"])
    for arn in _list(stack.plain(props.get("ManagedPolicyArns"))):
        if isinstance(arn, str):
            node.identity.append(arn)
    boundary = stack.plain(props.get("PermissionsBoundary"))
    if isinstance(boundary, str):
        node.boundary = boundary


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# --- Edges ----------------------------------------------------------------------------------


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


def _principals_named(trust: Any) -> Iterable[tuple[str, str]]:
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
                for value in _list(values):
                    if isinstance(value, str):
                        yield str(kind), value
        if "NotPrincipal" in statement:
            yield "AWS", "*"


def _external_node(model: TrustModel, kind: str, value: str) -> Node | None:
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


def _edge_for(
    model: TrustModel, principal: Node, role: Node, managed: Mapping[str, Any]
) -> Edge | None:
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
    for kind, value in _principals_named(trust):
        if kind != "AWS" or principal.account is None:
            continue
        if value == principal.account or value == f"arn:aws:iam::{principal.account}:root":
            yield True


def build_model(stacks: list[StackTemplate]) -> TrustModel:
    """Return the trust model of ``stacks`` (see :func:`~._assembly.load_stacks`)."""
    model = TrustModel()
    managed: dict[str, Any] = {}
    readers = []
    for stack in stacks:
        resources = stack.template.get("Resources")
        reader = _Stack(stack, resources if isinstance(resources, Mapping) else {})
        _register_names(reader)
        readers.append(reader)
    for reader in readers:
        _read_stack(model, reader, managed)
        for logical_id, resource in reader.resources.items():
            if isinstance(resource, Mapping) and resource.get("Type") == "AWS::S3::Bucket":
                path = reader.stack.paths.get(logical_id, logical_id)
                model.labels[reader.names[logical_id]["Arn"]] = f"bucket {_short_path(path)}"
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
        for kind, value in _principals_named(role.trust):
            node = _external_node(model, kind, value)
            if node is None:
                model.notes.append(f"{role.label}: trust principal {value!r} is not understood")
                continue
            candidates.setdefault(node.id, node)
        for candidate in sorted(candidates.values(), key=lambda n: n.id):
            if candidate.kind == "account":
                edge = _account_edge(role, candidate)
            elif candidate.kind == "anyone":
                edge = _anyone_edge(role)
            else:
                edge = _edge_for(model, candidate, role, managed)
            if edge is not None:
                model.edges.append(edge)
    _drop_redundant_group_gaps(model)
    for node in list(model.nodes.values()):
        if node.kind == "user":
            for group in node.groups:
                if group in model.nodes:
                    model.edges.append(Edge(node.id, group, "member"))
            _broker_edge(model, node, managed)
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


def _account_edge(role: Node, account: Node) -> Edge | None:
    """Any identity of ``account`` whose own policies allow it (which we cannot see)."""
    caller = Principal(f"arn:aws:iam::{account.account}:user/any-identity", "User", account.account)
    request = Request(
        "sts:AssumeRole",
        role.id,
        caller,
        {},
        resource_account=role.account,
        partial=True,
        unknown_keys=_IDENTITY_KEYS | {"aws:PrincipalType"},
    )
    access = evaluate_symbolic(request, resource=role.trust, identity=_EVERYTHING)
    if not access.possible or not access.alternatives:
        return None
    if account.account == role.account:
        return None  # Identities of the role's own account in the model have their own edges.
    maximum = role.max_session_seconds or MIN_SESSION_DURATION_SECONDS
    return Edge(
        account.id,
        role.id,
        "assume",
        "sts:AssumeRole",
        access.alternatives[0].conditions,
        None,
        True,
        maximum,
    )


def _anyone_edge(role: Node) -> Edge | None:
    caller = Principal("arn:aws:iam::999999999998:user/anyone", "User", "999999999998")
    request = Request(
        "sts:AssumeRole", role.id, caller, {}, resource_account=role.account, partial=True
    )
    access = evaluate_symbolic(request, resource=role.trust, identity=_EVERYTHING)
    if not access.possible or not access.alternatives:
        return None
    maximum = role.max_session_seconds or MIN_SESSION_DURATION_SECONDS
    return Edge(
        "*",
        role.id,
        "assume",
        "sts:AssumeRole",
        access.alternatives[0].conditions,
        None,
        True,
        maximum,
    )


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


def _broker_edge(model: TrustModel, user: Node, managed: Mapping[str, Any]) -> None:
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
