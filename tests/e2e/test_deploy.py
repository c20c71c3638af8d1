"""The sandbox app deployed by the real CDK CLI into the emulator, with IAM enforced."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from sts_constructs.emulator import StaticCredentials
from tests.e2e.sandbox import Sandbox

pytestmark = pytest.mark.e2e


def test_deploys_every_output_the_walkthrough_reads(sandbox: Sandbox) -> None:
    assert {
        "SandboxBucketName",
        "StsUserName",
        "StsUserAccessKeySecretArn",
        "SandboxS3ReadRoleArn",
        "SandboxAppRoleArn",
    } <= set(sandbox.outputs)


def test_reports_the_bucket_policy_as_skipped_by_the_emulator(sandbox: Sandbox) -> None:
    assert [
        (s.stack_name, s.logical_id.startswith("SandboxBucketPolicy"), s.resource_type)
        for s in sandbox.result.skipped
        if s.stack_name == "sts-sandbox"
    ] == [("sts-sandbox", True, "AWS::S3::BucketPolicy")]


def test_user_is_in_the_group_whose_policy_allows_assume_role(sandbox: Sandbox) -> None:
    iam = sandbox.emulator.client("iam")

    (group,) = iam.list_groups_for_user(UserName="sts-user")["Groups"]
    (policy,) = iam.list_group_policies(GroupName=group["GroupName"])["PolicyNames"]
    document = iam.get_group_policy(GroupName=group["GroupName"], PolicyName=policy)

    statement = document["PolicyDocument"]["Statement"][0]
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Resource"] == sandbox.outputs["SandboxS3ReadRoleArn"]


def test_secret_holds_a_working_access_key_of_the_user(sandbox: Sandbox) -> None:
    sts = sandbox.emulator.client("sts", credentials=sandbox.user)

    assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:user/sts-user"


def test_enforcement_denies_an_unknown_access_key(sandbox: Sandbox) -> None:
    s3 = sandbox.emulator.client("s3", credentials=StaticCredentials("AKIAUNKNOWN000000000", "x"))

    with pytest.raises(ClientError, match="InvalidAccessKeyId"):
        s3.list_buckets()


def test_reports_nothing_else_as_skipped_in_any_stack(sandbox: Sandbox) -> None:
    # Groups, secrets, OIDC and SAML providers are created by our models; only bucket
    # policies are left out on purpose.
    assert {s.resource_type for s in sandbox.result.skipped} == {"AWS::S3::BucketPolicy"}


def test_role_inline_policies_work_with_enforcement_on(sandbox: Sandbox) -> None:
    # moto alone stores CloudFormation inline policies as dicts: every call then fails
    # with HTTP 500 once enforcement is on. Our Role model stores JSON text.
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:user/emulator-admin"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    list_buckets = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}],
    }
    template = {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": "inline-lister",
                    "AssumeRolePolicyDocument": trust,
                    "Policies": [{"PolicyName": "list", "PolicyDocument": list_buckets}],
                },
            }
        }
    }
    emulator = sandbox.emulator
    emulator.client("cloudformation").create_stack(
        StackName="inline-policies",
        TemplateBody=json.dumps(template),
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    credentials = emulator.client("sts").assume_role(
        RoleArn="arn:aws:iam::123456789012:role/inline-lister", RoleSessionName="inline"
    )["Credentials"]
    role = StaticCredentials(
        credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]
    )
    s3 = emulator.client("s3", credentials=role)

    assert "Buckets" in s3.list_buckets()
    with pytest.raises(ClientError, match="AccessDenied"):
        s3.put_object(Bucket=sandbox.outputs["SandboxBucketName"], Key="k", Body=b"")
