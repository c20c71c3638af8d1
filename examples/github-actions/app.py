#!/usr/bin/env python3
"""GitHub Actions deploys one repository from main or its production environment.

cdk synth --app "python3 examples/github-actions/app.py"   (from the repository root)
"""

from aws_cdk import App, CfnOutput, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import AssumableRole
from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import (
    GITHUB_ACTIONS_ISSUER,
    GitHubActionsTrust,
    GitHubBranch,
    GitHubEnvironment,
    GitHubRepository,
    OidcProvider,
)

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "GitHubDeploy")
# One provider per issuer per account: reference an existing one with
# OidcProvider.from_arn(...) (or CDK's own iam.OidcProviderNative) instead.
github = OidcProvider(stack, "GitHub", url=GITHUB_ACTIONS_ISSUER, client_ids=["sts.amazonaws.com"])
deploy = AssumableRole(
    stack,
    "Deploy",
    role_name="github-deploy-sample-app",
    trust=GitHubActionsTrust(
        provider=github,
        repositories=[
            GitHubRepository(
                owner="octo-org",
                name="sample-app",
                owner_id=123456,  # gh api users/octo-org --jq .id
                repository_id=456789,  # gh api repos/octo-org/sample-app --jq .id
                filters=[GitHubBranch("main"), GitHubEnvironment("production")],
            ),
        ],
    ),
)
CfnOutput(stack, "DeployRoleArn", value=deploy.role.role_arn)

app.synth()
