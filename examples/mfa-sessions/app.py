#!/usr/bin/env python3
"""MFA-gated sessions: operators work with their own permissions only after an MFA sign-in.

cdk synth --app "python3 examples/mfa-sessions/app.py"   (from the repository root)
"""

from aws_cdk import App, Duration, Stack, Validations
from aws_cdk import aws_iam as iam
from cdk_nag import AwsSolutionsChecks

from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import MfaSessionGroup

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "Operators")
MfaSessionGroup(
    stack,
    "Operators",
    group_name="operators",
    managed_policies=[
        iam.ManagedPolicy.from_managed_policy_arn(
            stack, "Ops", "arn:aws:iam::111111111111:policy/operators"
        )
    ],
    mfa_max_age=Duration.hours(12),
    members=[iam.User.from_user_name(stack, "Alice", "alice")],
)

app.synth()
