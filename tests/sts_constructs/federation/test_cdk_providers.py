"""Web-identity and SAML trusts take CDK's own provider objects as well as ours."""

from __future__ import annotations

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam

from sts_constructs import AssumableRole
from sts_constructs.federation import OidcTrust, SamlTrust
from tests.support import only, resources, template_of

ISSUER = "login.example.com/realms/ci"
ARN = f"arn:aws:iam::111111111111:oidc-provider/{ISSUER}"


def _statement(stack: Stack) -> dict[str, object]:
    statement: dict[str, object] = only(template_of(stack), "AWS::IAM::Role")[
        "AssumeRolePolicyDocument"
    ]["Statement"][0]
    return statement


def test_oidc_trust_takes_an_imported_cdk_provider(stack: Stack) -> None:
    provider = iam.OidcProviderNative.from_oidc_provider_arn(stack, "Imported", ARN)
    trust = OidcTrust(provider=provider, subjects=["deployer"], audiences=["aws"])
    AssumableRole(stack, "Role", trust=trust)

    assert _statement(stack) == {
        "Sid": "OidcIssuer",
        "Effect": "Allow",
        "Principal": {"Federated": ARN},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {f"{ISSUER}:aud": "aws", f"{ISSUER}:sub": "deployer"},
        },
    }


def test_oidc_trust_takes_a_cdk_provider_made_in_the_app(stack: Stack) -> None:
    provider = iam.OidcProviderNative(
        stack, "Provider", url=f"https://{ISSUER}", client_ids=["aws"]
    )
    AssumableRole(
        stack,
        "Role",
        trust=OidcTrust(provider=provider, subjects=["deployer"], audiences=["aws"]),
    )

    template = template_of(stack)
    (provider_id,) = resources(template, "AWS::IAM::OIDCProvider")
    statement = only(template, "AWS::IAM::Role")["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Federated": {"Ref": provider_id}}
    assert statement["Condition"]["StringEquals"] == {
        f"{ISSUER}:aud": "aws",
        f"{ISSUER}:sub": "deployer",
    }


def test_fails_on_an_audience_the_cdk_provider_does_not_accept(stack: Stack) -> None:
    provider = iam.OidcProviderNative(
        stack, "Provider", url=f"https://{ISSUER}", client_ids=["aws"]
    )
    with pytest.raises(ValueError, match=r"audiences\[0\]: 'other' is not a client ID"):
        OidcTrust(provider=provider, subjects=["deployer"], audiences=["other"])


def test_fails_on_a_cdk_provider_whose_issuer_is_a_token(stack: Stack) -> None:
    provider = iam.OpenIdConnectProvider(stack, "Custom", url=f"https://{ISSUER}")
    with pytest.raises(ValueError, match=r"provider: the issuer of this CDK OIDC provider is"):
        OidcTrust(provider=provider, subjects=["deployer"], audiences=["aws"])


@pytest.mark.parametrize("trust", [OidcTrust, SamlTrust])
def test_fails_on_a_provider_of_the_wrong_type(trust: type) -> None:
    with pytest.raises(TypeError, match=r"provider: 'arn:aws:iam::1.*' is a str; expected"):
        if trust is OidcTrust:
            OidcTrust(provider=ARN, subjects=["s"], audiences=["a"])  # type: ignore[arg-type]
        else:
            SamlTrust(provider=ARN)  # type: ignore[arg-type]


def test_saml_trust_takes_a_cdk_saml_provider(stack: Stack) -> None:
    provider = iam.SamlProvider.from_saml_provider_arn(
        stack, "Idp", "arn:aws:iam::111111111111:saml-provider/corp"
    )
    AssumableRole(stack, "Role", trust=SamlTrust(provider=provider))

    assert _statement(stack) == {
        "Sid": "SamlProvider",
        "Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/corp"},
        "Action": "sts:AssumeRoleWithSAML",
        "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
    }
