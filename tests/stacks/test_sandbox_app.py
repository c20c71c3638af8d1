"""The default app: the walkthrough's identities, as deployed, and nothing more."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App
from aws_cdk.cx_api import CloudAssembly

from tests.support import assert_logical_ids_match, cfn_lint_errors, nag_findings, resources


def by_name(template: dict[str, Any], resource_type: str, name_key: str, name: str) -> str:
    """Return the logical ID of the resource of a type with a given physical name."""
    (logical_id,) = [
        logical_id
        for logical_id, resource in resources(template, resource_type).items()
        if resource["Properties"].get(name_key) == name
    ]
    return logical_id


def test_role_trusts_exactly_the_user(sandbox: dict[str, Any]) -> None:
    user_id = by_name(sandbox, "AWS::IAM::User", "UserName", "sts-user")
    role_id = by_name(sandbox, "AWS::IAM::Role", "RoleName", "sandbox-s3-read")
    trust = sandbox["Resources"][role_id]["Properties"]["AssumeRolePolicyDocument"]

    assert trust["Statement"] == [
        {
            "Sid": "TrustedPrincipals",
            "Effect": "Allow",
            "Principal": {"AWS": {"Fn::GetAtt": [user_id, "Arn"]}},
            "Action": "sts:AssumeRole",
        }
    ]


def test_user_may_assume_only_the_role(sandbox: dict[str, Any]) -> None:
    user_id = by_name(sandbox, "AWS::IAM::User", "UserName", "sts-user")
    role_id = by_name(sandbox, "AWS::IAM::Role", "RoleName", "sandbox-s3-read")
    (group,) = sandbox["Resources"][user_id]["Properties"]["Groups"]
    group_policies = [
        policy["Properties"]["PolicyDocument"]["Statement"]
        for policy in resources(sandbox, "AWS::IAM::Policy").values()
        if group in policy["Properties"].get("Groups", [])
    ]

    assert group_policies == [
        [
            {
                "Action": "sts:AssumeRole",
                "Effect": "Allow",
                "Resource": {"Fn::GetAtt": [role_id, "Arn"]},
            }
        ]
    ]


@pytest.mark.parametrize(
    ("role_type", "name"),
    [("AWS::IAM::Role", "sandbox-s3-read"), ("AWS::IAM::Role", "sandbox-app")],
)
def test_roles_read_only_the_sandbox_bucket(
    sandbox: dict[str, Any], role_type: str, name: str
) -> None:
    role_id = by_name(sandbox, role_type, "RoleName", name)
    (bucket_id,) = resources(sandbox, "AWS::S3::Bucket")
    policies = [
        policy["Properties"]["PolicyDocument"]["Statement"]
        for policy in resources(sandbox, "AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"].get("Roles", [])
    ]
    (statements,) = policies
    actions = {action for s in statements for action in s["Action"]}

    assert all(s["Effect"] == "Allow" for s in statements)
    assert actions == {"s3:GetBucket*", "s3:GetObject*", "s3:List*"}
    assert bucket_id in json.dumps([s["Resource"] for s in statements])
    assert "*" not in [s["Resource"] for s in statements]


def test_instance_profile_carries_the_app_role(sandbox: dict[str, Any]) -> None:
    role_id = by_name(sandbox, "AWS::IAM::Role", "RoleName", "sandbox-app")
    profile_id = by_name(sandbox, "AWS::IAM::InstanceProfile", "InstanceProfileName", "sandbox-app")

    assert sandbox["Resources"][profile_id]["Properties"]["Roles"] == [{"Ref": role_id}]


def test_bucket_blocks_public_access_and_plain_http(sandbox: dict[str, Any]) -> None:
    (bucket,) = resources(sandbox, "AWS::S3::Bucket").values()
    (policy,) = resources(sandbox, "AWS::S3::BucketPolicy").values()

    assert bucket["Properties"]["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"]
    assert policy["Properties"]["PolicyDocument"]["Statement"][0]["Condition"] == {
        "Bool": {"aws:SecureTransport": "false"}
    }


@pytest.mark.parametrize(
    ("stack_name", "expected"),
    [
        (
            "sts-sandbox",
            {
                "SandboxBucketName",
                "StsUserName",
                "StsUserAccessKeySecretArn",
                "SandboxS3ReadRoleArn",
                "SandboxAppRoleArn",
                "SandboxAppInstanceProfileName",
            },
        ),
        (
            "sts-sandbox-federation",
            {
                "GithubOidcProviderArn",
                "SampleIdpSamlProviderArn",
                "GithubDeploySampleAppRoleArn",
                "SamlConsoleAccessRoleArn",
                "SandboxBrokerUserName",
                "SandboxBrokerAccessKeySecretArn",
            },
        ),
    ],
)
def test_outputs_name_the_identities_and_never_a_secret(
    sandbox_templates: dict[str, dict[str, Any]], stack_name: str, expected: set[str]
) -> None:
    outputs = sandbox_templates[stack_name]["Outputs"]

    assert set(outputs) == expected
    assert "SecretAccessKey" not in json.dumps(outputs)
    assert "SecretString" not in json.dumps(outputs)


def test_app_passes_cdk_nag(sandbox_app: App) -> None:
    assert nag_findings(sandbox_app) == []


def test_templates_pass_cfn_lint(sandbox_assembly: CloudAssembly) -> None:
    for stack in sandbox_assembly.stacks:
        assert cfn_lint_errors(Path(stack.template_full_path)) == [], stack.stack_name


def test_logical_ids_match_the_snapshot(sandbox_templates: dict[str, dict[str, Any]]) -> None:
    """A changed logical ID replaces a deployed resource: acknowledge it on purpose.

    If the change is intended, run ``UPDATE_SNAPSHOTS=1 make test`` and write a migration note
    in CHANGELOG.md.
    """
    for stack_name, template in sandbox_templates.items():
        assert_logical_ids_match(stack_name, template)


def test_synth_fails_on_an_unacknowledged_nag_finding(tmp_path: Path) -> None:
    from aws_cdk import App, Stack
    from aws_cdk import aws_s3 as s3

    from app import build_app

    app = build_app(App(outdir=str(tmp_path)))
    stack = next(child for child in app.node.children if isinstance(child, Stack))
    s3.Bucket(stack, "Unlogged", enforce_ssl=True)

    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    report = json.loads((tmp_path / "validation-report.json").read_text())
    rules = {
        violation["ruleName"]
        for plugin in report["pluginReports"]
        for violation in plugin["violations"]
    }
    assert rules == {"AwsSolutions-S1"}


def test_app_passes_the_trust_checks(sandbox_assembly: CloudAssembly) -> None:
    from sts_constructs.checks import check_assembly

    findings = check_assembly(Path(sandbox_assembly.directory))

    assert [f.to_dict() for f in findings] == []
