"""Roles found in stack outputs, and role names resolved to ARNs."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from sts_constructs.runtime import (
    RoleScan,
    RuntimeToolError,
    deployed_roles,
    resolve_role,
    scan_role_outputs,
)
from sts_constructs.runtime._stacks import no_role_outputs

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

    def __init__(self, stacks: dict[str, Any] = STACKS) -> None:
        self.stacks = stacks

    def client(self, service: str, **kwargs: Any) -> Any:
        assert service == "cloudformation"
        client = boto3.client(
            "cloudformation",
            region_name="us-east-1",
            aws_access_key_id="a",
            aws_secret_access_key="b",
        )
        stubber = Stubber(client)
        stubber.add_response("describe_stacks", self.stacks)
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
    with pytest.raises(RuntimeToolError) as error:
        resolve_role("arn:aws:iam::123456789012:user/me", session=None)

    assert str(error.value) == (
        "ROLE: 'arn:aws:iam::123456789012:user/me' is not an IAM role ARN like "
        "'arn:aws:iam::111111111111:role/name'"
    )


def stacks_with(*outputs: dict[str, str]) -> dict[str, Any]:
    return {"Stacks": [{**STACKS["Stacks"][0], "Outputs": list(outputs)}]}


@pytest.mark.parametrize(
    ("description", "message"),
    [
        (
            "evil]\ncredential_process = touch pwned\n[profile evil2",
            "description: 'evil]\\ncredential_process = touch pwned\\n[profile evil2' must be "
            "1-64 characters of letters, digits and +=,.@_- (IAM names)",
        ),
        ("reader\n", "description: 'reader\\n' must be 1-64 characters"),
        ("read only", "description: 'read only' must be 1-64 characters"),
        ("x" * 65, "description: 'xxxxxxxx"),
        ("r\x1b[31mred", "description: 'r\\x1b[31mred' must be 1-64"),
        ("x${Token[ ] [profile y", "description: 'x${Token[ ] [profile y' holds a CDK token"),
    ],
)
def test_refuses_a_role_output_whose_description_is_not_an_iam_name(
    description: str, message: str
) -> None:
    session = StubSession(
        stacks_with({"OutputKey": "EvilRoleArn", "OutputValue": ARN, "Description": description})
    )

    roles, refused, _ = scan_role_outputs(session)

    assert roles == []
    assert [(r.stack_name, r.output_key) for r in refused] == [("sts-sandbox", "EvilRoleArn")]
    assert refused[0].reason.startswith(message)
    assert "\n" not in str(refused[0])


@pytest.mark.parametrize(
    "value",
    [
        ARN + "\n",
        ARN + "\n[profile x]",
        "arn:aws:iam::123456789012:role/*",
        "arn:aws:iam::12345678901:role/short-account",
    ],
)
def test_refuses_a_role_output_whose_value_is_not_a_role_arn(value: str) -> None:
    session = StubSession(stacks_with({"OutputKey": "OddRoleArn", "OutputValue": value}))

    roles, refused, _ = scan_role_outputs(session)

    assert roles == []
    assert refused[0].reason.startswith("value: ")
    assert refused[0].reason.endswith(
        "is not an IAM role ARN like 'arn:aws:iam::111111111111:role/name'"
    )


def test_takes_the_name_from_the_arn_when_the_description_is_empty() -> None:
    session = StubSession(stacks_with({"OutputKey": "ReadRoleArn", "OutputValue": ARN}))

    assert [r.name for r in deployed_roles(session)] == ["sandbox-s3-read"]


_NO_ROLE_OUTPUT = (
    "no stack output whose key ends in RoleArn in stacks sts-sandbox; add one per role to "
    "your stack: CfnOutput(self, role_arn_output_key('Reader'), value=role.role_arn) "
    "(sts_constructs.conventions; README: Runtime tools)"
)


def test_scan_names_the_stacks_it_read() -> None:
    scan = scan_role_outputs(StubSession())

    assert scan.stacks == ["sts-sandbox"]


def test_unknown_role_in_stacks_without_role_outputs_says_what_was_looked_for() -> None:
    session = StubSession(stacks_with({"OutputKey": "BucketName", "OutputValue": "b"}))

    with pytest.raises(RuntimeToolError) as error:
        resolve_role("data-reader", session=session)

    assert str(error.value) == (
        f"unknown role 'data-reader': {_NO_ROLE_OUTPUT}; or pass the role's ARN"
    )


def test_no_role_outputs_without_any_stack_says_none_is_deployed() -> None:
    scan = scan_role_outputs(StubSession({"Stacks": []}))

    assert no_role_outputs(scan).startswith(
        "no stack output whose key ends in RoleArn in any stack (none is deployed in this "
        "account and region); add one per role"
    )


def test_no_role_outputs_lists_at_most_five_stacks() -> None:
    scan = RoleScan([], [], [f"app-{i}" for i in range(7)])

    assert no_role_outputs(scan).startswith(
        "no stack output whose key ends in RoleArn in stacks app-0, app-1, app-2, app-3, "
        "app-4 and 2 more; "
    )


def test_no_role_outputs_with_only_refused_ones_says_why() -> None:
    session = StubSession(stacks_with({"OutputKey": "OddRoleArn", "OutputValue": "x"}))

    message = no_role_outputs(scan_role_outputs(session))

    assert message.startswith(
        "every stack output whose key ends in RoleArn in stacks sts-sandbox was refused (1): "
        "sts-sandbox output OddRoleArn: value: 'x' is not an IAM role ARN"
    )
