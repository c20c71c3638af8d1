#!/usr/bin/env python3
"""Any OpenID Connect issuer (Keycloak here): one client's service account gets a role.

cdk synth --app "python3 examples/generic-oidc/app.py"   (from the repository root)
"""

from aws_cdk import App, CfnOutput, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import AssumableRole
from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import OidcProvider, OidcTrust

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "Sso")
sso = OidcProvider(stack, "Sso", url="https://login.example.com/realms/ci", client_ids=["aws"])
deployer = AssumableRole(
    stack,
    "Deployer",
    role_name="sso-deployer",
    trust=OidcTrust(provider=sso, subjects=["service-account-deployer"], audiences=["aws"]),
)
CfnOutput(stack, "DeployerRoleArn", value=deployer.role.role_arn)

app.synth()
