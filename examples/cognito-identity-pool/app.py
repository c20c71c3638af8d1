#!/usr/bin/env python3
"""A Cognito identity pool: its signed-in users and its guests get different roles.

cdk synth --app "python3 examples/cognito-identity-pool/app.py"   (from the repository root)
"""

from aws_cdk import App, Stack, Validations
from aws_cdk import aws_cognito as cognito
from cdk_nag import AwsSolutionsChecks

from sts_constructs import AssumableRole
from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import CognitoAccess, CognitoIdentityPoolTrust

# The pool's ID: the Cognito console, or aws cognito-identity list-identity-pools.
IDENTITY_POOL_ID = "us-east-1:12345678-abcd-abcd-abcd-123456789012"

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "PhotoApp")
signed_in = AssumableRole(
    stack,
    "SignedIn",
    role_name="photo-app-signed-in",
    trust=CognitoIdentityPoolTrust(identity_pool_id=IDENTITY_POOL_ID),
)
guests = AssumableRole(
    stack,
    "Guests",
    role_name="photo-app-guests",
    trust=CognitoIdentityPoolTrust(
        identity_pool_id=IDENTITY_POOL_ID, access=CognitoAccess.UNAUTHENTICATED
    ),
)
# The pool hands out these roles (what the console's "User access" page sets).
cognito.CfnIdentityPoolRoleAttachment(
    stack,
    "PoolRoles",
    identity_pool_id=IDENTITY_POOL_ID,
    roles={"authenticated": signed_in.role.role_arn, "unauthenticated": guests.role.role_arn},
)

app.synth()
