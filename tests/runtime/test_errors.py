"""botocore errors become one line that says who was denied what."""

from __future__ import annotations

from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from sts_constructs.runtime import explain


def client_error(code: str, message: str = "details") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "AssumeRole")


def test_access_denied_names_principal_action_and_role() -> None:
    error = explain(
        client_error("AccessDenied"),
        action="sts:AssumeRole",
        principal="arn:aws:iam::123456789012:user/me",
        resource="arn:aws:iam::123456789012:role/r",
    )

    assert str(error) == (
        "access denied: arn:aws:iam::123456789012:user/me may not call sts:AssumeRole "
        "on arn:aws:iam::123456789012:role/r"
    )


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
