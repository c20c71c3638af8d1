"""What a rule sees: one resource, the template around it, and helpers to read IAM from both."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from ._limits import Limits
from ._policy import Statement, as_list, flatten, is_intrinsic, parse_statements

__all__ = ["FederatedPrincipal", "ResourceContext", "TemplateContext"]

# Resource types that hold an identity policy, and where it sits.
INLINE_POLICY_HOLDERS = ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group")
POLICY_RESOURCES = (
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::RolePolicy",
    "AWS::IAM::UserPolicy",
    "AWS::IAM::GroupPolicy",
)
_OIDC_PROVIDER_TYPES = ("AWS::IAM::OIDCProvider", "Custom::AWSCDKOpenIdConnectProvider")
_SAML_PROVIDER_TYPES = ("AWS::IAM::SAMLProvider",)
_WEB_IDENTITY_PROVIDERS = ("accounts.google.com", "graph.facebook.com", "www.amazon.com")
COGNITO = "cognito-identity.amazonaws.com"


@dataclass(frozen=True)
class FederatedPrincipal:
    """Describe a ``Federated`` principal: an OIDC issuer, Cognito, SAML, or unknown.

    ``issuer`` is the OIDC issuer without ``https://`` (the prefix of its condition keys,
    e.g. ``token.actions.githubusercontent.com``), ``None`` when not known at synth time.
    """

    kind: Literal["oidc", "cognito", "saml", "unknown"]
    issuer: str | None
    display: str


@dataclass(frozen=True, kw_only=True)
class TemplateContext:
    """Describe one template under check, with indexes shared by all rules.

    ``account_id`` is the stack's own account when known (a 12-digit string), used to tell
    outside accounts from the stack's own; ``size_bytes`` is the template file's size.
    """

    name: str
    template: Mapping[str, Any]
    limits: Limits
    account_id: str | None = None
    size_bytes: int | None = None

    @cached_property
    def resources(self) -> dict[str, dict[str, Any]]:
        """Return the resources that are well-formed mappings, by logical ID."""
        raw = self.template.get("Resources")
        if not isinstance(raw, dict):
            return {}
        return {str(k): v for k, v in raw.items() if isinstance(v, dict)}

    @cached_property
    def template_bytes(self) -> int:
        """Return the size of the template as deployed (the file, or CDK-style JSON)."""
        if self.size_bytes is not None:
            return self.size_bytes
        return len(json.dumps(self.template, indent=1, default=str).encode())

    @cached_property
    def attached_policies(self) -> Mapping[str, list[tuple[str, Any]]]:
        """Return, per role/user/group logical ID, the inline policy documents it receives.

        Both its own ``Policies`` and separate ``AWS::IAM::Policy`` (or ``RolePolicy`` ...)
        resources that name it through ``Ref`` or its literal name count; each entry is
        ``(where, document)``.
        """
        attached: dict[str, list[tuple[str, Any]]] = defaultdict(list)
        names = self._principal_names
        for logical_id, resource in self.resources.items():
            kind = resource.get("Type")
            props = _properties(resource)
            if kind in INLINE_POLICY_HOLDERS:
                for policy in as_list(props.get("Policies")):
                    if isinstance(policy, dict):
                        name = flatten(policy.get("PolicyName"))
                        attached[logical_id].append(
                            (f"Policies[{name}]", policy.get("PolicyDocument"))
                        )
            elif kind in POLICY_RESOURCES and kind != "AWS::IAM::ManagedPolicy":
                document = props.get("PolicyDocument")
                for key in ("Roles", "Users", "Groups", "RoleName", "UserName", "GroupName"):
                    for target in as_list(props.get(key)):
                        target_id = self._resolve_principal(target, names)
                        if target_id is not None:
                            attached[target_id].append((logical_id, document))
        return attached

    @cached_property
    def attached_managed_policies(self) -> Mapping[str, list[str]]:
        """Return, per role/user/group logical ID, the managed policies attached to it."""
        attached: dict[str, list[str]] = defaultdict(list)
        names = self._principal_names
        for logical_id, resource in self.resources.items():
            kind = resource.get("Type")
            props = _properties(resource)
            if kind in INLINE_POLICY_HOLDERS:
                for arn in as_list(props.get("ManagedPolicyArns")):
                    attached[logical_id].append(flatten(arn))
            elif kind == "AWS::IAM::ManagedPolicy":
                for key in ("Roles", "Users", "Groups"):
                    for target in as_list(props.get(key)):
                        target_id = self._resolve_principal(target, names)
                        if target_id is not None:
                            attached[target_id].append(logical_id)
        return attached

    @cached_property
    def _principal_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for logical_id, resource in self.resources.items():
            kind = resource.get("Type")
            if kind in INLINE_POLICY_HOLDERS:
                name_key = kind.rsplit("::", 1)[1] + "Name"
                name = _properties(resource).get(name_key)
                if isinstance(name, str):
                    names[name.lower()] = logical_id
        return names

    def _resolve_principal(self, target: Any, names: Mapping[str, str]) -> str | None:
        if isinstance(target, dict) and is_intrinsic(target) and "Ref" in target:
            ref = target["Ref"]
            return ref if isinstance(ref, str) and ref in self.resources else None
        if isinstance(target, str):
            return names.get(target.lower())
        return None

    def federated_principal(self, value: Any) -> FederatedPrincipal:
        """Return what the ``Federated`` principal ``value`` is: OIDC, Cognito, SAML, unknown."""
        target = _referenced_resource(value)
        if target is not None and target in self.resources:
            resource = self.resources[target]
            kind = resource.get("Type")
            if kind in _OIDC_PROVIDER_TYPES:
                url = _properties(resource).get("Url")
                issuer = _issuer_from_url(url) if isinstance(url, str) else None
                return FederatedPrincipal("oidc", issuer, issuer or target)
            if kind in _SAML_PROVIDER_TYPES:
                return FederatedPrincipal("saml", None, target)
        text = flatten(value)
        if text == COGNITO:
            return FederatedPrincipal("cognito", COGNITO, COGNITO)
        if ":saml-provider/" in text:
            return FederatedPrincipal("saml", None, text)
        if ":oidc-provider/" in text:
            issuer = text.split(":oidc-provider/", 1)[1]
            if "${?}" in issuer:
                return FederatedPrincipal("oidc", None, text)
            return FederatedPrincipal("oidc", _issuer_from_url(issuer), issuer)
        if text in _WEB_IDENTITY_PROVIDERS:
            return FederatedPrincipal("oidc", text, text)
        return FederatedPrincipal("unknown", None, text)


def _properties(resource: Mapping[str, Any]) -> Mapping[str, Any]:
    props = resource.get("Properties")
    return props if isinstance(props, dict) and not is_intrinsic(props) else {}


def _referenced_resource(value: Any) -> str | None:
    if not is_intrinsic(value):
        return None
    ((function, argument),) = value.items()
    if function == "Ref" and isinstance(argument, str):
        return argument
    if function == "Fn::GetAtt":
        if isinstance(argument, list) and argument and isinstance(argument[0], str):
            return argument[0]
        if isinstance(argument, str):
            return argument.split(".", 1)[0]
    return None


def _issuer_from_url(url: str) -> str:
    issuer = url.strip()
    for scheme in ("https://", "http://"):
        if issuer.lower().startswith(scheme):
            issuer = issuer[len(scheme) :]
    return issuer.rstrip("/").lower()


@dataclass(frozen=True, kw_only=True)
class ResourceContext:
    """Describe the resource a rule checks: its logical ID, type, properties and template."""

    logical_id: str
    type: str
    resource: Mapping[str, Any]
    template: TemplateContext

    @cached_property
    def properties(self) -> Mapping[str, Any]:
        """Return the resource's ``Properties`` (empty when missing or not a mapping)."""
        return _properties(self.resource)

    @cached_property
    def trust_statements(self) -> list[Statement]:
        """Return the statements of a role's ``AssumeRolePolicyDocument``."""
        return parse_statements(self.properties.get("AssumeRolePolicyDocument"))

    @cached_property
    def identity_policies(self) -> list[tuple[str, Any]]:
        """Return ``(where, document)`` for each identity policy this resource defines."""
        if self.type in POLICY_RESOURCES:
            return [("PolicyDocument", self.properties.get("PolicyDocument"))]
        found: list[tuple[str, Any]] = []
        for policy in as_list(self.properties.get("Policies")):
            if isinstance(policy, dict):
                name = flatten(policy.get("PolicyName"))
                found.append((f"Policies[{name}]", policy.get("PolicyDocument")))
        return found
