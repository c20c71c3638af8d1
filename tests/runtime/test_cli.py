"""The assume, profiles and verify subcommands: argument errors are one line, exit status 2."""

from __future__ import annotations

import argparse
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from botocore.config import Config

from sts_constructs.cli import UsageError, main
from sts_constructs.cli._aws import session_from
from sts_constructs.cli.assume import parse_duration, parse_tags
from sts_constructs.runtime._session import (
    CONNECT_TIMEOUT_SECONDS,
    MAX_ATTEMPTS,
    READ_TIMEOUT_SECONDS,
)

ARN = "arn:aws:iam::123456789012:role/sandbox-s3-read"

Refused = Callable[..., str]


@pytest.fixture
def refused(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Refused:
    """Return a runner of ``sts-constructs ARGV...`` that asserts exit status 2 with one
    line on stderr, and returns that line. AWS_ENDPOINT_URL is an endpoint nothing listens
    on: reaching it would be a different error."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")

    def run(*argv: str) -> str:
        status = main(list(argv))
        err = capsys.readouterr().err
        assert status == 2
        assert len(err.strip().splitlines()) == 1
        return err

    return run


@pytest.mark.parametrize(
    ("text", "seconds"), [("900", 900), ("900s", 900), ("15m", 900), ("1h", 3600)]
)
def test_parses_durations_with_units(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


def test_fails_on_duration_without_a_number() -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="expected seconds"):
        parse_duration("an hour")


def test_parses_session_tags() -> None:
    assert parse_tags(["team=blue", "cost=a=b"]) == {"team": "blue", "cost": "a=b"}


@pytest.mark.parametrize("items", [["novalue"], ["=x"], ["a=1", "a=2"]])
def test_fails_on_bad_session_tags(items: list[str]) -> None:
    with pytest.raises(UsageError):
        parse_tags(items)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--duration", "600"], "DurationSeconds: 600 must be 900-43200 seconds"),
        (["--duration", "13h"], "DurationSeconds: 46800 must be 900-43200 seconds: STS's limit"),
        (["--token-code", "123456"], "SerialNumber and TokenCode go together"),
        (["--session-name", "x"], "RoleSessionName: 'x' must be 2-64"),
        (["--session-name", "józef"], "RoleSessionName: 'józef' must be 2-64"),
        (["--session-name", "a\u200bb"], "RoleSessionName: 'a\\u200bb' must be 2-64"),
        (["--tag", "aws:x=1"], "Tags key: 'aws:x' must not start with 'aws:'"),
        (["--external-id", "parténaire"], "ExternalId: 'parténaire' is not a valid"),
        (["--endpoint-url", "not a url"], "--endpoint-url: 'not a url' is not an endpoint URL"),
        (["--endpoint-url", "ftp://host"], "--endpoint-url: 'ftp://host' is not an endpoint"),
        (["--endpoint-url", "http://h:99999"], "--endpoint-url: 'http://h:99999' is not an"),
        (["--endpoint-url", "http://h\n"], "--endpoint-url: 'http://h\\n' must be one line"),
        (["--region", "us-east-1\n"], "--region: 'us-east-1\\n' is not an AWS Region code"),
        (["--region", "Mars"], "--region: 'Mars' is not an AWS Region code"),
        (["--timeout", "0"], "--timeout: 0 must be more than 0 and at most 300 seconds"),
        (["--timeout", "nan"], "--timeout: nan must be more than 0"),
    ],
)
def test_assume_rejects_bad_arguments_before_any_call(
    arguments: list[str], message: str, refused: Refused
) -> None:
    assert refused("assume", ARN, *arguments).startswith(f"sts-constructs assume: {message}")


@pytest.mark.parametrize(
    ("role", "message"),
    [
        (
            "arn:aws:iam::123456789012:user/me",
            "ROLE: 'arn:aws:iam::123456789012:user/me' is not an IAM role ARN",
        ),
        ("arn:aws:iam::12345:role/x", "ROLE: 'arn:aws:iam::12345:role/x' is not an IAM role"),
        (ARN + "\n", "ROLE: 'arn:aws:iam::123456789012:role/sandbox-s3-read\\n' is not an"),
        ("arn:aws:iam::123456789012:role/*", "ROLE: 'arn:aws:iam::123456789012:role/*' is not"),
        ("read only", "ROLE: 'read only' must be 1-64 characters"),
        ("rôle", "ROLE: 'rôle' must be 1-64 characters"),
    ],
)
def test_assume_rejects_a_malformed_role_with_exit_status_2(
    role: str, message: str, refused: Refused
) -> None:
    assert refused("assume", role).startswith(f"sts-constructs assume: {message}")


@pytest.mark.parametrize("command", ["assume", "profiles", "verify"])
def test_every_command_rejects_a_bad_endpoint_in_the_environment(
    command: str, tmp_path: Path, refused: Refused, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "localhost:5000")
    arguments = {
        "assume": [ARN],
        "profiles": ["--config-file", str(tmp_path / "c"), "--source-profile", "me"],
        "verify": [],
    }[command]

    assert refused(command, *arguments) == (
        f"sts-constructs {command}: AWS_ENDPOINT_URL: 'localhost:5000' is not an endpoint URL "
        "like 'http://127.0.0.1:5000' (http:// or https:// and a host)\n"
    )


def test_assume_says_the_endpoint_is_unreachable_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
    monkeypatch.setenv("AWS_REGION", "us-east-1")

    status = main(["assume", ARN, "--endpoint-url", "http://127.0.0.1:9"])

    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("sts-constructs assume: cannot reach http://127.0.0.1:9")
    assert "not-a-real-secret" not in err
    assert len(err.strip().splitlines()) == 1


def test_profiles_requires_a_config_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["profiles", "--source-profile", "me"])

    assert exit_info.value.code == 2
    assert "--config-file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--source-profile", "sts-user\ncredential_process = touch pwned"],
            "--source-profile: 'sts-user\\ncredential_process = touch pwned' must be 1-128 "
            "characters of letters, digits and +=,.@_- (IAM names)",
        ),
        (["--source-profile", "me]"], "--source-profile: 'me]' must be 1-128 characters"),
        (
            ["--source-profile", "me", "--external-id", "parténaire"],
            "--external-id: 'parténaire' is not a valid sts:ExternalId",
        ),
        (
            ["--source-profile", "me", "--external-id", "partner\n[profile x]"],
            "--external-id: 'partner\\n[profile x]' is not a valid sts:ExternalId",
        ),
        (
            ["--source-profile", "me", "--mfa-serial", "arn:aws:iam::123456789012:mfa/me\n"],
            "--mfa-serial: 'arn:aws:iam::123456789012:mfa/me\\n' is not an MFA device ARN",
        ),
        (["--source-profile", "me", "--prefix", "a]"], "--prefix: 'a]' must be 1-128"),
        (
            ["--source-profile", "me", "--duration", "13h"],
            "--duration: 46800 must be 900-43200 seconds",
        ),
    ],
)
def test_profiles_rejects_a_value_that_may_not_go_into_the_file_before_any_call(
    arguments: list[str], message: str, tmp_path: Path, refused: Refused
) -> None:
    config = tmp_path / "config"

    err = refused("profiles", "--config-file", str(config), *arguments)

    assert err.startswith(f"sts-constructs profiles: {message}")
    assert not config.exists()


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """An endpoint that accepts connections (the kernel's backlog) but never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.fixture
def fake_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
    monkeypatch.setenv("AWS_REGION", "us-east-1")


@pytest.mark.parametrize(
    ("arguments", "action"),
    [
        ([ARN], "sts:GetCallerIdentity"),
        (["sandbox-s3-read"], "cloudformation:DescribeStacks"),
    ],
)
def test_assume_gives_up_on_an_endpoint_that_never_answers(
    arguments: list[str],
    action: str,
    silent_endpoint: str,
    fake_keys: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["assume", *arguments, "--endpoint-url", silent_endpoint, "--timeout", "0.5"])

    err = capsys.readouterr().err
    assert status == 1
    assert err == (
        f"sts-constructs assume: {action}: {silent_endpoint}/ did not answer within the read "
        "timeout: is the endpoint right? (--endpoint-url or AWS_ENDPOINT_URL; --timeout sets "
        "the limit)\n"
    )


def test_verify_gives_up_on_an_endpoint_that_never_answers(
    silent_endpoint: str, fake_keys: None, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["verify", "--endpoint-url", silent_endpoint, "--timeout", "0.5"])

    err = capsys.readouterr().err
    assert status == 1
    assert "did not answer within the read timeout" in err
    assert len(err.strip().splitlines()) == 1


def test_the_command_line_bounds_every_client() -> None:
    args = argparse.Namespace(
        profile=None, region="us-east-1", endpoint_url=None, timeout=None, command="assume"
    )

    client = session_from(args).client("sts", aws_access_key_id="a", aws_secret_access_key="b")

    assert client.meta.config.read_timeout == READ_TIMEOUT_SECONDS
    assert client.meta.config.connect_timeout == CONNECT_TIMEOUT_SECONDS
    assert client.meta.config.retries["total_max_attempts"] == MAX_ATTEMPTS


def test_a_client_config_given_by_the_caller_keeps_the_bounds() -> None:
    args = argparse.Namespace(
        profile=None, region="us-east-1", endpoint_url=None, timeout=3.0, command="verify"
    )

    client = session_from(args).client(
        "s3",
        config=Config(signature_version="s3v4"),
        aws_access_key_id="a",
        aws_secret_access_key="b",
    )

    assert client.meta.config.read_timeout == 3.0
    assert client.meta.config.signature_version == "s3v4"


def test_profiles_refuses_a_fifo_as_config_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Checked before any call: the endpoint is never reached.
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    fifo = tmp_path / "config"
    os.mkfifo(fifo)

    status = main(["profiles", "--config-file", str(fifo), "--source-profile", "me"])

    assert status == 2
    assert capsys.readouterr().err == (
        f"sts-constructs profiles: --config-file: '{fifo}' is not a regular file (a FIFO, "
        "device or directory); refused\n"
    )


@pytest.mark.parametrize(
    ("variables", "profile", "status", "named"),
    [
        (
            {"AWS_WEB_IDENTITY_TOKEN_FILE": "{fifo}", "AWS_ROLE_ARN": ARN},
            None,
            2,
            "AWS_WEB_IDENTITY_TOKEN_FILE",
        ),
        ({"AWS_CONFIG_FILE": "{fifo}"}, None, 2, "AWS_CONFIG_FILE"),
        ({}, "ca_bundle = {fifo}\n", 1, "profile 'ci' ca_bundle"),
        (
            {},
            "source_profile = base\n\n[profile base]\nweb_identity_token_file = {fifo}\n"
            f"role_arn = {ARN}\n",
            1,
            "profile 'base' web_identity_token_file",
        ),
    ],
)
def test_refuses_a_fifo_the_sdk_would_read_instead_of_blocking(
    variables: dict[str, str],
    profile: str | None,
    status: int,
    named: str,
    tmp_path: Path,
    fake_keys: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for name, value in variables.items():
        monkeypatch.setenv(name, value.format(fifo=fifo))
    arguments = ["assume", ARN, "--endpoint-url", "http://127.0.0.1:9"]
    if profile is not None:  # The settings of profile "ci" in the shared config file.
        config = tmp_path / "config"
        config.write_text(f"[profile ci]\nregion = eu-west-1\n{profile.format(fifo=fifo)}")
        monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
        arguments += ["--profile", "ci"]

    assert main(arguments) == status
    assert capsys.readouterr().err == (
        f"sts-constructs assume: {named}: '{fifo}' is not a regular file (a FIFO, device "
        "or directory); refused\n"
    )


def test_refuses_a_device_as_ca_bundle(
    fake_keys: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_CA_BUNDLE", "/dev/zero")

    status = main(["verify", "--endpoint-url", "http://127.0.0.1:9"])

    assert status == 2
    assert "AWS_CA_BUNDLE: '/dev/zero' is not a regular file" in capsys.readouterr().err
