"""Centralized root access: AssumeRoot on named accounts for named task policies only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template

from sts_constructs import AssumeRootPolicy, RootTaskPolicy, assume_root_policy_document
from tests.sts_constructs.federation._support import one_statement_policy

TASKS = "arn:aws:iam::aws:policy/root-task"


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
                        "Resource": "arn:aws:iam::222222222222:root",
                        "Condition": {
                            "StringEquals": {"sts:TaskPolicyArn": f"{TASKS}/SQSUnlockQueuePolicy"}
                        },
                    }
                ]
            },
        },
    )
