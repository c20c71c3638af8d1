#!/usr/bin/env python3
"""Outbound identity federation: a Lambda function mints AWS-signed tokens for one service.

cdk synth --app "python3 examples/outbound-identity-federation/app.py"   (from the repo root)
"""

from aws_cdk import App, CfnOutput, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import (
    AssumableRole,
    Trust,
    WebIdentityTokenAlgorithm,
    WebIdentityTokenPolicy,
)
from sts_constructs.checks import StsTrustChecks

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "OutboundTokens")
# Turn the feature on once per account first (CloudFormation does not model it):
#   aws iam enable-outbound-web-identity-federation
worker = AssumableRole(
    stack,
    "Worker",
    role_name="report-exporter",
    trust=Trust(services=["lambda.amazonaws.com"], source_account="111111111111"),
)
WebIdentityTokenPolicy(
    stack,
    "TokensForPartnerApi",
    audiences=["https://api.partner.example.com"],
    max_duration_seconds=300,
    signing_algorithms=[WebIdentityTokenAlgorithm.ES384],
    roles=[worker],
)
CfnOutput(stack, "WorkerRoleArn", value=worker.role_arn)

app.synth()
