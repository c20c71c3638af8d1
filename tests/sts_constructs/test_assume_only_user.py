"""AssumeOnlyUser: no permissions of its own, a group that may only assume roles."""

from __future__ import annotations

import json

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam

from sts_constructs import AssumableRole, AssumeOnlyUser, Trust
from tests.support import nag_findings, only, resources, template_of


def role(stack: Stack, construct_id: str = "Role") -> iam.Role:
    trust = Trust(principals=["arn:aws:iam::111111111111:user/sts-user"], require_mfa=False)
    return AssumableRole(stack, construct_id, trust=trust).role


def test_user_holds_no_permissions_of_its_own(stack: Stack) -> None:
    AssumeOnlyUser(stack, "User", user_name="sts-user", assumable_roles=[role(stack)])

    user = only(template_of(stack), "AWS::IAM::User")

    assert user["UserName"] == "sts-user"
    assert "Policies" not in user
    assert "ManagedPolicyArns" not in user
    assert len(user["Groups"]) == 1


def test_group_may_only_assume_the_given_roles(stack: Stack) -> None:
    AssumeOnlyUser(stack, "User", assumable_roles=[role(stack, "A"), role(stack, "B")])

    template = template_of(stack)
    (group_id,) = resources(template, "AWS::IAM::Group")
    role_ids = sorted(resources(template, "AWS::IAM::Role"))
    policy = only(template, "AWS::IAM::Policy")

    assert policy["Groups"] == [{"Ref": group_id}]
    assert policy["PolicyDocument"]["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Resource": {"Fn::GetAtt": [id_, "Arn"]}}
        for id_ in role_ids
    ]


def test_allow_assume_after_construction(stack: Stack) -> None:
    user = AssumeOnlyUser(stack, "User")
    user.allow_assume(role(stack))

    statement = only(template_of(stack), "AWS::IAM::Policy")["PolicyDocument"]["Statement"][0]

    assert statement["Action"] == "sts:AssumeRole"


def test_without_roles_there_is_no_policy(stack: Stack) -> None:
    AssumeOnlyUser(stack, "User")

    assert resources(template_of(stack), "AWS::IAM::Policy") == {}


def test_access_key_secret_goes_to_secrets_manager_only(stack: Stack) -> None:
    user = AssumeOnlyUser(stack, "User", access_key=True)

    template = template_of(stack)
    (key_id,) = resources(template, "AWS::IAM::AccessKey")
    secret = only(template, "AWS::SecretsManager::Secret")
    rendered = json.dumps(secret["SecretString"])

    assert user.access_key_secret is not None
    assert {"Fn::GetAtt": [key_id, "SecretAccessKey"]} in secret["SecretString"]["Fn::Join"][1]
    assert '"accessKeyId' in rendered
    assert "SecretAccessKey" not in json.dumps(template.get("Outputs", {}))


def test_console_password_is_generated_and_must_be_reset(stack: Stack) -> None:
    AssumeOnlyUser(stack, "User", user_name="sts-user", console_password=True)

    template = template_of(stack)
    (secret_id,) = resources(template, "AWS::SecretsManager::Secret")
    login = only(template, "AWS::IAM::User")["LoginProfile"]
    policy = only(template, "AWS::IAM::Policy")["PolicyDocument"]

    assert login["PasswordResetRequired"] is True
    assert login["Password"] == {
        "Fn::Join": [
            "",
            ["{{resolve:secretsmanager:", {"Ref": secret_id}, ":SecretString:password::}}"],
        ]
    }
    assert policy["Statement"][0]["Action"] == "iam:ChangePassword"


def test_enforce_mfa_denies_all_but_mfa_self_service(stack: Stack) -> None:
    AssumeOnlyUser(stack, "User", enforce_mfa=True)

    statements = only(template_of(stack), "AWS::IAM::Policy")["PolicyDocument"]["Statement"]
    deny = next(s for s in statements if s["Effect"] == "Deny")

    assert deny["Condition"] == {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    assert "sts:AssumeRole" not in deny["NotAction"]
    assert "iam:EnableMFADevice" in deny["NotAction"]
    assert deny["Resource"] == "*"


def test_every_option_passes_cdk_nag(stack: Stack) -> None:
    AssumeOnlyUser(
        stack,
        "User",
        user_name="sts-user",
        assumable_roles=[role(stack)],
        access_key=True,
        console_password=True,
        enforce_mfa=True,
    )

    assert nag_findings(stack) == []


def test_fails_on_bad_user_name(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"user_name: 'sts user' must be 1-64 characters"):
        AssumeOnlyUser(stack, "User", user_name="sts user")


def test_fails_on_bad_path(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"path: 'people' must be '/'"):
        AssumeOnlyUser(stack, "User", path="people")


def test_fails_on_the_same_role_twice(stack: Stack) -> None:
    target = role(stack)
    user = AssumeOnlyUser(stack, "User", assumable_roles=[target])
    with pytest.raises(ValueError, match=r"assumable_roles: .* appears more than once"):
        user.allow_assume(target)
