"""IAM's built-in web identity issuers in the emulator: Cognito identity pools, Google,
Facebook and Login with Amazon need no OIDC provider; the emulator's issuer stands in for them,
validates the token as for a deployed provider, and the trust's conditions decide.

An emulator of this module's own (nothing deployed: roles made with the admin's IAM calls).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from sts_constructs.emulator import Emulator
from sts_constructs.emulator.tokens import (
    FACEBOOK_ISSUER,
    LOGIN_WITH_AMAZON_ISSUER,
    cognito_identity_claims,
    generic_claims,
    google_claims,
    oauth_app_claims,
)
from sts_constructs.federation import CognitoAccess, CognitoIdentityPoolTrust, GoogleTrust

pytestmark = pytest.mark.e2e

POOL = "us-east-1:12345678-abcd-abcd-abcd-123456789012"
OTHER_POOL = "us-east-1:87654321-dcba-dcba-dcba-210987654321"
IDENTITY = "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
GOOGLE_CLIENT = "1234567890-abc.apps.googleusercontent.com"
GOOGLE_USER = "112233445566778899001"
APP_ID = "amzn1.application.0123456789abcdef"


def _app_trust(issuer: str, app_id: str) -> dict[str, Any]:
    """A trust in one app of Facebook or Login with Amazon (their ``app_id`` key)."""
    statement = {
        "Effect": "Allow",
        "Principal": {"Federated": issuer},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {f"{issuer}:app_id": app_id}},
    }
    return {"Version": "2012-10-17", "Statement": [statement]}


ROLES = {
    "cognito-users": CognitoIdentityPoolTrust(identity_pool_id=POOL).policy_document(),
    "cognito-guests": CognitoIdentityPoolTrust(
        identity_pool_id=POOL, access=CognitoAccess.UNAUTHENTICATED
    ).policy_document(),
    "google-user": GoogleTrust(client_id=GOOGLE_CLIENT, subjects=[GOOGLE_USER]).policy_document(),
    "facebook-app": _app_trust("graph.facebook.com", "1234567890123"),
    "amazon-app": _app_trust("www.amazon.com", APP_ID),
}


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as started:
        iam = started.client("iam")
        for name, trust in ROLES.items():
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
        yield started


def _sign_in(emulator: Emulator, role: str, claims: dict[str, Any], **token: Any) -> Any:
    sts = emulator.session().client("sts", config=Config(signature_version=UNSIGNED))
    return sts.assume_role_with_web_identity(
        RoleArn=f"arn:aws:iam::{emulator.account_id}:role/{role}",
        RoleSessionName="app",
        WebIdentityToken=emulator.oidc_token(claims, **token),
    )


def _cognito(*, pool: str = POOL, authenticated: bool = True) -> dict[str, Any]:
    return cognito_identity_claims(
        identity_pool_id=pool, identity_id=IDENTITY, authenticated=authenticated
    )


@pytest.mark.parametrize(
    ("role", "claims", "provider"),
    [
        ("cognito-users", _cognito(), "cognito-identity.amazonaws.com"),
        ("cognito-guests", _cognito(authenticated=False), "cognito-identity.amazonaws.com"),
        ("google-user", google_claims(client_id=GOOGLE_CLIENT, subject=GOOGLE_USER), None),
        (
            "facebook-app",
            oauth_app_claims(issuer=FACEBOOK_ISSUER, app_id="1234567890123", user_id="10001"),
            None,
        ),
        (
            "amazon-app",
            oauth_app_claims(issuer=LOGIN_WITH_AMAZON_ISSUER, app_id=APP_ID, user_id="amzn1.u"),
            None,
        ),
    ],
)
def test_a_token_of_a_builtin_issuer_the_trust_names_is_allowed(
    emulator: Emulator, role: str, claims: dict[str, Any], provider: str | None
) -> None:
    answer = _sign_in(emulator, role, claims)

    issuer = claims["iss"].removeprefix("https://")
    assert answer["AssumedRoleUser"]["Arn"].endswith(f"assumed-role/{role}/app")
    assert answer["Provider"] == (provider or issuer)
    assert answer["SubjectFromWebIdentityToken"] == claims["sub"]
    decision = emulator.decisions()[-1]
    assert decision.allowed
    assert decision.notes == (
        f"the token was signed by the emulator's OIDC key, standing in for {issuer} "
        "(an issuer built into IAM: no OIDC provider needed)",
    )


@pytest.mark.parametrize(
    ("role", "claims", "says"),
    [
        ("cognito-users", _cognito(pool=OTHER_POOL), "cognito-identity.amazonaws.com:aud"),
        ("cognito-users", _cognito(authenticated=False), "cognito-identity.amazonaws.com:amr"),
        ("cognito-guests", _cognito(), "cognito-identity.amazonaws.com:amr"),
        (
            "google-user",
            google_claims(client_id=GOOGLE_CLIENT, subject="998877665544332211009"),
            "accounts.google.com:sub",
        ),
        (
            "google-user",
            google_claims(client_id="other.apps.googleusercontent.com", subject=GOOGLE_USER),
            "accounts.google.com:aud",
        ),
        (
            "facebook-app",
            oauth_app_claims(issuer=FACEBOOK_ISSUER, app_id="999", user_id="10001"),
            "graph.facebook.com:app_id",
        ),
        # A Facebook token for a role that trusts Login with Amazon: another principal.
        (
            "amazon-app",
            oauth_app_claims(issuer=FACEBOOK_ISSUER, app_id=APP_ID, user_id="10001"),
            "graph.facebook.com",
        ),
    ],
    ids=[
        "cognito-wrong-pool",
        "cognito-unauthenticated",
        "cognito-guest-role-authenticated",
        "google-wrong-subject",
        "google-wrong-client",
        "facebook-wrong-app",
        "issuer-not-trusted",
    ],
)
def test_a_builtin_issuers_token_the_trust_does_not_allow_is_denied(
    emulator: Emulator, role: str, claims: dict[str, Any], says: str
) -> None:
    with pytest.raises(ClientError, match="AccessDenied") as raised:
        _sign_in(emulator, role, claims)

    assert says in str(raised.value)
    assert not emulator.decisions()[-1].allowed


@pytest.mark.parametrize(
    ("claims", "token", "code", "says"),
    [
        (_cognito(), {"lifetime_seconds": -60}, "ExpiredTokenException", "Token expired"),
        ({**_cognito(), "nbf": 4_000_000_000}, {}, "InvalidIdentityToken", "not valid before"),
        (
            generic_claims(issuer="https://login.example.com", audience=POOL, subject=IDENTITY),
            {},
            "InvalidIdentityToken",
            "No OpenIDConnect provider found in your account for https://login.example.com",
        ),
    ],
    ids=["expired", "not-yet-valid", "not-builtin"],
)
def test_a_builtin_issuers_token_is_validated_as_a_providers(
    emulator: Emulator, claims: dict[str, Any], token: dict[str, Any], code: str, says: str
) -> None:
    with pytest.raises(ClientError, match=code) as raised:
        _sign_in(emulator, "cognito-users", claims, **token)

    assert says in str(raised.value)


def test_a_builtin_issuers_token_with_a_bad_signature_is_refused(emulator: Emulator) -> None:
    good = emulator.oidc_token(_cognito())
    header, _, signature = good.split(".")
    _, forged_body, _ = emulator.oidc_token(_cognito(pool=OTHER_POOL)).split(".")
    sts = emulator.session().client("sts", config=Config(signature_version=UNSIGNED))

    with pytest.raises(ClientError, match="InvalidIdentityToken") as raised:
        sts.assume_role_with_web_identity(
            RoleArn=f"arn:aws:iam::{emulator.account_id}:role/cognito-users",
            RoleSessionName="app",
            WebIdentityToken=".".join([header, forged_body, signature]),
        )

    assert "signature" in str(raised.value)


def test_oauth_app_claims_are_only_facebooks_and_amazons() -> None:
    with pytest.raises(ValueError) as raised:
        oauth_app_claims(issuer="https://accounts.google.com", app_id="1", user_id="2")

    assert str(raised.value) == (
        "issuer: 'https://accounts.google.com' is not one of "
        "['https://graph.facebook.com', 'https://www.amazon.com']"
    )
