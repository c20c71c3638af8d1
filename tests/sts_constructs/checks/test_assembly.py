"""Reading a cdk.out directory: manifest, environments, nested assemblies, acknowledgments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sts_constructs.checks import TemplateError, check_assembly, check_paths, read_assembly
from tests.sts_constructs.checks._trust_templates import stack_artifact, write_manifest

PARTNER_TRUST = {
    "Type": "AWS::IAM::Role",
    "Properties": {
        "AssumeRolePolicyDocument": {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
                    "Action": "sts:AssumeRole",
                }
            ]
        }
    },
}


def write_stack(directory: Path, name: str, resources: dict[str, Any]) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.template.json").write_text(json.dumps({"Resources": resources}))
    return f"{name}.template.json"


def test_accounts_of_every_stack_are_own_and_others_are_outside(tmp_path: Path) -> None:
    write_manifest(
        tmp_path,
        {
            "Pinned": stack_artifact(
                write_stack(tmp_path, "Pinned", {"R": PARTNER_TRUST}),
                "aws://111111111111/eu-west-1",
            ),
            "Agnostic": stack_artifact(
                write_stack(tmp_path, "Agnostic", {"R": PARTNER_TRUST}),
                "aws://unknown-account/unknown-region",
            ),
        },
    )
    found = check_assembly(tmp_path)
    assert sorted((Path(f.template).name, f.rule) for f in found) == [
        ("Agnostic.template.json", "STS-TRUST2"),
        ("Pinned.template.json", "STS-TRUST2"),
    ]
    assert all("outside your accounts (111111111111)" in f.message for f in found)


def test_trust_between_stacks_of_one_assembly_is_first_party(tmp_path: Path) -> None:
    write_manifest(
        tmp_path,
        {
            "Prod": stack_artifact(
                write_stack(tmp_path, "Prod", {"R": PARTNER_TRUST}), "aws://111111111111/eu-west-1"
            ),
            "Tools": stack_artifact(
                write_stack(tmp_path, "Tools", {"T": {"Type": "AWS::SNS::Topic"}}),
                "aws://222222222222/eu-west-1",
            ),
        },
    )
    assert check_assembly(tmp_path) == []


def test_own_account_option_makes_an_account_first_party(tmp_path: Path) -> None:
    write_manifest(
        tmp_path,
        {"Agnostic": stack_artifact(write_stack(tmp_path, "Agnostic", {"R": PARTNER_TRUST}), "")},
    )
    [finding] = check_assembly(tmp_path)
    assert "not known to be yours (no own account is known" in finding.message
    assert check_assembly(tmp_path, own_accounts=["222222222222"]) == []


def test_nested_assemblies_and_nested_stack_templates_are_read(tmp_path: Path) -> None:
    stage = tmp_path / "assembly-Prod"
    write_manifest(
        stage,
        {
            "S": stack_artifact(
                write_stack(stage, "ProdS", {"R": PARTNER_TRUST}), "aws://111111111111/us-east-1"
            )
        },
    )
    write_stack(tmp_path, "ParentNested1234.nested", {"K": {"Type": "AWS::IAM::AccessKey"}})
    write_manifest(
        tmp_path,
        {"Prod": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-Prod"}}},
    )
    names = sorted(stack.path.name for stack in read_assembly(tmp_path))
    assert names == ["ParentNested1234.nested.template.json", "ProdS.template.json"]
    assert sorted(f.rule for f in check_assembly(tmp_path)) == ["STS-IAM3", "STS-TRUST2"]


def test_cdk_acknowledgments_on_the_resource_or_an_ancestor_are_honoured(tmp_path: Path) -> None:
    template = write_stack(
        tmp_path,
        "S",
        {
            "Key": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ci"}},
            "User": {"Type": "AWS::IAM::User", "Properties": {"LoginProfile": {"Password": "x"}}},
            "Other": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "x"}},
        },
    )
    metadata = {
        "/S/Ci/Key": [{"type": "aws:cdk:logicalId", "data": "Key"}],
        "/S/Ci/User/Resource": [{"type": "aws:cdk:logicalId", "data": "User"}],
        # On the parent construct, with CDK's two spellings of the ID.
        "/S/Ci": [
            {
                "type": "aws:cdk:acknowledged-rules",
                "data": {
                    "sts-constructs::STS-IAM3": "sandbox CI key",
                    "Annotation::STS-IAM4": "sandbox login",
                },
            }
        ],
        "/S/Other": [
            {"type": "aws:cdk:logicalId", "data": "Other"},
            {"type": "aws:cdk:acknowledged-rules", "data": {"OtherTool::STS-IAM3": "not ours"}},
        ],
    }
    (tmp_path / "S.metadata.json").write_text(json.dumps(metadata))
    write_manifest(
        tmp_path,
        {
            "S": stack_artifact(
                template, "aws://111111111111/us-east-1", additionalMetadataFile="S.metadata.json"
            )
        },
    )
    found = check_assembly(tmp_path)
    assert [(f.resource, f.rule) for f in found] == [("Other", "STS-IAM3")]


def test_directory_without_manifest_takes_every_template(tmp_path: Path) -> None:
    write_stack(tmp_path, "A", {"K": {"Type": "AWS::IAM::AccessKey"}})
    assert [f.rule for f in check_paths([tmp_path])] == ["STS-IAM3"]


def test_fails_on_a_directory_without_templates(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="no CloudFormation template"):
        check_paths([tmp_path])


def test_fails_on_a_broken_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{")
    with pytest.raises(TemplateError, match="manifest"):
        read_assembly(tmp_path)


def test_acknowledgment_on_the_stack_covers_template_wide_findings(tmp_path: Path) -> None:
    many = {f"T{i}": {"Type": "AWS::SNS::Topic"} for i in range(501)}
    template = write_stack(tmp_path, "S", {**many, "K": {"Type": "AWS::IAM::AccessKey"}})
    metadata = {
        "/S": [
            {"type": "aws:cdk:templateFile", "data": "S.template.json"},
            {
                "type": "aws:cdk:acknowledged-rules",
                "data": {"sts-constructs::STS-LIMIT8": "split next"},
            },
        ],
        "/S/K": [{"type": "aws:cdk:logicalId", "data": "K"}],
    }
    (tmp_path / "S.metadata.json").write_text(json.dumps(metadata))
    write_manifest(
        tmp_path,
        {
            "S": stack_artifact(
                template, "aws://111111111111/us-east-1", additionalMetadataFile="S.metadata.json"
            )
        },
    )
    assert [f.rule for f in check_assembly(tmp_path)] == ["STS-IAM3"]
