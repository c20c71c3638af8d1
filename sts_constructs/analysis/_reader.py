"""Read templates into the trust model's nodes: names, ARNs, trust and identity policies.

Each stack's IAM resources become nodes (roles with their trust policy and session length,
users with their groups, groups, instance profiles with their roles, OIDC and SAML
providers); inline, managed and attached policies become the identity policies of the
principals they name. Values are resolved through :mod:`sts_constructs.template`; a value
no template gives stays an ``<unknown ...>`` text that matches nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..template import Text, Unknown
from ..template import resolve as resolve_value
from ..validation import MIN_SESSION_DURATION_SECONDS
from ._assembly import StackTemplate
from ._model import Node, NodeKind, TrustModel, short_path

__all__: list[str] = []  # Helpers of the package only: imported by name.

_OIDC_PROVIDERS = ("AWS::IAM::OIDCProvider", "Custom::AWSCDKOpenIdConnectProvider")
# Resource types whose name is a property: the property, and the kind in their ARN and node.
_NAMED: Mapping[str, tuple[str, NodeKind]] = {
    "AWS::IAM::Role": ("RoleName", "role"),
    "AWS::IAM::User": ("UserName", "user"),
    "AWS::IAM::Group": ("GroupName", "group"),
    "AWS::IAM::InstanceProfile": ("InstanceProfileName", "instance-profile"),
}


@dataclass
class _Stack:
    stack: StackTemplate
    resources: Mapping[str, Any]
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # logical ID -> attr -> value

    def each(self) -> Iterator[tuple[str, Any, Mapping[str, Any]]]:
        """Yield each resource's logical ID, type and properties (malformed ones skipped)."""
        for logical_id, resource in self.resources.items():
            if not isinstance(resource, Mapping):
                continue
            props = resource.get("Properties")
            yield logical_id, resource.get("Type"), props if isinstance(props, Mapping) else {}

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


def read_templates(model: TrustModel, stacks: list[StackTemplate]) -> dict[str, Any]:
    """Add the nodes of ``stacks`` to ``model``; return the customer managed policies by ARN.

    Every stack's names are known before any is read, so one stack's reference to another's
    resource resolves; S3 buckets get labels (``model.labels``) for ``explain``.
    """
    managed: dict[str, Any] = {}
    readers = []
    for stack in stacks:
        resources = stack.template.get("Resources")
        reader = _Stack(stack, resources if isinstance(resources, Mapping) else {})
        _register_names(reader)
        readers.append(reader)
    for reader in readers:
        _read_stack(model, reader, managed)
        for logical_id, kind, _ in reader.each():
            if kind == "AWS::S3::Bucket":
                path = reader.stack.paths.get(logical_id, logical_id)
                model.labels[reader.names[logical_id]["Arn"]] = f"bucket {short_path(path)}"
    return managed


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


def _register_names(stack: _Stack) -> None:
    account = stack.stack.account
    for logical_id, kind, props in stack.each():
        if kind in _NAMED:
            key, arn_kind = _NAMED[str(kind)]
            name, _ = _name_of(stack, props, key, logical_id)
            path = _iam_path(stack, props)
            arn = f"arn:aws:iam::{account}:{arn_kind}{path}{name}"
            stack.names[logical_id] = {"Ref": name, "Arn": arn}
        elif kind in _OIDC_PROVIDERS:
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


def _label(stack: _Stack, logical_id: str, name: str, named: bool) -> tuple[str, str | None]:
    path = stack.stack.paths.get(logical_id)
    if named:
        return name, path
    if path:
        return short_path(path), path
    return f"{stack.stack.name}/{logical_id}", path


def _named_node(
    model: TrustModel, stack: _Stack, logical_id: str, kind: str, props: Mapping[str, Any]
) -> Node:
    """Add the node of a role, user, group or instance profile; return the one kept."""
    key, node_kind = _NAMED[kind]
    name, named = _name_of(stack, props, key, logical_id)
    label, path = _label(stack, logical_id, name, named)
    arn = stack.names[logical_id]["Arn"]
    node = Node(arn, node_kind, label, stack.stack.account, path, stack.stack.name, name)
    if node_kind == "role":
        maximum = stack.plain(props.get("MaxSessionDuration", MIN_SESSION_DURATION_SECONDS))
        node.max_session_seconds = (
            int(maximum)
            if isinstance(maximum, int | float | str) and str(maximum).isdigit()
            else MIN_SESSION_DURATION_SECONDS
        )
        node.trust = stack.plain(props.get("AssumeRolePolicyDocument")) or {}
    return model.add(node)


def _read_stack(model: TrustModel, stack: _Stack, managed: dict[str, Any]) -> None:
    account = stack.stack.account
    for logical_id, kind, props in stack.each():
        names = stack.names.get(logical_id, {})
        if kind in _NAMED:
            node = _named_node(model, stack, logical_id, str(kind), props)
            if node.kind == "instance-profile":
                for role in as_list(stack.plain(props.get("Roles"))):
                    arn = f"arn:aws:iam::{account}:role/{role}"
                    node.details.setdefault("roles", []).append(arn)
                continue
            _identity_from(stack, node, props)
            if node.kind == "user":
                for group in as_list(stack.plain(props.get("Groups"))):
                    node.groups.append(f"arn:aws:iam::{account}:group/{group}")
        elif kind in _OIDC_PROVIDERS:
            arn = names["Ref"]
            label, path = _label(stack, logical_id, arn.split(":oidc-provider/", 1)[-1], True)
            node = model.add(Node(arn, "oidc-provider", label, account, path, stack.stack.name))
            node.details["client_ids"] = as_list(stack.plain(props.get("ClientIdList")))
        elif kind == "AWS::IAM::SAMLProvider":
            arn = names["Ref"]
            label, path = _label(stack, logical_id, arn.rsplit("/", 1)[-1], True)
            model.add(Node(arn, "saml-provider", label, account, path, stack.stack.name))
        elif kind == "AWS::IAM::ManagedPolicy":
            managed[names["Arn"]] = stack.plain(props.get("PolicyDocument"))
    # Policies attached from outside the principal's resource.
    for _, kind, props in stack.each():
        if kind == "AWS::IAM::Policy" or kind == "AWS::IAM::ManagedPolicy":
            document = stack.plain(props.get("PolicyDocument"))
            _attach(model, stack, props, document)


def _attach(model: TrustModel, stack: _Stack, props: Mapping[str, Any], document: Any) -> None:
    account = stack.stack.account
    for key, kind in (("Roles", "role"), ("Users", "user"), ("Groups", "group")):
        for name in as_list(stack.plain(props.get(key))):
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
    for policy in as_list(stack.plain(props.get("Policies"))):
        if isinstance(policy, Mapping) and isinstance(policy.get("PolicyDocument"), Mapping):
            node.identity.append(policy["PolicyDocument"])
    for arn in as_list(stack.plain(props.get("ManagedPolicyArns"))):
        if isinstance(arn, str):
            node.identity.append(arn)
    boundary = stack.plain(props.get("PermissionsBoundary"))
    if isinstance(boundary, str):
        node.boundary = boundary


def as_list(value: Any) -> list[Any]:
    """Return ``value`` as a list: a list as it is, ``None`` as empty, else one item."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
