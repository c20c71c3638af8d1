"""CloudFormation and managed-policy quotas: written once in ``sts_constructs.validation``, read
by the checks' ``Limits``, the StackSets and the cross-account stacks' placement."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stacks import cross_account_stack
from sts_constructs import _org_rollout
from sts_constructs import validation as rules
from sts_constructs.checks import Limits

ROOT = Path(__file__).resolve().parents[2]
# A CloudFormation stack or template quota written as a number in code (assigned or compared).
_QUOTA_LITERAL = re.compile(r"(?:=|<|>)\s*(?:500|499|200|51_?200)\b")


# Each ``Limits`` field, the quota it defaults to, and the value AWS documents for it:
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
DEFAULTS = {
    "stack_resources": (rules.STACK_RESOURCES_MAX, 500),
    "stack_outputs": (rules.STACK_OUTPUTS_MAX, 200),
    "stack_parameters": (rules.STACK_PARAMETERS_MAX, 200),
    "stack_mappings": (rules.STACK_MAPPINGS_MAX, 200),
    "template_body_bytes": (rules.TEMPLATE_BODY_MAX_BYTES, 51_200),
    "template_s3_bytes": (rules.TEMPLATE_URL_MAX_BYTES, 1_048_576),
    "managed_policies_per_role": (rules.DEFAULT_MANAGED_POLICIES_PER_ROLE, 10),
    "managed_policies_per_user": (rules.DEFAULT_MANAGED_POLICIES_PER_ROLE, 10),
    "managed_policies_per_group": (rules.MAX_MANAGED_POLICIES_PER_GROUP, 10),
}


def test_quotas_are_those_aws_documents() -> None:
    assert {name: quota for name, (quota, _) in DEFAULTS.items()} == {
        name: documented for name, (_, documented) in DEFAULTS.items()
    }
    assert rules.MAX_MANAGED_POLICIES_PER_ROLE == 20


def test_iam_names_have_the_lengths_aws_documents() -> None:
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names
    assert dict(rules.IAM_NAME_PROPERTIES) == {
        "AWS::IAM::Role": ("RoleName", 64),
        "AWS::IAM::User": ("UserName", 64),
        "AWS::IAM::Group": ("GroupName", 128),
        "AWS::IAM::ManagedPolicy": ("ManagedPolicyName", 128),
        "AWS::IAM::InstanceProfile": ("InstanceProfileName", 128),
    }
    assert rules.POLICY_NAME_MAX_CHARS == 128


def test_limits_default_to_the_quotas() -> None:
    limits = Limits()

    assert {name: getattr(limits, name) for name in DEFAULTS} == {
        name: quota for name, (quota, _) in DEFAULTS.items()
    }


def test_limits_refuse_more_managed_policies_per_group_than_iam_allows() -> None:
    assert Limits(managed_policies_per_group=3).managed_policies_per_group == 3
    with pytest.raises(
        ValueError,
        match=r"^managed_policies_per_group: 11 is above IAM's hard maximum of 10, which no "
        r"quota increase goes beyond$",
    ):
        Limits(managed_policies_per_group=11)


def test_stack_sets_and_placement_read_the_quotas() -> None:
    assert _org_rollout.TEMPLATE_BODY_MAX_BYTES is rules.TEMPLATE_BODY_MAX_BYTES
    assert cross_account_stack.MAX_OUTPUTS_PER_STACK == rules.STACK_OUTPUTS_MAX
    assert cross_account_stack.MAX_ROLES_PER_STACK == rules.STACK_OUTPUTS_MAX
    # CDK adds a CDKMetadata resource to every stack.
    assert cross_account_stack.MAX_GRANTS_PER_STACK == rules.STACK_RESOURCES_MAX - 1
    assert cross_account_stack.ROLES_PER_STACK * 2 == rules.STACK_OUTPUTS_MAX
    assert cross_account_stack.GRANTS_PER_STACK * 2 == rules.STACK_RESOURCES_MAX


def test_no_module_outside_validation_writes_a_cloudformation_quota() -> None:
    modules = [
        path
        for path in [*ROOT.glob("sts_constructs/**/*.py"), *ROOT.glob("stacks/**/*.py")]
        if not {"validation", "emulator"} & set(path.relative_to(ROOT).parts)
    ]
    offending = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in modules
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if _QUOTA_LITERAL.search(line.split("#")[0])
    ]

    assert len(modules) > 50
    assert offending == []
