"""GitLab CI, EKS, Google, Cognito and generic OIDC trusts: exact policies, unsafe input refused."""

from __future__ import annotations

from typing import Any

import pytest

from sts_constructs.federation import (
    CognitoAccess,
    CognitoIdentityPoolTrust,
    EksServiceAccount,
    EksServiceAccountTrust,
    ExistingOidcProvider,
    GitLabBranch,
    GitLabCiTrust,
    GitLabProject,
    GitLabTag,
    GoogleTrust,
    OidcTrust,
)
from tests.sts_constructs.federation._support import web_identity_statement


def provider(issuer: str, *client_ids: str) -> ExistingOidcProvider:
    return ExistingOidcProvider(
        provider_arn=f"arn:aws:iam::111111111111:oidc-provider/{issuer}",
        issuer=issuer,
        client_ids=client_ids,
    )


GITLAB = provider("gitlab.com", "https://gitlab.com")
EKS_ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
EKS = provider(EKS_ISSUER, "sts.amazonaws.com")
AUTH0 = provider("login.example.com/", "client-123")
POOL = "us-east-1:12345678-abcd-abcd-abcd-123456789012"


def only_statement(document: dict[str, Any]) -> dict[str, Any]:
    (statement,) = document["Statement"]
    result: dict[str, Any] = statement
    return result


# GitLab CI


def test_gitlab_branch_and_tag_subjects_with_default_audience() -> None:
    trust = GitLabCiTrust(
        provider=GITLAB,
        projects=[GitLabProject(path="acme/infra/app", filters=[GitLabBranch("main")])],
    )

    assert only_statement(trust.policy_document()) == web_identity_statement(
        "GitLabCi",
        "arn:aws:iam::111111111111:oidc-provider/gitlab.com",
        {
            "StringEquals": {
                "gitlab.com:aud": "https://gitlab.com",
                "gitlab.com:sub": "project_path:acme/infra/app:ref_type:branch:ref:main",
            }
        },
    )


def test_gitlab_tag_wildcard_uses_string_like() -> None:
    trust = GitLabCiTrust(
        provider=GITLAB,
        projects=[GitLabProject(path="acme/app", filters=[GitLabBranch("main"), GitLabTag("v*")])],
    )

    assert only_statement(trust.policy_document())["Condition"] == {
        "StringEquals": {"gitlab.com:aud": "https://gitlab.com"},
        "StringLike": {
            "gitlab.com:sub": [
                "project_path:acme/app:ref_type:branch:ref:main",
                "project_path:acme/app:ref_type:tag:ref:v*",
            ]
        },
    }


def test_gitlab_group_wide_needs_the_opt_out() -> None:
    with pytest.raises(ValueError, match=r"path: 'acme/\*' matches every project of the group"):
        GitLabProject(path="acme/*", filters=[GitLabBranch("main")])
    project = GitLabProject(
        path="acme/*", filters=[GitLabBranch("main")], allow_any_project_of_group=True
    )

    assert project.subjects() == ["project_path:acme/*:ref_type:branch:ref:main"]


@pytest.mark.parametrize("bad", ["app", "acme/", "/acme/app", "acme//app", "acme/a b", "*/app"])
def test_fails_on_malformed_gitlab_path(bad: str) -> None:
    with pytest.raises(ValueError, match=r"path: .* is not a GitLab project path"):
        GitLabProject(path=bad, filters=[GitLabBranch("main")])


def test_fails_on_gitlab_project_without_filters() -> None:
    with pytest.raises(ValueError, match=r"filters: \[\] names nothing"):
        GitLabProject(path="acme/app", filters=[])


def test_fails_on_gitlab_audience_the_provider_does_not_accept() -> None:
    with pytest.raises(ValueError, match=r"audience: 'sts.amazonaws.com' is not a client"):
        GitLabCiTrust(
            provider=GITLAB,
            projects=[GitLabProject(path="acme/app", filters=[GitLabBranch("main")])],
            audience="sts.amazonaws.com",
        )


# EKS IAM Roles for Service Accounts


def test_eks_service_accounts_are_exact() -> None:
    trust = EksServiceAccountTrust(
        provider=EKS,
        service_accounts=[
            EksServiceAccount(namespace="payments", name="api"),
            EksServiceAccount(namespace="payments", name="worker.v2"),
        ],
    )

    assert only_statement(trust.policy_document())["Condition"] == {
        "StringEquals": {
            f"{EKS_ISSUER}:aud": "sts.amazonaws.com",
            f"{EKS_ISSUER}:sub": [
                "system:serviceaccount:payments:api",
                "system:serviceaccount:payments:worker.v2",
            ],
        }
    }


@pytest.mark.parametrize(
    ("namespace", "name", "field"),
    [
        ("*", "api", "namespace"),
        ("Payments", "api", "namespace"),
        ("payments", "*", "name"),
        ("payments", "", "name"),
        ("payments", "api:x", "name"),
    ],
)
def test_fails_on_malformed_service_account(namespace: str, name: str, field: str) -> None:
    with pytest.raises(ValueError, match=rf"EksServiceAccount.{field}: "):
        EksServiceAccount(namespace=namespace, name=name)


def test_fails_on_eks_trust_with_a_non_eks_issuer() -> None:
    with pytest.raises(ValueError, match=r"provider: issuer 'gitlab.com' is not an EKS"):
        EksServiceAccountTrust(
            provider=GITLAB, service_accounts=[EksServiceAccount(namespace="a", name="b")]
        )


