"""What a rule sees: one resource, the template around it, and helpers to read IAM from both."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..template import (
    COGNITO,
    FederatedPrincipal,
    PolicyReading,
    Statement,
    as_list,
    classify_federated,
    flatten,
    is_intrinsic,
    read_policy,
)
from ._limits import Limits

__all__ = ["COGNITO", "FederatedPrincipal", "ResourceContext", "TemplateContext"]

# Resource types that hold an identity policy, and where it sits.
INLINE_POLICY_HOLDERS = ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group")
POLICY_RESOURCES = (
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::RolePolicy",
    "AWS::IAM::UserPolicy",
    "AWS::IAM::GroupPolicy",
)


@dataclass(frozen=True, kw_only=True)
class TemplateContext:
    """Describe one template under check, with indexes shared by all rules.

    ``account_id`` is the stack's own account when known (a 12-digit string), used to tell
    outside accounts from the stack's own; ``own_accounts`` are the user's other accounts
    (the other stacks of the cloud assembly, ``--own-account``) and ``organization_ids``
    the user's organizations; ``size_bytes`` is the template file's size.
    ``shared_principals`` are the principals, as ``(kind, lower-case name)``, that other
    templates of the same account also attach inline policies to (or define): their total is
    judged across those templates (``check_assembly``), so STS-LIMIT3 leaves them out here.
    """

    name: str
    template: Mapping[str, Any]
    limits: Limits
    account_id: str | None = None
    size_bytes: int | None = None
    own_accounts: frozenset[str] = frozenset()
    organization_ids: frozenset[str] = frozenset()
    shared_principals: frozenset[tuple[str, str]] = frozenset()

    @property
    def knows_own_accounts(self) -> bool:
        """Return whether any account is known to be the user's (so others are outside)."""
        return bool(self.account_id or self.own_accounts)

    # Readings by the identity of the document object, shared by every rule.
    _readings: dict[int, tuple[Any, PolicyReading]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def read_policy(self, document: Any) -> PolicyReading:
        """Return a policy document of this template as deployed (see ``read_policy``)."""
        cached = self._readings.get(id(document))
        if cached is not None and cached[0] is document:
            return cached[1]
        reading = read_policy(document, account_id=self.account_id, resources=self.resources)
        self._readings[id(document)] = (document, reading)
        return reading

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
        return self._attachments[0]

    @cached_property
    def attached_managed_policies(self) -> Mapping[str, list[str]]:
        """Return, per role/user/group logical ID, the managed policies attached to it."""
        return self._attachments[1]

    @cached_property
    def _attachments(
        self,
    ) -> tuple[dict[str, list[tuple[str, Any]]], dict[str, list[str]]]:
        """Return the inline and the managed policies of each principal, in one walk."""
        inline: dict[str, list[tuple[str, Any]]] = defaultdict(list)
        managed: dict[str, list[str]] = defaultdict(list)
        for logical_id, resource in self.resources.items():
            kind = resource.get("Type")
            props = _properties(resource)
            if kind in INLINE_POLICY_HOLDERS:
                for policy in as_list(props.get("Policies")):
                    if isinstance(policy, dict):
                        name = flatten(policy.get("PolicyName"))
                        inline[logical_id].append(
                            (f"Policies[{name}]", policy.get("PolicyDocument"))
                        )
                managed[logical_id].extend(
                    flatten(arn) for arn in as_list(props.get("ManagedPolicyArns"))
                )
            elif kind == "AWS::IAM::ManagedPolicy":
                for target_id in self._targets(props, "Roles", "Users", "Groups"):
                    managed[target_id].append(logical_id)
            elif kind in POLICY_RESOURCES:
                document = props.get("PolicyDocument")
                for target_id in self._targets(
                    props, "Roles", "Users", "Groups", "RoleName", "UserName", "GroupName"
                ):
                    inline[target_id].append((logical_id, document))
        return inline, managed

    def _targets(self, props: Mapping[str, Any], *keys: str) -> Iterator[str]:
        """Yield the logical IDs of the roles, users and groups that ``keys`` name."""
        names = self._principal_names
        for key in keys:
            for target in as_list(props.get(key)):
                target_id = self._resolve_principal(target, names)
                if target_id is not None:
                    yield target_id

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
        return classify_federated(value, self.resources)


def _properties(resource: Mapping[str, Any]) -> Mapping[str, Any]:
    props = resource.get("Properties")
    return props if isinstance(props, dict) and not is_intrinsic(props) else {}


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
    def trust_reading(self) -> PolicyReading:
        """Return what was read of a role's ``AssumeRolePolicyDocument``, problems included."""
        return self.template.read_policy(self.properties.get("AssumeRolePolicyDocument"))

    @property
    def trust_statements(self) -> tuple[Statement, ...]:
        """Return the statements of a role's ``AssumeRolePolicyDocument``, as deployed."""
        return self.trust_reading.statements

    @cached_property
    def memo(self) -> dict[str, Any]:
        """Return a scratch mapping the rules' shared helpers cache results of this resource in."""
        return {}

    @cached_property
    def identity_readings(self) -> list[tuple[str, PolicyReading]]:
        """Return ``(where, reading)`` for each identity policy this resource defines."""
        return [
            (place, self.template.read_policy(document))
            for place, document in self.identity_policies
        ]

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
