"""Roles found in stack outputs, and role names resolved to ARNs."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from sts_constructs.runtime import RuntimeToolError, deployed_roles, resolve_role

ARN = "arn:aws:iam::123456789012:role/sandbox-s3-read"
STACKS = {
    "Stacks": [
        {
            "StackName": "sts-sandbox",
            "CreationTime": "2026-11-23T08:00:00Z",
            "StackStatus": "CREATE_COMPLETE",
            "Outputs": [
                {
                    "OutputKey": "SandboxS3ReadRoleArn",
                    "OutputValue": ARN,
                    "Description": "sandbox-s3-read",
                },
                {"OutputKey": "SandboxBucketName", "OutputValue": "bucket"},
                {"OutputKey": "NotARoleArn", "OutputValue": "arn:aws:s3:::bucket"},
            ],
        }
    ]
}


class StubSession:
    """A session whose CloudFormation client answers DescribeStacks once per call."""

    region_name = "us-east-1"

    def client(self, service: str, **kwargs: Any) -> Any:
        assert service == "cloudformation"
        client = boto3.client(
            "cloudformation",
            region_name="us-east-1",
            aws_access_key_id="a",
            aws_secret_access_key="b",
        )
        stubber = Stubber(client)
        stubber.add_response("describe_stacks", STACKS)
        stubber.activate()
        return client


def test_finds_roles_by_output_key_suffix() -> None:
    roles = deployed_roles(StubSession())

    assert [(r.name, r.arn, r.output_key) for r in roles] == [
        ("sandbox-s3-read", ARN, "SandboxS3ReadRoleArn")
    ]


@pytest.mark.parametrize("name", ["sandbox-s3-read", "SandboxS3ReadRoleArn"])
def test_resolves_a_role_name_or_output_key(name: str) -> None:
    assert resolve_role(name, session=StubSession()) == ARN


def test_fails_on_unknown_role_listing_the_known_ones() -> None:
    with pytest.raises(RuntimeToolError, match=r"unknown role 'admin'.*sandbox-s3-read"):
        resolve_role("admin", session=StubSession())


def test_takes_an_arn_as_is_without_calling_aws() -> None:
    assert resolve_role(ARN, session=None) == ARN


def test_fails_on_an_arn_that_is_not_a_role() -> None:
    with pytest.raises(RuntimeToolError, match="not a role ARN"):
        resolve_role("arn:aws:iam::123456789012:user/me", session=None)