def test_fails_on_eks_trust_without_service_accounts() -> None:
    with pytest.raises(ValueError, match=r"service_accounts: \[\] names nothing"):
        EksServiceAccountTrust(provider=EKS, service_accounts=[])


# Google


def test_google_pins_client_and_accounts() -> None:
    trust = GoogleTrust(
        client_id="123-abc.apps.googleusercontent.com",
        subjects=["110169484474386276334"],
    )

    assert only_statement(trust.policy_document()) == web_identity_statement(
        "Google",
        "accounts.google.com",
        {
            "StringEquals": {
                "accounts.google.com:aud": "123-abc.apps.googleusercontent.com",
                "accounts.google.com:sub": "110169484474386276334",
            }
        },
    )


def test_google_any_user_of_client_is_an_explicit_opt_out() -> None:
    with pytest.raises(ValueError, match=r"subjects: \[\] lets every Google account"):
        GoogleTrust(client_id="123-abc.apps.googleusercontent.com")
    trust = GoogleTrust(
        client_id="123-abc.apps.googleusercontent.com", allow_any_user_of_client=True
    )

    assert only_statement(trust.policy_document())["Condition"] == {
        "StringEquals": {"accounts.google.com:aud": "123-abc.apps.googleusercontent.com"}
    }


@pytest.mark.parametrize("bad", ["alice@example.com", "*", "11016948447438627633*"])
def test_fails_on_non_numeric_google_subject(bad: str) -> None:
    with pytest.raises(ValueError, match=r"subjects\[0\]: .* is not a Google account ID"):
        GoogleTrust(client_id="123-abc.apps.googleusercontent.com", subjects=[bad])


@pytest.mark.parametrize("bad", ["", "*", "123-*.apps.googleusercontent.com"])
def test_fails_on_unpinned_google_client(bad: str) -> None:
    with pytest.raises(ValueError, match=r"client_id: "):
        GoogleTrust(client_id=bad, subjects=["1"])


# Cognito identity pools


@pytest.mark.parametrize("access", list(CognitoAccess))
def test_cognito_pins_pool_and_amr(access: CognitoAccess) -> None:
    trust = CognitoIdentityPoolTrust(identity_pool_id=POOL, access=access)

    assert only_statement(trust.policy_document()) == web_identity_statement(
        "CognitoIdentityPool",
        "cognito-identity.amazonaws.com",
        {
            "StringEquals": {"cognito-identity.amazonaws.com:aud": POOL},
            "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": access.value},
        },
    )


def test_cognito_defaults_to_authenticated_identities() -> None:
    condition = only_statement(CognitoIdentityPoolTrust(identity_pool_id=POOL).policy_document())[
        "Condition"
    ]

    assert condition["ForAnyValue:StringLike"] == {
        "cognito-identity.amazonaws.com:amr": "authenticated"
    }


def test_cognito_access_as_a_string() -> None:
    trust = CognitoIdentityPoolTrust(identity_pool_id=POOL, access="unauthenticated")  # type: ignore[arg-type]

    assert trust.access is CognitoAccess.UNAUTHENTICATED
    with pytest.raises(ValueError, match=r"access: 'guests' is not one of"):
        CognitoIdentityPoolTrust(identity_pool_id=POOL, access="guests")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "*", "us-east-1:*", "12345678-abcd-abcd-abcd-123456789012"])
def test_fails_on_malformed_identity_pool_id(bad: str) -> None:
    with pytest.raises(ValueError, match=r"identity_pool_id: .* is not a Cognito identity pool"):
        CognitoIdentityPoolTrust(identity_pool_id=bad)


# Any issuer, exact sub and aud


def test_generic_issuer_pins_exact_sub_and_aud() -> None:
    trust = OidcTrust(provider=AUTH0, subjects=["auth0|alice"], audiences=["client-123"])

    assert only_statement(trust.policy_document()) == web_identity_statement(
        "OidcIssuer",
        "arn:aws:iam::111111111111:oidc-provider/login.example.com/",
        {
            "StringEquals": {
                "login.example.com/:aud": "client-123",
                "login.example.com/:sub": "auth0|alice",
            }
        },
    )


@pytest.mark.parametrize("bad", ["", " ", "*", "auth0|*", "repo:octo-org/?", "${aws:userid}"])
def test_fails_on_unscoped_or_malformed_sub(bad: str) -> None:
    with pytest.raises(ValueError, match=r"subjects\[0\]: .* must be the exact subject"):
        OidcTrust(provider=AUTH0, subjects=[bad], audiences=["client-123"])


def test_fails_on_missing_sub() -> None:
    with pytest.raises(ValueError, match=r"subjects: \[\] names nothing"):
        OidcTrust(provider=AUTH0, subjects=[], audiences=["client-123"])


def test_fails_on_missing_aud() -> None:
    with pytest.raises(ValueError, match=r"audiences: \[\] names nothing; name at least one"):
        OidcTrust(provider=AUTH0, subjects=["auth0|alice"], audiences=[])


def test_session_tags_only_when_asked() -> None:
    plain = OidcTrust(provider=AUTH0, subjects=["a|b"], audiences=["client-123"])
    tagged = OidcTrust(
        provider=AUTH0, subjects=["a|b"], audiences=["client-123"], allow_session_tags=True
    )

    assert only_statement(plain.policy_document())["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert only_statement(tagged.policy_document())["Action"] == [
        "sts:AssumeRoleWithWebIdentity",
        "sts:TagSession",
    ]
