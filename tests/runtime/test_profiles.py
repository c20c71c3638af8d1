"""AWS CLI profiles: written as botocore reads them, never over a profile we did not write."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.configloader import load_config

from sts_constructs.runtime import ProfileSpec, write_profiles
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
