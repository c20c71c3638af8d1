#!/usr/bin/env python3
"""IAM Roles Anywhere: build agents outside AWS get a role with their X.509 certificate.

cdk synth --app "python3 examples/roles-anywhere/app.py"   (from the repository root)
"""

from pathlib import Path

from aws_cdk import App, CfnOutput, Duration, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import (
    AssumableRole,
    CertificateMatch,
    RolesAnywhereProfile,
    RolesAnywhereTrust,
    RolesAnywhereTrustAnchor,
)
from sts_constructs.checks import StsTrustChecks

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "BuildAgents")
# Your CA's certificate (public part only); an AWS Private CA works too (acm_pca_arn=...).
anchor = RolesAnywhereTrustAnchor(
    stack,
    "DeviceCa",
    name="example-corp-device-ca",
    certificate_bundle=(Path(__file__).parent / "ca.pem").read_text(),
)
agents = AssumableRole(
    stack,
    "Agents",
    role_name="build-agents",
    trust=RolesAnywhereTrust(
        trust_anchor_arns=[anchor.trust_anchor_arn],
        certificate=CertificateMatch(
            subject_organizational_units=["build"],
            san_dns_names=["*.agents.example.com"],
        ),
    ),
)
profile = RolesAnywhereProfile(
    stack, "AgentsProfile", name="build-agents", roles=[agents], session_duration=Duration.hours(1)
)
CfnOutput(stack, "TrustAnchorArn", value=anchor.trust_anchor_arn)
CfnOutput(stack, "ProfileArn", value=profile.profile_arn)
CfnOutput(stack, "RoleArn", value=agents.role_arn)

app.synth()
