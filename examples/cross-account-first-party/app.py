#!/usr/bin/env python3
"""First-party cross-account access: CI and people of `tools` get into `prod`.

cdk synth --app "python3 examples/cross-account-first-party/app.py"   (from the repository root)
"""

from aws_cdk import App, Duration, Environment, Stack, Validations
from aws_cdk import aws_iam as iam
from cdk_nag import AwsSolutionsChecks

from sts_constructs import (
    CrossAccountGrant,
    CrossAccountRole,
    FirstParty,
    acknowledge,
    verify_cross_account,
)
from sts_constructs.checks import StsTrustChecks

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

prod = Stack(app, "ProdRoles", env=Environment(account="222222222222", region="eu-west-1"))
tools = Stack(app, "ToolsGrants", env=Environment(account="111111111111", region="eu-west-1"))

# CI: the role ci/ci-deployer of tools, trusted by name (root + aws:PrincipalArn), no MFA
# (a role session has none). It may not exist yet: the halves deploy in any order.
deployer = CrossAccountRole(
    prod,
    "Deployer",
    source_account_id="111111111111",
    role_name="prod-deployer",
    path="/cross-account/",
    trusted_roles=["ci/ci-deployer"],
    principal_org_id="o-a1b2c3d4e5",
    managed_policies=[
        iam.ManagedPolicy.from_managed_policy_arn(
            prod, "DeployPolicy", "arn:aws:iam::222222222222:policy/prod-deploy"
        )
    ],
)
deployer_grant = CrossAccountGrant(
    tools,
    "Deployer",
    target_account_id="222222222222",
    role_name="prod-deployer",
    role_path="/cross-account/",
    grantees=[iam.Role.from_role_arn(tools, "Ci", "arn:aws:iam::111111111111:role/ci/ci-deployer")],
)

# People: members of the group prod-readers in tools, with an MFA sign-in under an hour old.
# A group cannot be a principal: the trust names the account, the group's policy lets them in.
reader = CrossAccountRole(
    prod,
    "Reader",
    source_account_id="111111111111",
    role_name="prod-read-only",
    path="/cross-account/",
    access=FirstParty(require_mfa=True, mfa_max_age=Duration.hours(1)),
    trust_source_account=True,
    principal_org_id="o-a1b2c3d4e5",
    max_session_duration=Duration.hours(4),
    managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")],
)
acknowledge(
    reader.role.resource,  # the AWS::IAM::Role (iam.CfnRole) itself, nothing else
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]",
    "Read-only access to every service is this role's purpose; AWS keeps the policy current.",
)
readers = iam.Group(tools, "Readers", group_name="prod-readers")
reader_grant = CrossAccountGrant(
    tools,
    "Reader",
    target_account_id="222222222222",
    role_name="prod-read-only",
    role_path="/cross-account/",
    grantees=[readers],
)

# Both halves, checked against each other: a grant the trust does not let in fails synthesis.
verify_cross_account(roles=[deployer, reader], grants=[deployer_grant, reader_grant])

app.synth()
