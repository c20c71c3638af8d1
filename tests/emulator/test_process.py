"""The emulator process: a free port, enforcement on, the CLI environment, a clean stop."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from sts_constructs.emulator import (
    ADMIN_USER,
    Emulator,
    EmulatorError,
    StaticCredentials,
    cdk_environment,
)


def test_cdk_environment_points_the_cli_at_the_emulator_with_its_own_cdk_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "production")
    emulator = Emulator(region="eu-west-1")
    emulator.endpoint_url = "http://127.0.0.1:4566"

    with pytest.raises(EmulatorError, match="not started"):
        cdk_environment(emulator)
    emulator.admin = StaticCredentials("AKIAADMIN", "not-a-secret")
    env = cdk_environment(emulator, cdk_home=tmp_path)

    assert "AWS_PROFILE" not in env
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4566"
    assert env["AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION"] == "https://s3.eu-west-1.amazonaws.com"
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "eu-west-1"
    assert env["AWS_ACCESS_KEY_ID"] == "AKIAADMIN"
    assert env["CDK_HOME"] == str(tmp_path)


@pytest.mark.e2e
def test_starts_with_enforcement_on_and_stops_cleanly() -> None:
    with Emulator() as emulator:
        endpoint = emulator.endpoint_url
        admin = emulator.client("sts").get_caller_identity()["Arn"]
        iam = emulator.client("iam")
        iam.create_user(UserName="nobody")
        key = iam.create_access_key(UserName="nobody")["AccessKey"]
        nobody = StaticCredentials(key["AccessKeyId"], key["SecretAccessKey"])
        with pytest.raises(ClientError, match="AccessDenied"):
            emulator.client("s3", credentials=nobody).list_buckets()
        process = emulator.process

    assert admin == f"arn:aws:iam::123456789012:user/{ADMIN_USER}"
    assert endpoint.startswith("http://127.0.0.1:")
    assert process is not None and process.poll() is not None
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2)


@pytest.mark.parametrize(
    ("output", "line"),
    [
        (
            "sts-sandbox: fail: UnknownError\nFailed to publish asset X\n‣ AggregateError: \n",
            "Failed to publish asset X",
        ),
        (
            "❌  sts-sandbox failed\n‣ NoSuchEntity: Group None not found\n",
            "NoSuchEntity: Group None not found",
        ),
        ("", "(no output)"),
    ],
)
def test_a_failed_deploy_is_summed_up_by_its_last_telling_line(output: str, line: str) -> None:
    from sts_constructs.emulator._deploy import _last_line

    assert _last_line(output) == line
