"""The cross-account act of `make demo`: each account's stacks in its own account, then the walk."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from sts_constructs.emulator import StaticCredentials
from sts_constructs.emulator.cross_account import walk_cross_account
from sts_constructs.emulator.walkthrough import Step
from tests.e2e.multi_account import ACCESS, MANAGEMENT, PROD, SECURITY, TOOLS, MultiAccount
from tests.e2e.sandbox import Sandbox, assert_outcomes, printed

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def steps(sandbox: Sandbox, multi_account: MultiAccount) -> list[Step]:
    return walk_cross_account(
        sandbox.emulator, access=ACCESS, source_admin=multi_account.source_admin
    )


def test_deploys_each_stack_into_the_account_of_its_environment(
    multi_account: MultiAccount,
) -> None:
    assert {
        name: multi_account.account_of(name)
        for deployed in multi_account.deploys
        for name in deployed.result.stacks
    } == {
        "sts-multi-prod-roles": PROD,
        "sts-multi-tools-grants": TOOLS,
        "sts-multi-security-grants": SECURITY,
        "sts-multi-management-stacksets": MANAGEMENT,
    }


def test_the_roles_exist_in_the_target_account_only(
    sandbox: Sandbox, multi_account: MultiAccount
) -> None:
    emulator = sandbox.emulator
    prod = emulator.client("iam", credentials=emulator.account_admin(PROD))

    role = prod.get_role(RoleName="prod-deployer")["Role"]

    assert role["Arn"] == ACCESS.target_role_arn
    with pytest.raises(ClientError, match="NoSuchEntity"):
        emulator.client("iam").get_role(RoleName="prod-deployer")


def test_reports_the_stack_set_as_skipped_never_as_deployed(
    sandbox: Sandbox, multi_account: MultiAccount
) -> None:
    skipped = [s for d in multi_account.deploys for s in d.result.skipped]
    management = sandbox.emulator.client(
        "cloudformation", credentials=sandbox.emulator.account_admin(MANAGEMENT)
    )

    assert [(s.stack_name, s.resource_type) for s in skipped] == [
        ("sts-multi-management-stacksets", "AWS::CloudFormation::StackSet")
    ]
    assert "no StackSet resource" in skipped[0].reason
    assert management.list_stack_sets()["Summaries"] == []


def test_the_grant_lands_on_the_existing_role_of_the_source_account(
    sandbox: Sandbox, multi_account: MultiAccount
) -> None:
    tools = sandbox.emulator.client("iam", credentials=multi_account.source_admin)

    (name,) = tools.list_role_policies(RoleName="ci-deployer")["PolicyNames"]
    document = tools.get_role_policy(RoleName="ci-deployer", PolicyName=name)["PolicyDocument"]

    assert document["Statement"][0]["Action"] == "sts:AssumeRole"
    assert document["Statement"][0]["Resource"] == ACCESS.target_role_arn


def test_account_admin_acts_in_that_account_with_enforcement_still_on(sandbox: Sandbox) -> None:
    emulator = sandbox.emulator
    admin = emulator.account_admin("444455556666")
    iam = emulator.client("iam", credentials=admin)
    iam.create_user(UserName="nobody")
    key = iam.create_access_key(UserName="nobody")["AccessKey"]
    nobody = StaticCredentials(key["AccessKeyId"], key["SecretAccessKey"])

    identity = emulator.client("sts", credentials=nobody).get_caller_identity()

    assert identity["Arn"] == "arn:aws:iam::444455556666:user/nobody"
    with pytest.raises(ClientError, match="AccessDenied"):
        emulator.client("s3", credentials=nobody).list_buckets()


def test_every_step_comes_out_as_expected(steps: list[Step]) -> None:
    assert_outcomes(steps, [True, True, True, False, False])


def test_the_walk_starts_as_the_granted_role_in_the_source_account(steps: list[Step]) -> None:
    assert (
        f"Signed in as arn:aws:sts::{TOOLS}:assumed-role/ci-deployer/walkthrough "
        f"(account {TOOLS})." in steps[0].lines
    )


def test_get_caller_identity_shows_the_target_account_and_the_assumed_role(
    steps: list[Step],
) -> None:
    assert steps[2].title.endswith(f"account {PROD}")
    assert steps[2].lines[0] == (
        f"Account {PROD}, Arn arn:aws:sts::{PROD}:assumed-role/prod-deployer/walkthrough."
    )
    # The target account's own S3: its bootstrap bucket, none of tools'.
    assert f"cdk-hnb659fds-assets-{PROD}-eu-west-1" in steps[2].lines[1]
    assert TOOLS not in steps[2].lines[1]


def test_a_role_not_granted_is_denied_by_the_grant(steps: list[Step]) -> None:
    assert steps[3].lines[0] == f"AssumeRole {ACCESS.other_role_arn}: denied (AccessDenied)."


def test_a_principal_the_trust_does_not_name_is_denied_as_on_aws(steps: list[Step]) -> None:
    assert not steps[4].allowed
    assert "denied (AccessDenied)" in steps[4].lines[0]


def test_the_denial_comes_from_the_trust_half_and_says_so(
    sandbox: Sandbox, steps: list[Step]
) -> None:
    refused = [
        d
        for d in sandbox.emulator.decisions()
        if d.api == "AssumeRole" and d.target == ACCESS.target_role_arn and not d.allowed
    ]

    assert refused
    assert "assumed-role/OrganizationAccountAccessRole" in refused[-1].principal
    assert "aws:PrincipalArn" in refused[-1].why


def test_prints_each_step_with_its_reason(steps: list[Step]) -> None:
    text = printed(steps)

    assert text.count("Why") == 4
    assert "NOT as expected" not in text
