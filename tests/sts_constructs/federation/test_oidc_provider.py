"""OidcProvider: the native AWS::IAM::OIDCProvider, existing providers, and roles that use them."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Stack

from sts_constructs import AssumableRole
from sts_constructs.federation import (
    GITHUB_ACTIONS_ISSUER,
    GitHubActionsTrust,
    GitHubBranch,
    GitHubRepository,
    OidcProvider,
    OidcTrust,
)
from tests.sts_constructs.federation._support import cfn_lint_errors, logical_id, own_account_arn
from tests.support import nag_findings, resources, template_of

THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"
APP = [GitHubRepository(owner="octo-org", name="app", filters=[GitHubBranch("main")])]


@pytest.fixture(scope="module")
def scope() -> Stack:
    stack = Stack(App(), "Test")
    github = OidcProvider(
        stack, "GitHub", url=GITHUB_ACTIONS_ISSUER, client_ids=["sts.amazonaws.com"]
    )
    OidcProvider(
        stack,
        "Corp",
        url="https://login.example.com/realms/ci",
        client_ids=["aws", "aws-staging"],
        thumbprints=[THUMBPRINT],
    )
    AssumableRole(stack, "Deploy", trust=GitHubActionsTrust(provider=github, repositories=APP))
    AssumableRole(
        stack,
        "FromIssuer",
        trust=GitHubActionsTrust(
            provider=OidcProvider.from_issuer(GITHUB_ACTIONS_ISSUER), repositories=APP
        ),
    )
    AssumableRole(
        stack,
        "FromArn",
        trust=OidcTrust(
            provider=OidcProvider.from_arn(
                "arn:aws:iam::111111111111:oidc-provider/login.example.com/realms/ci"
            ),
            subjects=["service-account-deployer"],
            audiences=["aws"],
        ),
    )
    return stack


@pytest.fixture(scope="module")
def template(scope: Stack) -> dict[str, Any]:
    return template_of(scope)


def trust_of(scope: Stack, template: dict[str, Any], construct_id: str) -> dict[str, Any]:
    role = template["Resources"][logical_id(scope, construct_id)]
    statement: dict[str, Any] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
    return statement


def test_provider_is_the_native_resource_without_a_fetched_thumbprint(
    scope: Stack, template: dict[str, Any]
) -> None:
    github = template["Resources"][logical_id(scope, "GitHub")]

    assert github == {
        "Type": "AWS::IAM::OIDCProvider",
        "Properties": {
            "ClientIdList": ["sts.amazonaws.com"],
            "Url": "https://token.actions.githubusercontent.com",
        },
    }


def test_no_custom_resource_and_no_lambda(template: dict[str, Any]) -> None:
    types = {resource["Type"] for resource in template["Resources"].values()}

    assert not any(t.startswith("Custom::") or t.startswith("AWS::Lambda") for t in types)
    assert len(resources(template, "AWS::IAM::OIDCProvider")) == 2


def test_given_thumbprints_and_client_ids_are_kept(scope: Stack, template: dict[str, Any]) -> None:
    corp = template["Resources"][logical_id(scope, "Corp")]

    assert corp["Properties"] == {
        "ClientIdList": ["aws", "aws-staging"],
        "ThumbprintList": [THUMBPRINT],
        "Url": "https://login.example.com/realms/ci",
    }


def test_role_trusts_the_provider_it_was_given(scope: Stack, template: dict[str, Any]) -> None:
    provider_id = logical_id(scope, "GitHub")

    assert trust_of(scope, template, "Deploy")["Principal"] == {"Federated": {"Ref": provider_id}}


def test_existing_provider_by_issuer_is_in_the_deploying_account(
    scope: Stack, template: dict[str, Any]
) -> None:
    principal = trust_of(scope, template, "FromIssuer")["Principal"]

    assert principal == {
        "Federated": own_account_arn("iam", "oidc-provider/token.actions.githubusercontent.com")
    }


def test_existing_provider_by_arn_reads_the_issuer_from_the_arn(
    scope: Stack, template: dict[str, Any]
) -> None:
    statement = trust_of(scope, template, "FromArn")

    assert statement["Principal"] == {
        "Federated": "arn:aws:iam::111111111111:oidc-provider/login.example.com/realms/ci"
    }
    assert statement["Condition"] == {
        "StringEquals": {
            "login.example.com/realms/ci:aud": "aws",
            "login.example.com/realms/ci:sub": "service-account-deployer",
        }
    }


def test_passes_cdk_nag(scope: Stack, template: dict[str, Any]) -> None:
    assert nag_findings(scope) == []


def test_passes_cfn_lint(template: dict[str, Any]) -> None:
    assert cfn_lint_errors(template) == []


@pytest.mark.parametrize(
    "bad",
    [
        "http://token.actions.githubusercontent.com",
        "token.actions.githubusercontent.com",
        "https://",
        "https://issuer.example.com/path?x=1",
        "https://issuer.example.com/#frag",
        "https://issuer.example.com:8443",
        "https://issuer example.com",
        "https://" + "a" * 250 + ".com",
    ],
)
def test_fails_on_bad_issuer_url(stack: Stack, bad: str) -> None:
    with pytest.raises(ValueError, match=r"url: .* is not an OIDC issuer URL"):
        OidcProvider(stack, "P", url=bad, client_ids=["sts.amazonaws.com"])


def test_fails_on_an_issuer_url_token(stack: Stack) -> None:
    from aws_cdk import Aws

    with pytest.raises(ValueError, match=r"url: .* must be a literal URL, not a token"):
        OidcProvider(stack, "P", url=f"https://{Aws.URL_SUFFIX}", client_ids=["x"])


def test_fails_without_client_ids(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"client_ids: \[\] names nothing"):
        OidcProvider(stack, "P", url=GITHUB_ACTIONS_ISSUER, client_ids=[])


def test_fails_on_a_wildcard_client_id(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"client_ids\[0\]: '\*' is not a client ID"):
        OidcProvider(stack, "P", url=GITHUB_ACTIONS_ISSUER, client_ids=["*"])


@pytest.mark.parametrize("bad", [["abc"], [THUMBPRINT[:-1] + "z"], [THUMBPRINT] * 6])
def test_fails_on_bad_thumbprints(stack: Stack, bad: list[str]) -> None:
    with pytest.raises(ValueError, match=r"thumbprints"):
        OidcProvider(stack, "P", url=GITHUB_ACTIONS_ISSUER, client_ids=["x"], thumbprints=bad)


@pytest.mark.parametrize(
    "bad",
    [
        "arn:aws:iam::111111111111:saml-provider/corp",
        "arn:aws:iam::1111:oidc-provider/token.actions.githubusercontent.com",
        "token.actions.githubusercontent.com",
    ],
)
def test_fails_on_malformed_provider_arn(bad: str) -> None:
    with pytest.raises(ValueError, match=r"provider_arn: .* is not a literal OIDC provider ARN"):
        OidcProvider.from_arn(bad)
