"""Who makes a request: a principal, its type, and the condition keys that describe it.

AWS pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ._context import ContextValue

__all__ = ["Principal", "PrincipalType"]

PrincipalType = Literal[
    "User",
    "AssumedRole",
    "FederatedUser",
    "Root",
    "Service",
    "WebIdentity",
    "SAML",
    "Anonymous",
]

# OIDC issuers STS knows by name (the legacy Federated principals).
_LEGACY_WEB_IDENTITY = frozenset(
    {
        "accounts.google.com",
        "graph.facebook.com",
        "www.amazon.com",
        "cognito-identity.amazonaws.com",
    }
)
_ARN = re.compile(r"arn:([^:]*):(iam|sts)::([^:]*):(.*)", re.DOTALL)

# aws:PrincipalType values: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype
_PRINCIPAL_TYPE_KEY: Mapping[str, str] = {
    "User": "User",
    "AssumedRole": "AssumedRole",
    "FederatedUser": "FederatedUser",
    "Root": "Account",
    "Anonymous": "Anonymous",
}


@dataclass(frozen=True)
class Principal:
    """Describe who makes a request.

    ``arn`` is what ``GetCallerIdentity`` would return: a user ARN, an assumed-role session
    ARN (``arn:aws:sts::111111111111:assumed-role/Name/session``), a federated-user ARN, an
    account's ``:root``; for a service, its principal name (``ec2.amazonaws.com``); for a
    web identity or SAML caller, the provider ARN (or a legacy issuer name such as
    ``accounts.google.com``). ``type`` is inferred from ``arn`` when left out.
    ``role_arn`` is the role of an assumed-role session (default: built from the session
    ARN, without the role's path). ``tags`` are the principal's tags and session tags
    (``aws:PrincipalTag/...``).
    """

    arn: str
    type: PrincipalType | None = None
    account: str | None = None
    role_arn: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        match = _ARN.fullmatch(self.arn)
        if self.type is None:
            object.__setattr__(self, "type", _infer_type(self.arn, match))
        if self.account is None and match is not None:
            object.__setattr__(self, "account", match.group(3) or None)
        if self.role_arn is None and self.type == "AssumedRole" and match is not None:
            resource = match.group(4)
            parts = resource.split("/")
            if parts[0] == "assumed-role" and len(parts) >= 2:
                role = f"arn:{match.group(1)}:iam::{match.group(3)}:role/{parts[1]}"
                object.__setattr__(self, "role_arn", role)
            elif parts[0] == "role":
                object.__setattr__(self, "role_arn", self.arn)

    @property
    def kind(self) -> PrincipalType:
        """Return the principal type (never ``None`` after construction)."""
        assert self.type is not None
        return self.type

    @property
    def has_identity_policies(self) -> bool:
        """Return whether IAM evaluates identity policies for this caller.

        Services, web identity and SAML callers and anonymous callers have none: a
        resource (trust) policy that names them is enough on its own.
        """
        return self.kind in ("User", "AssumedRole", "FederatedUser", "Root")

    @property
    def principal_arn(self) -> str:
        """Return the value of ``aws:PrincipalArn``: the role's ARN for a role session."""
        if self.kind == "AssumedRole" and self.role_arn:
            return self.role_arn
        return self.arn

    def context_keys(self) -> dict[str, ContextValue]:
        """Return the global condition keys that describe this principal."""
        keys: dict[str, ContextValue] = {}
        type_key = _PRINCIPAL_TYPE_KEY.get(self.kind)
        if type_key is not None:
            keys["aws:PrincipalType"] = type_key
            keys["aws:PrincipalArn"] = self.principal_arn
            if self.account:
                keys["aws:PrincipalAccount"] = self.account
        if self.kind == "User":
            keys["aws:username"] = self.arn.rsplit("/", 1)[-1]
        if self.kind == "Service":
            keys["aws:PrincipalIsAWSService"] = True
            keys["aws:PrincipalServiceName"] = self.arn
        elif type_key is not None:
            keys["aws:PrincipalIsAWSService"] = False
        for name, value in self.tags.items():
            keys[f"aws:PrincipalTag/{name}"] = value
        return keys


def _infer_type(arn: str, match: re.Match[str] | None) -> PrincipalType:
    if arn in ("*", "anonymous"):
        return "Anonymous"
    if arn in _LEGACY_WEB_IDENTITY:
        return "WebIdentity"
    if match is None:
        return "Service" if arn.endswith((".amazonaws.com", ".amazonaws.com.cn")) else "User"
    resource = match.group(4)
    if resource == "root":
        return "Root"
    kind = resource.split("/", 1)[0]
    return {
        "user": "User",
        "assumed-role": "AssumedRole",
        "role": "AssumedRole",
        "federated-user": "FederatedUser",
        "oidc-provider": "WebIdentity",
        "saml-provider": "SAML",
    }.get(kind, "User")  # type: ignore[return-value]
