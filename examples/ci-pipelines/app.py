#!/usr/bin/env python3
"""Pipelines of Bitbucket, CircleCI, Buildkite, HCP Terraform and Azure DevOps deploy with no
stored key: one role per CI service, audience pinned, each naming the pipelines it lets in.

cdk synth --app "python3 examples/ci-pipelines/app.py"   (from the repository root)
"""

from aws_cdk import App, CfnOutput, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import AssumableRole
from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import (
    AZURE_DEVOPS_AUDIENCE,
    BUILDKITE_ISSUER,
    HCP_TERRAFORM_AUDIENCE,
    HCP_TERRAFORM_ISSUER,
    AzureDevOpsServiceConnection,
    AzureDevOpsTrust,
    BitbucketDeployment,
    BitbucketPipelinesTrust,
    BitbucketRepository,
    BuildkiteBranch,
    BuildkitePipeline,
    BuildkiteTrust,
    CircleCiProject,
    CircleCiTrust,
    HcpTerraformRunPhase,
    HcpTerraformTrust,
    HcpTerraformWorkspace,
    OidcProvider,
    azure_devops_issuer,
    bitbucket_pipelines_issuer,
    circleci_issuer,
)

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())
stack = Stack(app, "CiPipelines")

# Bitbucket Pipelines: the workspace's issuer and audience (Repository settings > OpenID Connect).
WORKSPACE_UUID = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
bitbucket = OidcProvider(
    stack,
    "Bitbucket",
    url=bitbucket_pipelines_issuer("acme"),
    client_ids=[f"ari:cloud:bitbucket::workspace/{WORKSPACE_UUID}"],
)
roles = {
    "Bitbucket": AssumableRole(
        stack,
        "BitbucketDeploy",
        trust=BitbucketPipelinesTrust(
            provider=bitbucket,
            workspace_uuid=WORKSPACE_UUID,
            repositories=[
                BitbucketRepository(
                    repository_uuid="{aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee}",
                    filters=[BitbucketDeployment("12345678-1234-4234-8234-123456789abc")],
                )
            ],
        ),
    )
}

# CircleCI: the organization's issuer; aud is the organization ID.
ORG_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
circleci = OidcProvider(stack, "CircleCi", url=circleci_issuer(ORG_ID), client_ids=[ORG_ID])
roles["CircleCi"] = AssumableRole(
    stack,
    "CircleCiDeploy",
    trust=CircleCiTrust(
        provider=circleci,
        projects=[CircleCiProject(project_id="11111111-2222-4333-8444-555555555555")],
    ),
)

# Buildkite: one issuer for every organization; sub names organization, pipeline and ref.
buildkite = OidcProvider(stack, "Buildkite", url=BUILDKITE_ISSUER, client_ids=["sts.amazonaws.com"])
roles["Buildkite"] = AssumableRole(
    stack,
    "BuildkiteDeploy",
    trust=BuildkiteTrust(
        provider=buildkite,
        pipelines=[
            BuildkitePipeline(
                organization="acme", pipeline="deploy-app", filters=[BuildkiteBranch("main")]
            )
        ],
    ),
)

# HCP Terraform: plan and apply get different roles; this one applies.
terraform = OidcProvider(
    stack, "HcpTerraform", url=HCP_TERRAFORM_ISSUER, client_ids=[HCP_TERRAFORM_AUDIENCE]
)
roles["HcpTerraform"] = AssumableRole(
    stack,
    "TerraformApply",
    trust=HcpTerraformTrust(
        provider=terraform,
        workspaces=[
            HcpTerraformWorkspace(
                organization="acme",
                project="Default Project",
                workspace="network-prod",
                run_phases=[HcpTerraformRunPhase.APPLY],
            )
        ],
    ),
)

# Azure DevOps: the organization's issuer; the AWS Toolkit's service connection asks the token.
azure = OidcProvider(
    stack,
    "AzureDevOps",
    url=azure_devops_issuer("61c028b9-510c-4f84-bfb2-f48d33b6b542"),
    client_ids=[AZURE_DEVOPS_AUDIENCE],
)
roles["AzureDevOps"] = AssumableRole(
    stack,
    "AzureDevOpsDeploy",
    trust=AzureDevOpsTrust(
        provider=azure,
        organization="acme",
        project="Platform",
        filters=[AzureDevOpsServiceConnection("aws-prod")],
    ),
)

for name, role in roles.items():
    CfnOutput(stack, f"{name}RoleArn", value=role.role_arn)

app.synth()
