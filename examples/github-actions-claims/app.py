#!/usr/bin/env python3
"""GitHub Actions beyond sub: claim keys (repository ID, environment, reusable workflow) and a
repository with a custom subject template.

cdk synth --app "python3 examples/github-actions-claims/app.py"   (from the repository root)
"""

from aws_cdk import App, CfnOutput, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import AssumableRole
from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import (
    GITHUB_ACTIONS_ISSUER,
    GitHubActionsTrust,
    GitHubClaims,
    GitHubEnvironment,
    GitHubRepository,
    GitHubSubjectTemplate,
    OidcProvider,
)

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "GitHubClaims")
github = OidcProvider(stack, "GitHub", url=GITHUB_ACTIONS_ISSUER, client_ids=["sts.amazonaws.com"])

# Repository 456789 AND environment production AND the organization's reusable deploy
# workflow at main: sub alone cannot say all three.
deploy = AssumableRole(
    stack,
    "Deploy",
    role_name="github-deploy-production",
    trust=GitHubActionsTrust(
        provider=github,
        repositories=[
            GitHubRepository(
                owner="octo-org",
                name="sample-app",
                owner_id=123456,
                repository_id=456789,
                filters=[GitHubEnvironment("production")],
            )
        ],
        claims=GitHubClaims(
            repository_ids=[456789],
            environments=["production"],
            job_workflow_refs=["octo-org/automation/.github/workflows/deploy.yml@refs/heads/main"],
        ),
    ),
)

# A repository whose sub was customised (include_claim_keys = repo, context, job_workflow_ref).
release = AssumableRole(
    stack,
    "Release",
    role_name="github-release-tools",
    trust=GitHubActionsTrust(
        provider=github,
        repositories=[
            GitHubRepository(
                owner="octo-org",
                name="tools",
                filters=[GitHubEnvironment("release")],
                subject_template=GitHubSubjectTemplate(
                    include_claim_keys=["repo", "context", "job_workflow_ref"],
                    claim_values={
                        "job_workflow_ref": (
                            "octo-org/automation/.github/workflows/release.yml@refs/heads/main"
                        )
                    },
                ),
            )
        ],
    ),
)
CfnOutput(stack, "DeployRoleArn", value=deploy.role_arn)
CfnOutput(stack, "ReleaseRoleArn", value=release.role_arn)

app.synth()
