#!/usr/bin/env python3
"""A user's own small CDK app: CI of one GitHub repository deploys, a support engineer reads.

Its trust is tested locally, without an AWS account: tests/ deploys it into the local STS with
the `sts_emulator` fixture (pip install "/path/to/sts-constructs[emulator]", from your checkout:
the package is not published; run `pytest` here).
"""

from aws_cdk import App, CfnOutput, Stack, Validations
from aws_cdk import aws_iam as iam
from cdk_nag import AwsSolutionsChecks

from sts_constructs import AssumableRole, AssumeOnlyUser, Trust
from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import (
    GITHUB_ACTIONS_ISSUER,
    GitHubActionsTrust,
    GitHubBranch,
    GitHubRepository,
    OidcProvider,
)

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "OwnApp")
github = OidcProvider(stack, "GitHub", url=GITHUB_ACTIONS_ISSUER, client_ids=["sts.amazonaws.com"])
# CI of octo-org/app, from main only, deploys.
deploy = AssumableRole(
    stack,
    "Deploy",
    trust=GitHubActionsTrust(
        provider=github,
        repositories=[
            GitHubRepository(owner="octo-org", name="app", filters=[GitHubBranch("main")])
        ],
    ),
)
# alice has no permissions of her own; she may assume the support role.
alice = AssumeOnlyUser(stack, "Alice", user_name="alice")
support = AssumableRole(
    stack,
    "Support",
    # The emulator checks MFA codes too; this example keeps the sign-in to an access key.
    trust=Trust(principals=[alice.user], require_mfa=False),
)
# Support may read the deploy role's settings, nothing else.
support.role.add_to_principal_policy(
    iam.PolicyStatement(actions=["iam:GetRole"], resources=[deploy.role.role_arn])
)
alice.allow_assume(support.role)
CfnOutput(stack, "DeployRoleArn", value=deploy.role.role_arn)
CfnOutput(stack, "SupportRoleArn", value=support.role.role_arn)

app.synth()
