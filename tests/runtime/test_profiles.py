"""AWS CLI profiles: written as botocore reads them, never over a profile we did not write."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from botocore.configloader import load_config

from sts_constructs.runtime import ProfileSpec, render_profile, validate_profile, write_profiles
from sts_constructs.runtime._profiles import MARKER

READ = ProfileSpec(
    name="sandbox-s3-read",
    role_arn="arn:aws:iam::123456789012:role/sandbox-s3-read",
    source_profile="sts-user",
    mfa_serial="arn:aws:iam::123456789012:mfa/sts-user",
    external_id="partner-7",
    duration_seconds=1800,
)
FOREIGN = "# my own settings\n[profile sandbox-s3-read]\nregion = eu-west-1\n"


def test_round_trips_through_botocores_config_loader(tmp_path: Path) -> None:
    path = tmp_path / "config"

    write_profiles(path, [READ])

    profile = load_config(str(path))["profiles"]["sandbox-s3-read"]
    assert profile == {
        "role_arn": READ.role_arn,
        "source_profile": "sts-user",
        "mfa_serial": "arn:aws:iam::123456789012:mfa/sts-user",
        "external_id": "partner-7",
        "duration_seconds": "1800",
    }


def test_creates_the_file_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "aws" / "config"

    write_profiles(path, [READ])

    assert path.stat().st_mode & 0o077 == 0


def test_never_overwrites_a_profile_it_did_not_write(tmp_path: Path) -> None:
    path = tmp_path / "config"
    path.write_text(FOREIGN, encoding="utf-8")

    result = write_profiles(path, [READ])

    assert result.kept == ("sandbox-s3-read",)
    assert result.written == ()
    assert path.read_text(encoding="utf-8") == FOREIGN


def test_rewrites_its_own_profile_and_keeps_the_others_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "config"
    other = "[default]\nregion = us-east-1 ; inline comment\n\n"
    path.write_text(other, encoding="utf-8")
    write_profiles(path, [READ])

    result = write_profiles(path, [ProfileSpec(**{**READ.__dict__, "duration_seconds": 900})])

    text = path.read_text(encoding="utf-8")
    assert result.written == ("sandbox-s3-read",)
    assert text.startswith(other)
    assert text.count("[profile sandbox-s3-read]") == 1
    assert load_config(str(path))["profiles"]["sandbox-s3-read"]["duration_seconds"] == "900"


def test_marks_the_profiles_it_writes(tmp_path: Path) -> None:
    path = tmp_path / "config"

    write_profiles(path, [READ])

    assert path.read_text(encoding="utf-8").splitlines()[1] == MARKER


def test_fails_on_repeated_profile_names(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="repeat"):
        write_profiles(tmp_path / "config", [READ, READ])


HOSTILE = "evil]\ncredential_process = touch pwned\n[profile evil2"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", HOSTILE, "profile name: 'evil]\\ncredential_process"),
        ("name", "ok\n[default]", "profile name: 'ok\\n[default]' must be one line"),
        ("name", "two words", "profile name: 'two words' must be 1-128 characters"),
        ("name", "x" * 129, "profile name: 'xxxx"),
        ("name", "default", "profile name: 'default' is refused"),
        ("source_profile", "sts-user\ncredential_process = sh", "source_profile: 'sts-user\\n"),
        ("source_profile", "a]b", "source_profile: 'a]b' must be 1-128 characters"),
        ("role_arn", READ.role_arn + "\nregion = x", "role_arn: 'arn:aws:iam::123456789012"),
        ("role_arn", "arn:aws:iam::1:role/x", "role_arn: 'arn:aws:iam::1:role/x' is not an IAM"),
        ("mfa_serial", "arn:aws:iam::123456789012:mfa/me\r", "mfa_serial: "),
        ("mfa_serial", "short", "mfa_serial: 'short' is not an MFA device ARN"),
        ("external_id", "partner-7\ncredential_process = x", "external_id: 'partner-7\\n"),
        ("external_id", "parténaire", "external_id: 'parténaire' is not a valid sts:ExternalId"),
        ("region", "us-east-1\u2028x", "region: 'us-east-1\\u2028x' must be one line"),
        ("region", "mars-1", "region: 'mars-1' is not an AWS Region code"),
        ("role_session_name", "me\x00", "role_session_name: 'me\\x00' must be one line"),
        ("duration_seconds", 43_201, "duration_seconds: 43201 must be 900-43200 seconds"),
    ],
)
def test_fails_on_a_value_that_may_not_go_into_the_file(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    path = tmp_path / "config"
    path.write_text(FOREIGN, encoding="utf-8")
    good = ProfileSpec(**{**READ.__dict__, "name": "fine"})
    bad = ProfileSpec(**{**READ.__dict__, field: value})

    with pytest.raises(ValueError) as error:
        write_profiles(path, [good, bad])

    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
    assert path.read_text(encoding="utf-8") == FOREIGN  # nothing written, not even `fine`


def test_validate_profile_returns_a_good_spec_unchanged() -> None:
    spec = ProfileSpec(**{**READ.__dict__, "region": "us-gov-west-1", "role_session_name": "me"})

    assert validate_profile(spec) is spec


def test_render_profile_refuses_what_validate_profile_refuses() -> None:
    with pytest.raises(ValueError, match="profile name"):
        render_profile(ProfileSpec(**{**READ.__dict__, "name": HOSTILE}))


@pytest.mark.parametrize("mode", [0o644, 0o660, 0o604, 0o640])
def test_warns_on_a_file_its_group_or_others_may_read_or_write(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "config"
    path.write_text("", encoding="utf-8")
    path.chmod(mode)

    result = write_profiles(path, [READ])

    assert result.warnings == (
        f"{path} has mode {mode:04o}: its group or others may read or change it; "
        f"run: chmod 600 {path}",
    )


def test_no_warning_on_a_file_of_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "config"
    path.write_text("", encoding="utf-8")
    path.chmod(0o600)

    assert write_profiles(path, [READ]).warnings == ()


def test_creates_the_file_0600_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "config"
    old = os.umask(0)
    try:
        write_profiles(path, [READ])
    finally:
        os.umask(old)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_refuses_a_fifo_instead_of_blocking(tmp_path: Path) -> None:
    path = tmp_path / "fifo"
    os.mkfifo(path)

    with pytest.raises(ValueError, match=r"^config file: '.*/fifo' is not a regular file \(a FIFO"):
        write_profiles(path, [READ])


def test_refuses_a_device(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^config file: '/dev/null' is not a regular file"):
        write_profiles(Path("/dev/null"), [READ])


def test_a_hostile_header_in_a_file_it_did_not_write_stays_as_it_is(tmp_path: Path) -> None:
    # A section we did not write is never rewritten, whatever it holds.
    path = tmp_path / "config"
    foreign = "[profile sandbox-s3-read ]\ncredential_process = echo mine\n"
    path.write_text(foreign, encoding="utf-8")

    result = write_profiles(path, [READ])

    assert result.kept == ("sandbox-s3-read",)
    assert path.read_text(encoding="utf-8") == foreign
