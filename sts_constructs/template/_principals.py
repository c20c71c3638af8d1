"""Classify the principals of a policy statement: whose account, which identity provider."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from ._intrinsics import OWN_ACCOUNT, UNKNOWN, flatten, is_intrinsic

__all__ = [
    "COGNITO",
    "AccountKind",
    "FederatedPrincipal",
    "classify_federated",
    "issuer_from_url",
    "principal_account",
    "referenced_resource",
]

_ACCOUNT: Final = re.compile(r"^\d{12}$")
_IAM_ARN: Final = re.compile(r"^arn:[^:]*:(?:iam|sts)::([^:]*):")


AccountKind = Literal["any", "own", "unknown"]


def principal_account(value: Any, *, own_account: str | None) -> AccountKind | str:
    """Return the account an ``AWS`` principal belongs to.

    ``"any"`` for ``*``, ``"own"`` for the stack's own account, a 12-digit ID for another
    account, or ``"unknown"`` when the value (or the stack's own account) is only known
    at deploy time.
    """
    text = flatten(value)
    if text == "*":
        return "any"
    if text == OWN_ACCOUNT:
        return "own"
    match = _IAM_ARN.match(text)
    account = match.group(1) if match else text
    if account == OWN_ACCOUNT:
        return "own"
    if not _ACCOUNT.match(account):
        return "unknown"
    if own_account is None or not _ACCOUNT.match(own_account):
        return "unknown"
    return "own" if account == own_account else account


_OIDC_PROVIDER_TYPES: Final = ("AWS::IAM::OIDCProvider", "Custom::AWSCDKOpenIdConnectProvider")
_SAML_PROVIDER_TYPES: Final = ("AWS::IAM::SAMLProvider",)
_WEB_IDENTITY_PROVIDERS: Final = ("accounts.google.com", "graph.facebook.com", "www.amazon.com")
COGNITO: Final = "cognito-identity.amazonaws.com"


@dataclass(frozen=True)
class FederatedPrincipal:
    """Describe a ``Federated`` principal: an OIDC issuer, Cognito, SAML, or unknown.

    ``issuer`` is the OIDC issuer without ``https://`` (the prefix of its condition keys,
    e.g. ``token.actions.githubusercontent.com``), ``None`` when not known at synth time.
    """

    kind: Literal["oidc", "cognito", "saml", "unknown"]
    issuer: str | None
    display: str


def classify_federated(
    value: Any, resources: Mapping[str, Mapping[str, Any]]
) -> FederatedPrincipal:
    """Return what the ``Federated`` principal ``value`` is: OIDC, Cognito, SAML, unknown.

    ``resources`` are the template's resources by logical ID: a ``Ref``/``Fn::GetAtt`` to an
    ``AWS::IAM::OIDCProvider`` (or CDK's custom one) or ``AWS::IAM::SAMLProvider`` is read
    from the provider's own properties.
    """
    target = referenced_resource(value)
    if target is not None and target in resources:
        resource = resources[target]
        kind = resource.get("Type")
        if kind in _OIDC_PROVIDER_TYPES:
            props = resource.get("Properties")
            url = props.get("Url") if isinstance(props, dict) else None
            issuer = issuer_from_url(url) if isinstance(url, str) else None
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
        if UNKNOWN in issuer:
            return FederatedPrincipal("oidc", None, text)
        return FederatedPrincipal("oidc", issuer_from_url(issuer), issuer)
    if text in _WEB_IDENTITY_PROVIDERS:
        return FederatedPrincipal("oidc", text, text)
    return FederatedPrincipal("unknown", None, text)


def referenced_resource(value: Any) -> str | None:
    """Return the logical ID a ``Ref`` or ``Fn::GetAtt`` names, else ``None``."""
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


def issuer_from_url(url: str) -> str:
    """Return an OIDC issuer URL as IAM's condition keys name it: no scheme, no trailing ``/``."""
    issuer = url.strip()
    for scheme in ("https://", "http://"):
        if issuer.lower().startswith(scheme):
            issuer = issuer[len(scheme) :]
    return issuer.rstrip("/").lower()
