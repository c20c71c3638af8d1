"""Web-identity and SAML trusts, presets included, take CDK's provider objects as well as ours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam

from sts_constructs import AssumableRole
from sts_constructs.federation import (
    AzureDevOpsServiceConnection,
    AzureDevOpsTrust,
    BitbucketAnyStep,
    BitbucketPipelinesTrust,
    BitbucketRepository,
    BuildkiteBranch,
    BuildkitePipeline,
    BuildkiteTrust,
    CircleCiProject,
    CircleCiTrust,
    EksServiceAccount,
    EksServiceAccountTrust,
    GitHubActionsTrust,
    GitHubBranch,
    GitHubRepository,
    GitLabCiTrust,
    GitLabProject,
    GitLabTag,
    HcpTerraformRunPhase,
    HcpTerraformTrust,
    HcpTerraformWorkspace,
    OidcTrust,
    SamlTrust,
)
from tests.sts_constructs.federation._support import logical_id, web_identity_statement
from tests.support import only, resources, template_of

ISSUER = "login.example.com/realms/ci"
ARN = f"arn:aws:iam::111111111111:oidc-provider/{ISSUER}"
ORG = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
PROJECT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
USER = "11111111-2222-4333-8444-555555555555"
REPO = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"


@dataclass(frozen=True)
class Preset:
    """One preset built on a given provider, and the statement it must render."""

    sid: str
    issuer: str
    audience: str
    subject: str
    build: Callable[[Any], Any]

    @property
    def wildcard(self) -> bool:
        return "*" in self.subject

    def condition(self) -> dict[str, Any]:
        aud, sub = {f"{self.issuer}:aud": self.audience}, {f"{self.issuer}:sub": self.subject}
        if self.wildcard:
            return {"StringEquals": aud, "StringLike": sub}
        return {"StringEquals": {**aud, **sub}}

    def statement(self, federated: object) -> dict[str, Any]:
        return web_identity_statement(self.sid, federated, self.condition())


PRESETS = {
    "github": Preset(
        "GitHubActions",
        "token.actions.githubusercontent.com",
        "sts.amazonaws.com",
        "repo:octo-org/app:ref:refs/heads/main",
        lambda p: GitHubActionsTrust(
            provider=p,
            repositories=[
                GitHubRepository(owner="octo-org", name="app", filters=[GitHubBranch("main")])
            ],
        ),
    ),
    "gitlab": Preset(
        "GitLabCi",
        "gitlab.com",
        "https://gitlab.com",
        "project_path:acme/app:ref_type:tag:ref:v1",
        lambda p: GitLabCiTrust(
            provider=p, projects=[GitLabProject(path="acme/app", filters=[GitLabTag("v1")])]
        ),
    ),
    "eks": Preset(
        "EksServiceAccounts",
        "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        "sts.amazonaws.com",
        "system:serviceaccount:payments:api",
        lambda p: EksServiceAccountTrust(
            provider=p, service_accounts=[EksServiceAccount(namespace="payments", name="api")]
        ),
    ),
    "bitbucket": Preset(
        "BitbucketPipelines",
        "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc",
        f"ari:cloud:bitbucket::workspace/{ORG}",
        f"{{{REPO}}}:*",
        lambda p: BitbucketPipelinesTrust(
            provider=p,
            workspace_uuid=ORG,
            repositories=[BitbucketRepository(repository_uuid=REPO, filters=[BitbucketAnyStep()])],
        ),
    ),
    "circleci": Preset(
        "CircleCi",
        f"oidc.circleci.com/org/{ORG}",
        ORG,
        f"org/{ORG}/project/{PROJECT}/user/{USER}",
        lambda p: CircleCiTrust(
            provider=p, projects=[CircleCiProject(project_id=PROJECT, user_ids=[USER])]
        ),
    ),
    "buildkite": Preset(
        "Buildkite",
        "agent.buildkite.com",
        "sts.amazonaws.com",
        "organization:acme:pipeline:deploy:ref:refs/heads/main:commit:*",
        lambda p: BuildkiteTrust(
            provider=p,
            pipelines=[
                BuildkitePipeline(
                    organization="acme", pipeline="deploy", filters=[BuildkiteBranch("main")]
                )
            ],
        ),
    ),
    "hcp-terraform": Preset(
        "HcpTerraform",
        "app.terraform.io",
        "aws.workload.identity",
        "organization:acme:project:Default Project:workspace:net:run_phase:plan",
        lambda p: HcpTerraformTrust(
            provider=p,
            workspaces=[
                HcpTerraformWorkspace(
                    organization="acme",
                    project="Default Project",
                    workspace="net",
                    run_phases=[HcpTerraformRunPhase.PLAN],
                )
            ],
        ),
    ),
    "azure-devops": Preset(
        "AzureDevOps",
        f"vstoken.dev.azure.com/{ORG}",
        "api://AzureADTokenExchange",
        "sc://acme/Platform/aws-prod",
        lambda p: AzureDevOpsTrust(
            provider=p,
            organization="acme",
            project="Platform",
            filters=[AzureDevOpsServiceConnection("aws-prod")],
        ),
    ),
}


def _arn(issuer: str) -> str:
    return f"arn:aws:iam::111111111111:oidc-provider/{issuer}"


@pytest.mark.parametrize("preset", PRESETS.values(), ids=PRESETS.keys())
def test_preset_takes_an_imported_cdk_provider(stack: Stack, preset: Preset) -> None:
    provider = iam.OidcProviderNative.from_oidc_provider_arn(stack, "Imported", _arn(preset.issuer))

    document = preset.build(provider).policy_document()

    assert document == {
        "Version": "2012-10-17",
        "Statement": [preset.statement(_arn(preset.issuer))],
    }


@pytest.fixture(scope="module")
def made_in_the_app() -> tuple[Stack, dict[str, Any]]:
    """One stack: for each preset, a CDK ``iam.OidcProviderNative`` and a role trusting it."""
    stack = Stack(App(), "Presets")
    for key, preset in PRESETS.items():
        provider = iam.OidcProviderNative(
            stack, f"{key}-provider", url=f"https://{preset.issuer}", client_ids=[preset.audience]
        )
        AssumableRole(stack, f"{key}-role", trust=preset.build(provider))
    return stack, template_of(stack)


@pytest.mark.parametrize("key", PRESETS.keys())
def test_preset_takes_a_cdk_provider_made_in_the_app(
    made_in_the_app: tuple[Stack, dict[str, Any]], key: str
) -> None:
    stack, template = made_in_the_app
    role = template["Resources"][logical_id(stack, f"{key}-role")]

    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"] == [
        PRESETS[key].statement({"Ref": logical_id(stack, f"{key}-provider")})
    ]


@pytest.mark.parametrize("preset", PRESETS.values(), ids=PRESETS.keys())
def test_fails_on_a_cdk_provider_without_the_preset_audience(stack: Stack, preset: Preset) -> None:
    provider = iam.OidcProviderNative(
        stack, "Provider", url=f"https://{preset.issuer}", client_ids=["other-client"]
    )
    with pytest.raises(ValueError, match=r"audience: '.*' is not a client ID of the provider"):
        preset.build(provider)


@pytest.mark.parametrize(
    "preset", [p for p in PRESETS.values() if p.sid != "GitLabCi"], ids=lambda p: p.sid
)
def test_fails_on_a_cdk_provider_of_another_issuer(stack: Stack, preset: Preset) -> None:
    provider = iam.OidcProviderNative.from_oidc_provider_arn(stack, "Other", ARN)
    with pytest.raises(ValueError, match=rf"provider: (issuer )?'{ISSUER}' is not"):
        preset.build(provider)


@pytest.mark.parametrize("preset", PRESETS.values(), ids=PRESETS.keys())
def test_fails_on_a_preset_provider_of_the_wrong_type(preset: Preset) -> None:
    with pytest.raises(TypeError, match=r"provider: 'arn:aws:iam::1.*' is a str; expected"):
        preset.build(_arn(preset.issuer))


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
