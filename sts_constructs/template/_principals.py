"""Classify the principals of a policy statement: whose account, which identity provider."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from sts_constructs.validation import is_account_id

from ._intrinsics import flatten
from ._values import OWN_ACCOUNT, UNKNOWN, Unknown, is_intrinsic

__all__ = [
    "COGNITO",
    "AccountKind",
    "FederatedPrincipal",
    "classify_federated",
    "issuer_from_url",
    "principal_account",
    "referenced_resource",
]


AccountKind = Literal["any", "own", "unknown"]


def principal_account(
    value: Any, *, own_account: str | None = None, own_accounts: Collection[str] = ()
) -> AccountKind | str:
    """Return the account an ``AWS`` principal (resolved, or as written) belongs to.

    ``"any"`` for ``*``; ``"own"`` for the stack's own account (``AWS::AccountId``,
    ``own_account``, any of ``own_accounts``) and for an attribute of a resource of the
    template; ``"unknown"`` when the account is known only at deploy time (a parameter, an
    import); else the 12-digit account ID, which is outside as far as is known.
    """
    if isinstance(value, Unknown):
        return "own" if value.identifier and value.source != "AWS::Region" else "unknown"
    text = flatten(value)
    if text == "*":
        return "any"
    account = _arn_account(text)
    if account == OWN_ACCOUNT:
        return "own"
    if not is_account_id(account):
        return "unknown"
    if account == own_account or account in own_accounts:
        return "own"
    return account


def _arn_account(text: str) -> str:
    """Return the account part of an IAM or STS ARN, or ``text`` when it is no such ARN."""
    parts = text.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn" and parts[2] in ("iam", "sts") and not parts[3]:
        return parts[4]
    return text


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
    """Return the logical ID a ``Ref`` or ``Fn::GetAtt`` (or its resolved value) names."""
    if isinstance(value, Unknown):
        return value.logical_id
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
