"""FederationTokenBroker and MfaSessionGroup: the STS token patterns for IAM users."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_iam as iam

from sts_constructs.federation import FederationTokenBroker, MfaSessionGroup
from tests.sts_constructs.federation._support import cfn_lint_errors, logical_id, own_account_arn
from tests.support import nag_findings, resources, template_of

CEILING_ARN = "arn:aws:iam::111111111111:policy/portal-ceiling"
PERMISSIONS_ARN = "arn:aws:iam::111111111111:policy/ops"
READ_BUCKETS = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/x.csv"}
    ],
}


@pytest.fixture(scope="module")
def scope() -> Stack:
    stack = Stack(App(), "Test")
    FederationTokenBroker(
        stack,
        "Broker",
        federated_user_prefix="portal-",
        permission_ceiling=[
            iam.ManagedPolicy.from_managed_policy_arn(stack, "Ceiling", CEILING_ARN)
        ],
        ceiling_document=READ_BUCKETS,
        user_name="portal-broker",
    )
    alice = iam.User(stack, "Alice", user_name="alice")
    MfaSessionGroup(
        stack,
        "Operators",
        group_name="operators",
        managed_policies=[iam.ManagedPolicy.from_managed_policy_arn(stack, "Ops", PERMISSIONS_ARN)],
        mfa_max_age=Duration.hours(4),
        members=[alice, iam.User.from_user_name(stack, "Bob", "bob")],
    )
    return stack


@pytest.fixture(scope="module")
def template(scope: Stack) -> dict[str, Any]:
    return template_of(scope)


def properties(scope: Stack, template: dict[str, Any], path: str) -> dict[str, Any]:
    result: dict[str, Any] = template["Resources"][logical_id(scope, path)]["Properties"]
    return result


_FEDERATED_USERS = own_account_arn("sts", "federated-user/portal-*")


def test_broker_may_only_get_federation_tokens_for_its_prefix(
    scope: Stack, template: dict[str, Any]
) -> None:
    policy = properties(scope, template, "Broker/BrokerPolicy")

    assert policy["Groups"] == [{"Ref": logical_id(scope, "Broker/Group")}]
    assert policy["PolicyDocument"]["Statement"] == [
        {
            "Action": "sts:GetFederationToken",
            "Effect": "Allow",
            "Resource": _FEDERATED_USERS,
            "Sid": "GetFederationTokenForPrefix",
        },
        {
            "Condition": {"StringEquals": {"aws:PrincipalType": "User"}},
            "Effect": "Deny",
            "NotAction": "sts:GetFederationToken",
            "Resource": "*",
            "Sid": "BrokerItselfMayOnlyGetFederationToken",
        },
    ]


def test_broker_group_carries_the_permission_ceiling(
    scope: Stack, template: dict[str, Any]
) -> None:
    group = properties(scope, template, "Broker/Group")
    ceiling = properties(scope, template, "Broker/PermissionCeiling")

    assert group["ManagedPolicyArns"] == [CEILING_ARN]
    assert ceiling["PolicyDocument"] == READ_BUCKETS
    assert ceiling["Groups"] == [{"Ref": logical_id(scope, "Broker/Group")}]


def test_broker_user_has_nothing_but_its_group(scope: Stack, template: dict[str, Any]) -> None:
    user = properties(scope, template, "Broker")

    assert user == {
        "Groups": [{"Ref": logical_id(scope, "Broker/Group")}],
        "UserName": "portal-broker",
    }


def test_broker_access_key_is_only_in_secrets_manager(
    scope: Stack, template: dict[str, Any]
) -> None:
    key_id = logical_id(scope, "Broker/AccessKey")
    secret = properties(scope, template, "Broker/AccessKeySecret")

    assert {"Fn::GetAtt": [key_id, "SecretAccessKey"]} in secret["SecretString"]["Fn::Join"][1]
    assert "SecretAccessKey" not in json.dumps(template.get("Outputs", {}))


def test_mfa_group_denies_all_but_self_service_without_recent_mfa(
    scope: Stack, template: dict[str, Any]
) -> None:
    statements = properties(scope, template, "Operators/MfaGate")["PolicyDocument"]["Statement"]
    denies = {s["Sid"]: s for s in statements if s["Effect"] == "Deny"}

    assert set(denies) == {
        "DenyAllButMfaSelfServiceWithoutMfa",
        "DenyAllButMfaSelfServiceWithOldMfa",
    }
    without = denies["DenyAllButMfaSelfServiceWithoutMfa"]
    assert without["Condition"] == {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    assert "sts:GetSessionToken" in without["NotAction"]
    assert "s3:GetObject" not in without["NotAction"]
    assert denies["DenyAllButMfaSelfServiceWithOldMfa"]["Condition"] == {
        "NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "14400"}
    }


def test_mfa_group_holds_the_permissions_and_its_members(
    scope: Stack, template: dict[str, Any]
) -> None:
    group_id = logical_id(scope, "Operators")
    group = properties(scope, template, "Operators")
    alice = properties(scope, template, "Alice")
    (addition,) = resources(template, "AWS::IAM::UserToGroupAddition").values()

    assert group == {"GroupName": "operators", "ManagedPolicyArns": [PERMISSIONS_ARN]}
    assert alice["Groups"] == [{"Ref": group_id}]
    assert addition["Properties"] == {"GroupName": {"Ref": group_id}, "Users": ["bob"]}


def test_passes_cdk_nag(scope: Stack, template: dict[str, Any]) -> None:
    assert nag_findings(scope) == []


def test_passes_cfn_lint(template: dict[str, Any]) -> None:
    assert cfn_lint_errors(template) == []


@pytest.mark.parametrize("bad", ["", "*", "portal-*", "portal user", "portal/", "p" * 32])
def test_fails_on_bad_broker_prefix(stack: Stack, bad: str) -> None:
    with pytest.raises(ValueError, match=r"federated_user_prefix: .* is not a federated user"):
        FederationTokenBroker(stack, "Broker", federated_user_prefix=bad, ceiling_document={})


def test_fails_on_a_broker_without_ceiling(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"permission_ceiling: \[\] and ceiling_document: None"):
        FederationTokenBroker(stack, "Broker", federated_user_prefix="portal-")


def test_fails_on_an_mfa_group_without_permissions(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"managed_policies: \[\] and inline_policy: None"):
        MfaSessionGroup(stack, "Group")


def test_fails_on_an_mfa_age_above_the_longest_session(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"mfa_max_age: '37h' must be more than 0 and at most"):
        MfaSessionGroup(stack, "Group", inline_policy=READ_BUCKETS, mfa_max_age=Duration.hours(37))


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (
            lambda stack, policies: FederationTokenBroker(
                stack, "Broker", federated_user_prefix="portal-", permission_ceiling=policies
            ),
            "permission_ceiling",
        ),
        (
            lambda stack, policies: MfaSessionGroup(stack, "Group", managed_policies=policies),
            "managed_policies",
        ),
    ],
)
def test_fails_on_more_managed_policies_than_a_group_takes(
    stack: Stack, make: Any, field: str
) -> None:
    policies = [
        iam.ManagedPolicy.from_managed_policy_arn(stack, f"P{i}", f"{PERMISSIONS_ARN}-{i}")
        for i in range(11)
    ]
    make(Stack(App(), "Ten"), policies[:10])

    with pytest.raises(
        ValueError, match=rf"^{field}: 11 policies; IAM attaches at most 10 to a group\nin "
    ):
        make(stack, policies)
