"""botocore errors become one line that says who was denied what."""

from __future__ import annotations

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)

from sts_constructs.runtime import explain
from sts_constructs.runtime._errors import AccessDeniedError


def client_error(code: str, message: str = "details") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "AssumeRole")


@pytest.mark.parametrize(
    ("action", "details", "expected"),
    [
        (
            "sts:AssumeRole",
            {"resource": "arn:aws:iam::123456789012:role/r"},
            "sts:AssumeRole on arn:aws:iam::123456789012:role/r",
        ),
        (
            "cloudformation:DescribeStacks",
            {"fix": "pass --profile"},
            "cloudformation:DescribeStacks: pass --profile",
        ),
    ],
    ids=["names-the-resource", "names-the-fix"],
)
def test_access_denied_names_principal_action_and_resource_or_fix(
    action: str, details: dict[str, str], expected: str
) -> None:
    error = explain(
        client_error("AccessDenied"),
        action=action,
        principal="arn:aws:iam::123456789012:user/me",
        **details,
    )

    assert isinstance(error, AccessDeniedError)
    assert str(error) == f"access denied: arn:aws:iam::123456789012:user/me may not call {expected}"


def test_expired_token_says_to_get_new_credentials() -> None:
    error = explain(client_error("ExpiredToken"), action="s3:ListBuckets")

    assert "have expired" in str(error)


def test_unreachable_endpoint_names_the_emulator() -> None:
    error = explain(
        EndpointConnectionError(endpoint_url="http://127.0.0.1:9/"), action="sts:AssumeRole"
    )

    assert str(error).startswith("cannot reach http://127.0.0.1:9/: is the emulator running?")


def test_missing_credentials_is_one_line() -> None:
    assert "\n" not in str(explain(NoCredentialsError(), action="sts:AssumeRole"))


def test_other_errors_keep_only_the_first_line_of_the_message() -> None:
    error = explain(client_error("Throttling", "slow down\nTraceback ..."), action="x")

    assert str(error) == "x failed: Throttling: slow down"


def test_read_timeout_says_the_endpoint_did_not_answer() -> None:
    error = explain(
        ReadTimeoutError(endpoint_url="http://127.0.0.1:5000/"), action="sts:AssumeRole"
    )

    assert str(error) == (
        "sts:AssumeRole: http://127.0.0.1:5000/ did not answer within the read timeout: is the "
        "endpoint right? (--endpoint-url or AWS_ENDPOINT_URL; --timeout sets the limit)"
    )


def test_connect_timeout_says_the_endpoint_did_not_answer() -> None:
    error = explain(ConnectTimeoutError(endpoint_url="https://sts.amazonaws.com/"), action="x")

    assert "https://sts.amazonaws.com/ did not answer within the connect timeout" in str(error)


def test_no_credentials_names_the_call() -> None:
    error = explain(NoCredentialsError(), action="cloudformation:DescribeStacks")

    assert str(error) == (
        "no AWS credentials found for cloudformation:DescribeStacks: set AWS_PROFILE or pass "
        "--profile"
    )
