#!/usr/bin/env python3
"""SAML 2.0 federation: a corporate IdP's users sign in to the console, or call the API.

cdk synth --app "python3 examples/saml-console-and-api/app.py"   (from the repository root)
"""

from pathlib import Path

from aws_cdk import App, CfnOutput, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import AssumableRole
from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import SamlMetadata, SamlProvider, SamlTrust

# A sample IdP whose signing key was discarded: replace it with your IdP's metadata.
METADATA = Path(__file__).resolve().parents[2] / "config" / "saml" / "sample-idp-metadata.xml"

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "Sso")
idp = SamlProvider(stack, "Idp", metadata=SamlMetadata.from_file(METADATA), name="corp-idp")
console = AssumableRole(stack, "Console", role_name="saml-console", trust=SamlTrust(provider=idp))
CfnOutput(stack, "ConsoleRoleArn", value=console.role.role_arn)
CfnOutput(stack, "IdpArn", value=idp.provider_arn)

app.synth()
