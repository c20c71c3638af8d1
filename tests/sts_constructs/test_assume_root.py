"""Centralized root access: AssumeRoot on named accounts for named task policies only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template

from sts_constructs import AssumeRootPolicy, RootTaskPolicy, assume_root_policy_document
from sts_constructs.checks import assert_no_sts_findings
from tests.sts_constructs.federation._support import one_statement_policy
from tests.support import exactly, nag_findings, only, template_of


def test_policy_names_accounts_and_task_policies() -> None:
    document = assume_root_policy_document(
        member_account_ids=["222222222222", "333333333333"],
        task_policies=[RootTaskPolicy.S3_UNLOCK_BUCKET_POLICY, "IAMAuditRootUserCredentials"],
    )

    assert document == one_statement_policy(
        "AssumeRootForNamedTasks",
        Action="sts:AssumeRoot",
        Resource=["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"],
        Condition={
            "StringEquals": {
                "sts:TaskPolicyArn": [
                    "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
                    "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials",
                ]
            }
        },
    )


def test_every_documented_task_policy_has_its_arn() -> None:
    assert {t.value for t in RootTaskPolicy} == {
        "IAMAuditRootUserCredentials",
        "IAMCreateRootUserPassword",
        "IAMDeleteRootUserCredentials",
        "S3UnlockBucketPolicy",
        "SQSUnlockQueuePolicy",
    }
    assert AssumeRootPolicy.MAX_SESSION_SECONDS == 900


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"member_account_ids": []}, "member_account_ids: [] names nothing"),
        ({"member_account_ids": ["*"]}, "member_account_ids[0]: '*' is not an AWS account ID"),
        (
            {"member_account_ids": ["2222"]},
            "member_account_ids[0]: '2222' is not an AWS account ID",
        ),
        (
            {"member_account_ids": ["222222222222", "222222222222"]},
            "member_account_ids: '222222222222' appears more than once",
        ),
        ({"task_policies": []}, "task_policies: [] names nothing"),
        (
            {"task_policies": ["AdministratorAccess"]},
            "task_policies[0]: 'AdministratorAccess' is not a root task policy",
        ),
        (
            {"task_policies": ["S3UnlockBucketPolicy", "S3UnlockBucketPolicy"]},
            "appears more than once",
        ),
    ],
)
def test_fails_on_unscoped_root_access(kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {
        "member_account_ids": ["222222222222"],
        "task_policies": ["S3UnlockBucketPolicy"],
        **kwargs,
    }
    with pytest.raises(ValueError, match=re.escape(message)):
        assume_root_policy_document(**arguments)


def _in_stack_partition(rest: str) -> dict[str, Any]:
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, rest]]}


def test_construct_attaches_the_managed_policy_to_the_team_role(stack: Stack) -> None:
    team = iam.Role(stack, "Team", assumed_by=iam.AccountRootPrincipal())
    AssumeRootPolicy(
        stack,
        "RootTasks",
        member_account_ids=["222222222222"],
        task_policies=[RootTaskPolicy.SQS_UNLOCK_QUEUE_POLICY],
        roles=[team],
    )

    Template.from_stack(stack).has_resource_properties(
        "AWS::IAM::ManagedPolicy",
        {
            "Description": "sts:AssumeRoot on member accounts for: SQSUnlockQueuePolicy",
            "PolicyDocument": {
                "Statement": [
                    {
                        "Action": "sts:AssumeRoot",
                        "Resource": _in_stack_partition(":iam::222222222222:root"),
                        "Condition": {
                            "StringEquals": {
                                "sts:TaskPolicyArn": _in_stack_partition(
                                    ":iam::aws:policy/root-task/SQSUnlockQueuePolicy"
                                )
                            }
                        },
                    }
                ]
            },
        },
    )


def test_passes_cdk_nag_and_the_trust_checks_in_the_stack_partition(stack: Stack) -> None:
    AssumeRootPolicy(
        stack,
        "RootTasks",
        member_account_ids=["222222222222"],
        task_policies=[RootTaskPolicy.IAM_DELETE_ROOT_USER_CREDENTIALS],
    )

    assert nag_findings(stack) == []
    assert_no_sts_findings(stack, severity="warning")


@pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov"])
def test_construct_builds_its_arns_in_the_partition_given(stack: Stack, partition: str) -> None:
    policy = AssumeRootPolicy(
        stack,
        "RootTasks",
        member_account_ids=["222222222222", "333333333333"],
        task_policies=["S3UnlockBucketPolicy"],
        partition=partition,
    )

    statement = only(template_of(stack), "AWS::IAM::ManagedPolicy")["PolicyDocument"]["Statement"]
    assert policy.partition == partition
    assert statement == [
        {
            "Sid": "AssumeRootForNamedTasks",
            "Effect": "Allow",
            "Action": "sts:AssumeRoot",
            "Resource": [
                f"arn:{partition}:iam::222222222222:root",
                f"arn:{partition}:iam::333333333333:root",
            ],
            "Condition": {
                "StringEquals": {
                    "sts:TaskPolicyArn": (
                        f"arn:{partition}:iam::aws:policy/root-task/S3UnlockBucketPolicy"
                    )
                }
            },
        }
    ]
    assert_no_sts_findings(stack, severity="warning")


@pytest.mark.parametrize("bad", ["aws-mars", "AWS", "aws\n", "", "arn:aws"])
def test_fails_on_a_partition_that_is_not_one(stack: Stack, bad: str) -> None:
    message = f"partition: {bad!r} is not a partition like 'aws', 'aws-cn' or 'aws-us-gov'"
    arguments: dict[str, Any] = {
        "member_account_ids": ["222222222222"],
        "task_policies": ["S3UnlockBucketPolicy"],
        "partition": bad,
    }

    with pytest.raises(ValueError, match=exactly(message)):
        AssumeRootPolicy(stack, "RootTasks", **arguments)
    with pytest.raises(ValueError, match=exactly(message)):
        assume_root_policy_document(**arguments)


def test_policy_document_takes_the_partition_given() -> None:
    document = assume_root_policy_document(
        member_account_ids=["222222222222"],
        task_policies=["IAMAuditRootUserCredentials"],
        partition="aws-cn",
    )

    assert document["Statement"][0]["Resource"] == "arn:aws-cn:iam::222222222222:root"
    assert document["Statement"][0]["Condition"] == {
        "StringEquals": {
            "sts:TaskPolicyArn": "arn:aws-cn:iam::aws:policy/root-task/IAMAuditRootUserCredentials"
        }
    }
