#!/usr/bin/env python3
"""GitLab CI/CD deploys one project from main and from release tags.

cdk synth --app "python3 examples/gitlab-ci/app.py"   (from the repository root)
"""

from aws_cdk import App, CfnOutput, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import AssumableRole
from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import (
    GITLAB_ISSUER,
    GitLabBranch,
    GitLabCiTrust,
    GitLabProject,
    GitLabTag,
    OidcProvider,
)

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "GitLabDeploy")
gitlab = OidcProvider(stack, "GitLab", url=GITLAB_ISSUER, client_ids=[GITLAB_ISSUER])
deploy = AssumableRole(
    stack,
    "Deploy",
    role_name="gitlab-deploy-app",
    trust=GitLabCiTrust(
        provider=gitlab,
        projects=[
            GitLabProject(path="acme/infra/app", filters=[GitLabBranch("main"), GitLabTag("v*")])
        ],
    ),
)
CfnOutput(stack, "DeployRoleArn", value=deploy.role.role_arn)

app.synth()
