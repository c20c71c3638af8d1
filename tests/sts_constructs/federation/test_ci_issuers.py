"""Bitbucket, CircleCI, Buildkite, HCP Terraform and Azure DevOps trusts: policies, refusals."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from sts_constructs.federation import (
    AzureDevOpsPipeline,
    AzureDevOpsServiceConnection,
    AzureDevOpsTrust,
    BitbucketAnyStep,
    BitbucketDeployment,
    BitbucketPipelinesTrust,
    BitbucketRepository,
    BuildkiteBranch,
    BuildkitePipeline,
    BuildkiteTag,
    BuildkiteTrust,
    CircleCiProject,
    CircleCiTrust,
    ExistingOidcProvider,
    HcpTerraformRunPhase,
    HcpTerraformTrust,
    HcpTerraformWorkspace,
    OidcProvider,
    azure_devops_issuer,
    bitbucket_pipelines_issuer,
    circleci_issuer,
)

ORG = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
PROJECT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
USER = "11111111-2222-4333-8444-555555555555"
REPO = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
ENV = "12345678-1234-4234-8234-123456789abc"


def provider(url: str, *client_ids: str) -> ExistingOidcProvider:
    return OidcProvider.from_arn(
        f"arn:aws:iam::111111111111:oidc-provider/{url.removeprefix('https://')}",
        client_ids=client_ids,
    )


def condition(trust: Any) -> dict[str, Any]:
    (statement,) = trust.policy_document()["Statement"]
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    result: dict[str, Any] = statement["Condition"]
    return result


BITBUCKET = provider(bitbucket_pipelines_issuer("acme"))
BB = "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"repositories": []}, "repositories: \\[\\] names nothing"),
        ({"workspace_uuid": "*"}, "workspace_uuid: '\\*' is not a UUID"),
    ],
    ids=["no-repositories", "wildcard-workspace"],
)
def test_fails_on_unscoped_bitbucket(kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {
        "provider": BITBUCKET,
        "workspace_uuid": ORG,
        "repositories": [BitbucketRepository(repository_uuid=REPO, filters=[BitbucketAnyStep()])],
    }
    with pytest.raises(ValueError, match=message):
        arguments.update(kwargs)
        BitbucketPipelinesTrust(**arguments)


def test_fails_on_bitbucket_repository_without_filters() -> None:
    with pytest.raises(ValueError, match="filters: \\[\\] names nothing"):
        BitbucketRepository(repository_uuid=REPO, filters=[])


def test_fails_on_bitbucket_wildcard_repository() -> None:
    with pytest.raises(ValueError, match="repository_uuid: '\\*' is not a UUID"):
        BitbucketRepository(repository_uuid="*", filters=[BitbucketAnyStep()])


def test_fails_on_bitbucket_workspace_slug() -> None:
    with pytest.raises(ValueError, match="workspace: 'Acme Corp' is not a Bitbucket workspace"):
        bitbucket_pipelines_issuer("Acme Corp")


CIRCLE = provider(circleci_issuer(ORG), ORG)
CC = f"oidc.circleci.com/org/{ORG}"


def test_fails_on_circleci_without_projects_or_with_a_foreign_issuer() -> None:
    with pytest.raises(ValueError, match="projects: \\[\\] names nothing"):
        CircleCiTrust(provider=CIRCLE, projects=[])
    with pytest.raises(
        ValueError, match=r"provider: 'gitlab\.com' is not the issuer of a CircleCI"
    ):
        CircleCiTrust(
            provider=provider("https://gitlab.com"), projects=[CircleCiProject(project_id=PROJECT)]
        )


def test_fails_on_circleci_provider_without_the_organization_audience() -> None:
    other = provider(circleci_issuer(ORG), "sts.amazonaws.com")
    with pytest.raises(ValueError, match=f"audience: '{ORG}' is not a client ID of the provider"):
        CircleCiTrust(provider=other, projects=[CircleCiProject(project_id=PROJECT)])


BUILDKITE = provider("https://agent.buildkite.com", "sts.amazonaws.com")


@pytest.mark.parametrize(("field", "value"), [("organization", "*"), ("pipeline", "deploy*")])
def test_fails_on_buildkite_wildcard_slugs(field: str, value: str) -> None:
    arguments = {"organization": "acme", "pipeline": "app", field: value}
    with pytest.raises(ValueError, match=f"{field}: '{re.escape(value)}' is not a Buildkite slug"):
        BuildkitePipeline(**arguments, filters=[BuildkiteBranch("main")])


def test_fails_on_buildkite_without_filters() -> None:
    with pytest.raises(ValueError, match="filters: \\[\\] names nothing"):
        BuildkitePipeline(organization="acme", pipeline="app", filters=[])


TERRAFORM = provider("https://app.terraform.io", "aws.workload.identity")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("workspace", "*", "workspace: '\\*' is not an HCP Terraform workspace name"),
        ("organization", "ac:me", "organization: 'ac:me' is not an HCP Terraform"),
        ("run_phases", ["*"], "run_phases\\[0\\]: '\\*' is not 'plan' or 'apply'"),
        ("run_phases", [], "run_phases: \\[\\] names nothing"),
    ],
)
def test_fails_on_unscoped_terraform_workspace(field: str, value: Any, message: str) -> None:
    arguments: dict[str, Any] = {
        "organization": "acme",
        "project": "Default Project",
        "workspace": "w",
        "run_phases": ["plan"],
        field: value,
    }
    with pytest.raises(ValueError, match=message):
        HcpTerraformWorkspace(**arguments)


AZURE = provider(azure_devops_issuer(ORG), "api://AzureADTokenExchange")
AZ = f"vstoken.dev.azure.com/{ORG}"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"filters": []}, "filters: \\[\\] names nothing"),
        ({"project": "*"}, "project: '\\*' is not an Azure DevOps name"),
        ({"organization": "a/b"}, "organization: 'a/b' is not an Azure DevOps organization"),
    ],
)
def test_fails_on_unscoped_azure_devops(kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {
        "provider": AZURE,
        "organization": "acme",
        "project": "Platform",
        "filters": [AzureDevOpsServiceConnection("aws-prod")],
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        AzureDevOpsTrust(**arguments)


def test_fails_on_azure_service_connection_wildcard() -> None:
    with pytest.raises(ValueError, match=r"AzureDevOpsServiceConnection\.name: '\*'"):
        AzureDevOpsServiceConnection("*")


@pytest.mark.parametrize(
    "make",
    [
        lambda: BitbucketPipelinesTrust(
            provider=BUILDKITE,
            workspace_uuid=ORG,
            repositories=[BitbucketRepository(repository_uuid=REPO, filters=[BitbucketAnyStep()])],
        ),
        lambda: BuildkiteTrust(
            provider=CIRCLE,
            pipelines=[
                BuildkitePipeline(organization="a", pipeline="b", filters=[BuildkiteTag("v1")])
            ],
        ),
        lambda: AzureDevOpsTrust(
            provider=BUILDKITE,
            organization="acme",
            project="p",
            filters=[AzureDevOpsPipeline("x")],
        ),
    ],
    ids=["bitbucket", "buildkite", "azure"],
)
def test_fails_on_a_provider_of_another_issuer(make: Any) -> None:
    with pytest.raises(ValueError, match=r"provider: '.*' is not the issuer of"):
        make()


@pytest.mark.parametrize("bad", ["", "not-a-uuid", "{1234}"])
def test_fails_on_malformed_organization_ids(bad: str) -> None:
    with pytest.raises(ValueError, match=r"organization_id: .* is not a UUID"):
        circleci_issuer(bad)
    with pytest.raises(ValueError, match=r"organization_id: .* is not a UUID"):
        azure_devops_issuer(bad)


TERRAFORM_RUN = "organization:acme:project:Default Project:workspace:network-prod:run_phase:"
# Each issuer's trust, and the condition it must render: aud pinned, every pipeline named.
CONDITIONS: dict[str, tuple[Callable[[], Any], dict[str, Any]]] = {
    "bitbucket-workspace-audience-and-repository-steps": (
        lambda: BitbucketPipelinesTrust(
            provider=BITBUCKET,
            workspace_uuid="{" + ORG.upper() + "}",
            repositories=[
                BitbucketRepository(
                    repository_uuid=REPO, filters=[BitbucketDeployment(ENV), BitbucketAnyStep()]
                )
            ],
        ),
        {
            "StringEquals": {f"{BB}:aud": f"ari:cloud:bitbucket::workspace/{ORG}"},
            "StringLike": {f"{BB}:sub": [f"{{{REPO}}}{{{ENV}}}:*", f"{{{REPO}}}:*"]},
        },
    ),
    "circleci-organization-audience-and-projects": (
        lambda: CircleCiTrust(
            provider=CIRCLE,
            projects=[
                CircleCiProject(project_id=PROJECT),
                CircleCiProject(project_id=USER, user_ids=[REPO]),
            ],
        ),
        {
            "StringEquals": {f"{CC}:aud": ORG},
            "StringLike": {
                f"{CC}:sub": [
                    f"org/{ORG}/project/{PROJECT}/user/*",
                    f"org/{ORG}/project/{USER}/user/{REPO}",
                ]
            },
        },
    ),
    "buildkite-organization-pipeline-and-ref": (
        lambda: BuildkiteTrust(
            provider=BUILDKITE,
            pipelines=[
                BuildkitePipeline(
                    organization="acme",
                    pipeline="deploy-app",
                    filters=[BuildkiteBranch("main"), BuildkiteTag("v*")],
                )
            ],
        ),
        {
            "StringEquals": {"agent.buildkite.com:aud": "sts.amazonaws.com"},
            "StringLike": {
                "agent.buildkite.com:sub": [
                    "organization:acme:pipeline:deploy-app:ref:refs/heads/main:commit:*",
                    "organization:acme:pipeline:deploy-app:ref:refs/tags/v*:commit:*",
                ]
            },
        },
    ),
    "hcp-terraform-exact-subject-per-run-phase": (
        lambda: HcpTerraformTrust(
            provider=TERRAFORM,
            workspaces=[
                HcpTerraformWorkspace(
                    organization="acme",
                    project="Default Project",
                    workspace="network-prod",
                    run_phases=[HcpTerraformRunPhase.PLAN, "apply"],  # type: ignore[list-item]
                )
            ],
        ),
        {
            "StringEquals": {
                "app.terraform.io:aud": "aws.workload.identity",
                "app.terraform.io:sub": [TERRAFORM_RUN + "plan", TERRAFORM_RUN + "apply"],
            }
        },
    ),
    "azure-devops-service-connection-and-pipeline": (
        lambda: AzureDevOpsTrust(
            provider=AZURE,
            organization="acme",
            project="Platform",
            filters=[AzureDevOpsServiceConnection("aws-prod"), AzureDevOpsPipeline("deploy")],
        ),
        {
            "StringEquals": {
                f"{AZ}:aud": "api://AzureADTokenExchange",
                f"{AZ}:sub": ["sc://acme/Platform/aws-prod", "p://acme/Platform/deploy"],
            }
        },
    ),
}


@pytest.mark.parametrize("case", CONDITIONS)
def test_trust_pins_the_audience_and_names_every_pipeline(case: str) -> None:
    make, expected = CONDITIONS[case]

    assert condition(make()) == expected
