"""OrganizationStackSet and SelfManagedStackSet: where the template goes and what it holds."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, CfnWaitConditionHandle, Environment, Stack
from aws_cdk import aws_iam as iam
from aws_cdk.cx_api import CloudAssembly
from constructs import Construct

from sts_constructs import (
    CrossAccountRole,
    OrganizationStackSet,
    SelfManagedStackSet,
    StackSetCallAs,
)
from sts_constructs.checks import assert_no_sts_findings
from tests.support import cfn_lint_errors, exactly, nag_findings, only, resources

MANAGEMENT = "999999999999"
SECURITY = "333333333333"
OU = "ou-ab12-workload1"


def management_stack(app: App) -> Stack:
    return Stack(app, "Management", env=Environment(account=MANAGEMENT, region="eu-west-1"))


class Rollouts:
    """A service-managed and a self-managed StackSet, each with one role, synthesized once."""

    def __init__(self) -> None:
        self.app = App()
        self.stack = management_stack(self.app)
        self.organization = OrganizationStackSet(
            self.stack,
            "Audit",
            stack_set_name="org-audit",
            organizational_unit_ids=[OU, "r-ab12"],
            call_as=StackSetCallAs.DELEGATED_ADMIN,
            description="The audit role.",
        )
        self.org_role = CrossAccountRole(
            self.organization.template,
            "Role",
            source_account_id=SECURITY,
            role_name="org-audit",
            path="/audit/",
            principal_org_id="o-a1b2c3d4e5",
        )
        self.self_managed = SelfManagedStackSet(
            self.stack,
            "Partners",
            stack_set_name="partner-audit",
            accounts=["555555555555", "666666666666"],
            regions=["us-east-1"],
            execution_role_name="StackSetExecution",
        )
        # Outside an Organization there is no aws:PrincipalOrgID: the accounts are named.
        self.partner_role = CrossAccountRole(
            self.self_managed.template,
            "Role",
            source_account_id=SECURITY,
            role_name="partner-audit",
        )
        self.assembly: CloudAssembly = self.app.synth()
        self.template: dict[str, Any] = self.assembly.get_stack_by_name(
            self.stack.stack_name
        ).template

    def stack_set(self, rollout: OrganizationStackSet | SelfManagedStackSet) -> dict[str, Any]:
        logical_id = self.stack.get_logical_id(rollout.resource)
        properties: dict[str, Any] = self.template["Resources"][logical_id]["Properties"]
        return properties

    def body(self, rollout: OrganizationStackSet | SelfManagedStackSet) -> dict[str, Any]:
        body: dict[str, Any] = json.loads(self.stack_set(rollout)["TemplateBody"])
        return body


@pytest.fixture(scope="module")
def rollouts() -> Rollouts:
    return Rollouts()


def test_service_managed_targets_the_ous_with_auto_deployment(rollouts: Rollouts) -> None:
    stack_set = rollouts.stack_set(rollouts.organization)

    assert stack_set["PermissionModel"] == "SERVICE_MANAGED"
    assert stack_set["AutoDeployment"] == {"Enabled": True, "RetainStacksOnAccountRemoval": False}
    assert stack_set["StackInstancesGroup"] == [
        {
            "DeploymentTargets": {"OrganizationalUnitIds": [OU, "r-ab12"]},
            "Regions": ["eu-west-1"],
        }
    ]
    assert stack_set["CallAs"] == "DELEGATED_ADMIN"
    assert stack_set["Capabilities"] == ["CAPABILITY_NAMED_IAM"]
    assert stack_set["StackSetName"] == "org-audit"


def test_template_body_holds_the_role(rollouts: Rollouts) -> None:
    body = rollouts.body(rollouts.organization)

    role = only(body, "AWS::IAM::Role")
    assert role["RoleName"] == "org-audit"
    assert role["Path"] == "/audit/"
    (statement,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Principal"] == {
        "AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":iam::{SECURITY}:root"]]}
    }
    assert statement["Condition"] == {
        "Bool": {"aws:MultiFactorAuthPresent": "true"},
        "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
    }
    assert body["Description"] == "The audit role."


def test_template_body_needs_no_bootstrap_and_no_assets(rollouts: Rollouts) -> None:
    body = rollouts.body(rollouts.organization)

    # The accounts of an OU are not CDK-bootstrapped: no version parameter, rule or asset.
    assert "Parameters" not in body
    assert "Rules" not in body
    assert set(resources(body, "AWS::CDK::Metadata")) == set()
    assert body == rollouts.organization.template_json()


def test_self_managed_targets_the_accounts(rollouts: Rollouts) -> None:
    stack_set = rollouts.stack_set(rollouts.self_managed)

    assert stack_set["PermissionModel"] == "SELF_MANAGED"
    assert "AutoDeployment" not in stack_set
    assert stack_set["ExecutionRoleName"] == "StackSetExecution"
    assert stack_set["StackInstancesGroup"] == [
        {
            "DeploymentTargets": {"Accounts": ["555555555555", "666666666666"]},
            "Regions": ["us-east-1"],
        }
    ]
    assert only(rollouts.body(rollouts.self_managed), "AWS::IAM::Role")["RoleName"] == (
        "partner-audit"
    )


def test_template_stack_is_not_a_top_level_stack(rollouts: Rollouts) -> None:
    # `cdk deploy --all` deploys top-level stacks only: the template is never deployed as is.
    assert [stack.stack_name for stack in rollouts.assembly.stacks] == ["Management"]
    nested = [
        stack.stack_name
        for child in rollouts.assembly.nested_assemblies
        for stack in child.nested_assembly.stacks
    ]
    assert sorted(nested) == ["org-audit", "partner-audit"]


@pytest.mark.parametrize("name", ["organization", "self_managed"])
def test_stack_set_passes_cdk_nag(rollouts: Rollouts, name: str) -> None:
    rollout = getattr(rollouts, name)
    assert nag_findings(rollout.resource) == []
    assert nag_findings(rollout.template) == []


def test_stack_and_templates_pass_sts_checks(rollouts: Rollouts) -> None:
    assert_no_sts_findings(rollouts.stack)
    assert_no_sts_findings(rollouts.organization.template)
    # The self-managed StackSet's roles trust the security account: one of the user's own.
    assert_no_sts_findings(rollouts.self_managed.template, own_accounts=[SECURITY])


def test_templates_pass_cfn_lint(rollouts: Rollouts, tmp_path: Path) -> None:
    paths = [Path(rollouts.assembly.get_stack_by_name("Management").template_full_path)]
    for rollout in (rollouts.organization, rollouts.self_managed):
        path = tmp_path / f"{rollout.stack_set_name}.json"
        path.write_text(rollouts.stack_set(rollout)["TemplateBody"])
        paths.append(path)
    for path in paths:
        assert cfn_lint_errors(path, "eu-west-1") == [], path.name


def _two_region_rollout(app: App) -> OrganizationStackSet:
    return OrganizationStackSet(
        management_stack(app),
        "Audit",
        stack_set_name="org-audit",
        organizational_unit_ids=[OU],
        regions=["eu-west-1", "us-east-1"],
    )


def test_fails_named_role_in_two_regions() -> None:
    app = App()
    rollout = _two_region_rollout(app)
    CrossAccountRole(rollout.template, "Role", source_account_id=SECURITY, role_name="org-audit")

    with pytest.raises(RuntimeError, match=r"AWS::IAM::Role 'org-audit'.*Deploy IAM from one"):
        app.synth()


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (lambda scope: iam.CfnUser(scope, "U", user_name="auditor"), "AWS::IAM::User 'auditor'"),
        (lambda scope: iam.CfnGroup(scope, "G", group_name="audit"), "AWS::IAM::Group 'audit'"),
        (
            lambda scope: iam.CfnManagedPolicy(
                scope,
                "P",
                managed_policy_name="audit-read",
                policy_document={"Version": "2012-10-17", "Statement": []},
            ),
            "AWS::IAM::ManagedPolicy 'audit-read'",
        ),
        (
            lambda scope: iam.CfnInstanceProfile(
                scope, "I", roles=["r"], instance_profile_name="audit-ec2"
            ),
            "AWS::IAM::InstanceProfile 'audit-ec2'",
        ),
    ],
)
def test_fails_on_any_named_iam_resource_in_two_regions(
    make: Callable[[Construct], object], named: str
) -> None:
    app = App()
    rollout = _two_region_rollout(app)
    make(rollout.template)

    with pytest.raises(RuntimeError, match=rf"{re.escape(named)} \(\w+\) once per region"):
        app.synth()


@pytest.mark.parametrize(("padding", "fails"), [(49_000, False), (52_000, True)])
def test_fails_on_a_template_body_over_cloudformation_limit(padding: int, fails: bool) -> None:
    app = App()
    rollout = SelfManagedStackSet(
        management_stack(app), "Partners", stack_set_name="partners", accounts=["555555555555"]
    )
    CfnWaitConditionHandle(rollout.template, "Pad").add_metadata("Pad", "x" * padding)

    if not fails:
        app.synth()
        return
    with pytest.raises(
        RuntimeError,
        match=r"Management/Partners\.template: \d+ bytes is above 51200, CloudFormation's limit "
        r"for a template body; split the StackSet",
    ):
        app.synth()


# --- Failing input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"organizational_unit_ids": []}, r"organizational_unit_ids: \[\]"),
        ({"organizational_unit_ids": ["ou-1"]}, r"organizational_unit_ids\[0\]: 'ou-1'"),
        ({"organizational_unit_ids": [OU, OU]}, "organizational_unit_ids: .* more than once"),
        ({"regions": ["europe"]}, r"regions\[0\]: 'europe' is not an AWS Region code"),
        ({"regions": []}, r"regions: \[\]"),
        ({"stack_set_name": "1st"}, "stack_set_name: '1st'"),
        (
            {"auto_deployment": False, "retain_stacks_on_account_removal": True},
            "retain_stacks_on_account_removal: True needs auto_deployment",
        ),
        ({"call_as": "ME"}, "call_as: 'ME'"),
    ],
)
def test_fails_on_bad_organization_input(kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {
        "stack_set_name": "org-audit",
        "organizational_unit_ids": [OU],
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        OrganizationStackSet(management_stack(App()), "Audit", **arguments)


@pytest.mark.parametrize(
    ("accounts", "message"),
    [
        ([], r"accounts: \[\]"),
        (["12345"], r"accounts\[0\]: '12345' is not an AWS account ID"),
        (["555555555555", "555555555555"], "accounts: '555555555555' appears more than once"),
    ],
)
def test_fails_on_bad_accounts(accounts: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SelfManagedStackSet(
            management_stack(App()), "Partners", stack_set_name="p", accounts=accounts
        )


@pytest.mark.parametrize(
    "arn",
    [
        "AWSCloudFormationStackSetAdministrationRole",
        "arn:aws:iam::999999999999:role/*",
        "arn:aws:iam::999999999999:role/admin\n",
        "arn:aws:iam::999999999999:user/admin",
    ],
)
def test_fails_on_an_administration_role_arn_that_is_not_one(arn: str) -> None:
    message = (
        f"administration_role_arn: {arn!r} is not an IAM role ARN like "
        "'arn:aws:iam::111111111111:role/name'"
    )
    with pytest.raises(ValueError, match=exactly(message)):
        SelfManagedStackSet(
            management_stack(App()),
            "Partners",
            stack_set_name="p",
            accounts=["555555555555"],
            administration_role_arn=arn,
        )


def test_takes_an_administration_role_arn_in_another_partition() -> None:
    arn = "arn:aws-cn:iam::999999999999:role/StackSetAdmin"
    rollout = SelfManagedStackSet(
        management_stack(App()),
        "Partners",
        stack_set_name="p",
        accounts=["555555555555"],
        administration_role_arn=arn,
    )

    assert rollout.resource.administration_role_arn == arn
