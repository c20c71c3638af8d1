#!/usr/bin/env python3
"""Centralized root access: the security team may run two root tasks on two member accounts.

cdk synth --app "python3 examples/centralized-root-access/app.py"   (from the repository root)
"""

from aws_cdk import App, CfnOutput, Duration, Environment, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import AssumableRole, AssumeRootPolicy, RootTaskPolicy, Trust
from sts_constructs.checks import StsTrustChecks

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

# The management account (or the delegated administrator account for IAM).
stack = Stack(app, "RootTasks", env=Environment(account="111111111111", region="eu-west-1"))
# The security team's role: assumed by its Identity Center permission set's role, with MFA.
team = AssumableRole(
    stack,
    "SecurityTeam",
    role_name="security-root-tasks",
    trust=Trust(
        principals=["111111111111"],
        principal_arns=[
            "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Security_*"
        ],
        mfa_max_age=Duration.hours(1),
    ),
)
AssumeRootPolicy(
    stack,
    "UnlockAndAudit",
    member_account_ids=["222222222222", "333333333333"],
    task_policies=[
        RootTaskPolicy.S3_UNLOCK_BUCKET_POLICY,
        RootTaskPolicy.IAM_AUDIT_ROOT_USER_CREDENTIALS,
    ],
    roles=[team],
)
CfnOutput(stack, "SecurityTeamRoleArn", value=team.role_arn)

app.synth()
