"""The assume, profiles and verify subcommands: argument errors are one line, exit status 2."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sts_constructs.cli import UsageError, main
from sts_constructs.cli.assume import parse_duration, parse_tags

ARN = "arn:aws:iam::123456789012:role/sandbox-s3-read"


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
        (["--duration", "600"], "duration 600 s is outside 900-43200"),
        (["--token-code", "123456"], "both the device serial"),
        (["--session-name", "x"], "session name 'x'"),
        (["--tag", "aws:x=1"], "must not start with 'aws:'"),
    ],
)
def test_assume_rejects_bad_arguments_before_any_call(
    arguments: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An endpoint nothing listens on: reaching it would be a different error.
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")

    status = main(["assume", ARN, *arguments])

    err = capsys.readouterr().err
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


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
    arguments: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    config = tmp_path / "config"

    status = main(["profiles", "--config-file", str(config), *arguments])

    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"sts-constructs profiles: {message}")
    assert len(err.strip().splitlines()) == 1
    assert not config.exists()
