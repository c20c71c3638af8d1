"""Our CloudFormation models for moto, in-process: what a stack creates really exists."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

moto = pytest.importorskip("moto")
# moto warns about each type it skips; the skip is what one test checks.
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse:UserWarning")

from sts_constructs.emulator import models, skipped_resources  # noqa: E402
from sts_constructs.emulator._policies import trust_policy  # noqa: E402

TRUST = trust_policy({"AWS": {"Fn::GetAtt": ["User", "Arn"]}})
READ_BUCKETS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}],
}
TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Group": {"Type": "AWS::IAM::Group", "Properties": {"Path": "/team/"}},
        "GroupPolicy": {
            "Type": "AWS::IAM::Policy",
            "Properties": {
                "PolicyName": "assume",
                "Groups": [{"Ref": "Group"}],
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": "sts:AssumeRole",
                            "Resource": {"Fn::GetAtt": ["Role", "Arn"]},
                        }
                    ],
                },
            },
        },
        "User": {
            "Type": "AWS::IAM::User",
            "Properties": {
                "UserName": "walker",
                "Groups": [{"Ref": "Group"}],
                "Tags": [{"Key": "team", "Value": "blue"}],
            },
        },
        "OtherGroup": {"Type": "AWS::IAM::Group", "Properties": {"GroupName": "others"}},
        "Addition": {
            "Type": "AWS::IAM::UserToGroupAddition",
            "Properties": {"GroupName": {"Ref": "OtherGroup"}, "Users": [{"Ref": "User"}]},
        },
        "Key": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "User"}}},
        "KeySecret": {
            "Type": "AWS::SecretsManager::Secret",
            "Properties": {
                "Description": "the key",
                "SecretString": {
                    "Fn::Join": [
                        "",
                        [
                            '{"accessKeyId":"',
                            {"Ref": "Key"},
                            '","secretAccessKey":"',
                            {"Fn::GetAtt": ["Key", "SecretAccessKey"]},
                            '"}',
                        ],
                    ]
                },
            },
        },
        "Generated": {
            "Type": "AWS::SecretsManager::Secret",
            "Properties": {
                "GenerateSecretString": {
                    "SecretStringTemplate": '{"username":"app"}',
                    "GenerateStringKey": "password",
                    "PasswordLength": 20,
                    "ExcludePunctuation": True,
                }
            },
        },
        "Role": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "RoleName": "reader",
                "AssumeRolePolicyDocument": TRUST,
                "MaxSessionDuration": 7200,
                "Policies": [{"PolicyName": "inline", "PolicyDocument": READ_BUCKETS}],
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            },
        },
        "Oidc": {
            "Type": "AWS::IAM::OIDCProvider",
            "Properties": {
                "Url": "https://token.actions.githubusercontent.com",
                "ClientIdList": ["sts.amazonaws.com"],
                "ThumbprintList": ["6938fd4d98bab03faadb97b34396831e3780aea1"],
            },
        },
        "Saml": {
            "Type": "AWS::IAM::SAMLProvider",
            "Properties": {"Name": "corp", "SamlMetadataDocument": "<md:EntityDescriptor/>"},
        },
        "Bucket": {"Type": "AWS::S3::Bucket"},
        "BucketPolicy": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {"Bucket": {"Ref": "Bucket"}, "PolicyDocument": READ_BUCKETS},
        },
        "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2"}},
    },
    "Outputs": {
        "SecretArn": {"Value": {"Ref": "KeySecret"}},
        "GroupArn": {"Value": {"Fn::GetAtt": ["Group", "Arn"]}},
        "OidcArn": {"Value": {"Ref": "Oidc"}},
    },
}


@pytest.fixture(scope="module")
def stack() -> Iterator[dict[str, str]]:
    """Create TEMPLATE once in an in-process moto with our models installed."""
    with pytest.MonkeyPatch.context() as patch, moto.mock_aws():
        patch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
        models.install()
        cloudformation = boto3.client("cloudformation", region_name="us-east-1")
        cloudformation.create_stack(StackName="models", TemplateBody=json.dumps(TEMPLATE))
        outputs = cloudformation.describe_stacks(StackName="models")["Stacks"][0]["Outputs"]
        yield {o["OutputKey"]: o["OutputValue"] for o in outputs}


def iam() -> Any:
    return boto3.client("iam", region_name="us-east-1")


def test_install_names_every_type_it_takes_over() -> None:
    assert set(models.install()) == {
        "AWS::IAM::Group",
        "AWS::IAM::OIDCProvider",
        "AWS::IAM::Role",
        "AWS::IAM::SAMLProvider",
        "AWS::IAM::User",
        "AWS::IAM::UserToGroupAddition",
        "AWS::SecretsManager::Secret",
    }


def test_group_exists_with_its_policy_and_member(stack: dict[str, str]) -> None:
    groups = iam().list_groups_for_user(UserName="walker")["Groups"]
    team = next(g for g in groups if g["Path"] == "/team/")

    assert stack["GroupArn"] == team["Arn"]
    assert iam().list_group_policies(GroupName=team["GroupName"])["PolicyNames"] == ["assume"]


def test_user_to_group_addition_adds_the_user(stack: dict[str, str]) -> None:
    members = iam().get_group(GroupName="others")["Users"]

    assert [u["UserName"] for u in members] == ["walker"]


def test_user_tags_are_applied(stack: dict[str, str]) -> None:
    assert iam().list_user_tags(UserName="walker")["Tags"] == [{"Key": "team", "Value": "blue"}]


def test_secret_holds_the_access_key_and_its_secret(stack: dict[str, str]) -> None:
    secrets = boto3.client("secretsmanager", region_name="us-east-1")
    value = json.loads(secrets.get_secret_value(SecretId=stack["SecretArn"])["SecretString"])
    keys = iam().list_access_keys(UserName="walker")["AccessKeyMetadata"]

    assert value["accessKeyId"] == keys[0]["AccessKeyId"]
    assert len(value["secretAccessKey"]) == 40


def test_generated_secret_follows_its_template(stack: dict[str, str]) -> None:
    secrets = boto3.client("secretsmanager", region_name="us-east-1")
    arns = [s["ARN"] for s in secrets.list_secrets()["SecretList"]]
    values = [json.loads(secrets.get_secret_value(SecretId=a)["SecretString"]) for a in arns]
    generated = next(v for v in values if "username" in v)

    assert generated["username"] == "app"
    assert len(generated["password"]) == 20
    assert generated["password"].isalnum()


def test_role_inline_policy_is_stored_as_json_text(stack: dict[str, str]) -> None:
    document = iam().get_role_policy(RoleName="reader", PolicyName="inline")["PolicyDocument"]

    assert document["Statement"][0]["Action"] == "s3:ListAllMyBuckets"


def test_role_managed_policies_are_attached(stack: dict[str, str]) -> None:
    attached = iam().list_attached_role_policies(RoleName="reader")["AttachedPolicies"]

    assert [p["PolicyArn"] for p in attached] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]


def test_role_keeps_its_max_session_duration(stack: dict[str, str]) -> None:
    assert iam().get_role(RoleName="reader")["Role"]["MaxSessionDuration"] == 7200


def test_oidc_and_saml_providers_exist(stack: dict[str, str]) -> None:
    oidc = iam().list_open_id_connect_providers()["OpenIDConnectProviderList"]
    saml = iam().list_saml_providers()["SAMLProviderList"]

    assert [p["Arn"] for p in oidc] == [stack["OidcArn"]]
    assert [p["Arn"].rsplit("/", 1)[-1] for p in saml] == ["corp"]


def test_bucket_policy_is_reported_skipped_and_cdk_metadata_ignored(
    stack: dict[str, str],
) -> None:
    cloudformation = boto3.client("cloudformation", region_name="us-east-1")

    skipped = skipped_resources(cloudformation, stack_name="models")

    assert [(s.logical_id, s.resource_type) for s in skipped] == [
        ("BucketPolicy", "AWS::S3::BucketPolicy")
    ]
    assert "conditions" in skipped[0].reason


def test_role_update_applies_trust_duration_and_policies_in_place() -> None:
    service_trust = trust_policy({"Service": "ec2.amazonaws.com"})
    role: dict[str, Any] = {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "RoleName": "updated",
            "AssumeRolePolicyDocument": service_trust,
            "MaxSessionDuration": 7200,
            "Policies": [{"PolicyName": "first", "PolicyDocument": READ_BUCKETS}],
        },
    }
    with moto.mock_aws():
        models.install()
        cloudformation = boto3.client("cloudformation", region_name="us-east-1")
        cloudformation.create_stack(
            StackName="update", TemplateBody=json.dumps({"Resources": {"Role": role}})
        )
        role["Properties"].update(
            MaxSessionDuration=10_800,
            Description="second version",
            Policies=[{"PolicyName": "second", "PolicyDocument": READ_BUCKETS}],
        )
        cloudformation.update_stack(
            StackName="update", TemplateBody=json.dumps({"Resources": {"Role": role}})
        )

        updated = iam().get_role(RoleName="updated")["Role"]
        policies = iam().list_role_policies(RoleName="updated")["PolicyNames"]

    assert updated["MaxSessionDuration"] == 10_800
    assert updated["Description"] == "second version"
    assert policies == ["second"]


def test_user_and_group_updates_replace_their_policies_and_delete_cleans_up() -> None:
    def principals(policy_name: str, managed: str) -> dict[str, Any]:
        policies = [{"PolicyName": policy_name, "PolicyDocument": READ_BUCKETS}]
        return {
            "Resources": {
                "Team": {
                    "Type": "AWS::IAM::Group",
                    "Properties": {
                        "GroupName": "team",
                        "Policies": policies,
                        "ManagedPolicyArns": [managed],
                    },
                },
                "Member": {
                    "Type": "AWS::IAM::User",
                    "Properties": {
                        "UserName": "member",
                        "Policies": policies,
                        "ManagedPolicyArns": [managed],
                    },
                },
            }
        }

    first, second = (f"arn:aws:iam::aws:policy/{n}" for n in ("ReadOnlyAccess", "SecurityAudit"))
    with pytest.MonkeyPatch.context() as patch, moto.mock_aws():
        patch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
        models.install()
        cloudformation = boto3.client("cloudformation", region_name="us-east-1")
        body = json.dumps(principals("first", first))
        cloudformation.create_stack(StackName="people", TemplateBody=body)
        body = json.dumps(principals("second", second))
        cloudformation.update_stack(StackName="people", TemplateBody=body)

        group_inline = iam().list_group_policies(GroupName="team")["PolicyNames"]
        user_inline = iam().list_user_policies(UserName="member")["PolicyNames"]
        group_managed = iam().list_attached_group_policies(GroupName="team")["AttachedPolicies"]
        user_managed = iam().list_attached_user_policies(UserName="member")["AttachedPolicies"]
        cloudformation.delete_stack(StackName="people")
        groups_left = [g["GroupName"] for g in iam().list_groups()["Groups"]]
        users_left = [u["UserName"] for u in iam().list_users()["Users"]]

    assert group_inline == user_inline == ["second"]
    assert [p["PolicyArn"] for p in group_managed] == [second]
    assert [p["PolicyArn"] for p in user_managed] == [second]
    assert "team" not in groups_left
    assert "member" not in users_left


class _YamlTemplateStack:
    """A stack as the CDK CLI deploys a template without assets: its body is YAML text."""

    def get_template(self, StackName: str) -> dict[str, str]:
        return {
            "TemplateBody": (
                "Resources:\n"
                "  Reader:\n"
                "    Type: AWS::IAM::Role\n"
                "  Policy:\n"
                "    Type: AWS::S3::BucketPolicy\n"
                "    Properties:\n"
                "      Bucket: !Ref Bucket\n"
            )
        }

    def list_stack_resources(self, StackName: str) -> dict[str, list[dict[str, str]]]:
        return {
            "StackResourceSummaries": [
                {"LogicalResourceId": "Reader", "ResourceType": "AWS::IAM::Role"}
            ]
        }


def test_a_yaml_template_body_is_read_too() -> None:
    skipped = skipped_resources(_YamlTemplateStack(), stack_name="yaml")

    assert [(s.logical_id, s.resource_type) for s in skipped] == [
        ("Policy", "AWS::S3::BucketPolicy")
    ]


def test_a_new_name_replaces_the_role_user_and_group() -> None:
    """Also next to an ``AWS::IAM::Policy`` of groups only (moto's own role delete fails)."""

    def named(suffix: str) -> str:
        return json.dumps(
            {
                "Resources": {
                    "Team": {
                        "Type": "AWS::IAM::Group",
                        "Properties": {"GroupName": f"crew{suffix}"},
                    },
                    "Member": {
                        "Type": "AWS::IAM::User",
                        "Properties": {"UserName": f"hand{suffix}", "Groups": [{"Ref": "Team"}]},
                    },
                    "TeamPolicy": {
                        "Type": "AWS::IAM::Policy",
                        "Properties": {
                            "PolicyName": "read",
                            "Groups": [{"Ref": "Team"}],
                            "PolicyDocument": READ_BUCKETS,
                        },
                    },
                    "Reader": {
                        "Type": "AWS::IAM::Role",
                        "Properties": {
                            "RoleName": f"lookout{suffix}",
                            "AssumeRolePolicyDocument": trust_policy(
                                {"Service": "ec2.amazonaws.com"}
                            ),
                            "Policies": [{"PolicyName": "read", "PolicyDocument": READ_BUCKETS}],
                        },
                    },
                }
            }
        )

    # An account of its own: the module's stack lives in the default one.
    with pytest.MonkeyPatch.context() as patch, moto.mock_aws():
        patch.setenv("MOTO_ACCOUNT_ID", "222222222222")
        models.install()
        cloudformation = boto3.client("cloudformation", region_name="us-east-1")
        cloudformation.create_stack(StackName="renamed", TemplateBody=named(""))
        cloudformation.update_stack(StackName="renamed", TemplateBody=named("-2"))

        groups = [g["GroupName"] for g in iam().list_groups()["Groups"]]
        users = [u["UserName"] for u in iam().list_users()["Users"]]
        roles = [r["RoleName"] for r in iam().list_roles()["Roles"]]
        policies = iam().list_role_policies(RoleName="lookout-2")["PolicyNames"]
        member_of = iam().list_groups_for_user(UserName="hand-2")["Groups"]

    assert (groups, users, roles) == (["crew-2"], ["hand-2"], ["lookout-2"])
    assert [g["GroupName"] for g in member_of] == ["crew-2"]
    assert policies == ["read"]
