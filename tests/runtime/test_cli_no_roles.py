"""assume, profiles and verify on stacks that name no role: one line saying what was looked
for, where, and how to add it (the README's "Runtime tools" convention)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sts_constructs.cli import main, profiles, verify
from tests.runtime.test_stacks import StubSession, stacks_with

# A user's own app: outputs, none of them a role's ARN.
NO_ROLE = stacks_with({"OutputKey": "BucketName", "OutputValue": "bucket"})
LOOKED_FOR = "no stack output whose key ends in RoleArn in stacks sts-sandbox; add one per role"


@pytest.fixture
def stub_stacks(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Point the commands' sessions at stubbed DescribeStacks answers."""

    def use(stacks: dict[str, Any]) -> None:
        session = StubSession(stacks)
        for module in (verify, profiles):
            monkeypatch.setattr(module, "lookup_session", lambda *_, **__: session)
            monkeypatch.setattr(module, "session_from", lambda *_, **__: session)
        monkeypatch.setattr(profiles, "_source_identity", lambda _: None)
        monkeypatch.setattr("sts_constructs.cli.assume.session_from", lambda *_, **__: session)

    return use


def test_verify_with_nothing_to_verify_says_so_in_one_line(
    stub_stacks: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    stub_stacks(NO_ROLE)

    status = main(["verify"])

    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert captured.err.startswith(f"sts-constructs verify: nothing to verify: {LOOKED_FOR}")
    assert captured.err.count("\n") == 1


def test_verify_with_only_refused_outputs_says_why_nothing_is_verified(
    stub_stacks: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    stub_stacks(stacks_with({"OutputKey": "ReaderRoleArn", "OutputValue": "reader"}))

    status = main(["verify"])

    lines = capsys.readouterr().err.splitlines()
    assert status == 1
    assert lines[0].startswith("sts-constructs verify: refused sts-sandbox output ReaderRoleArn")
    assert lines[1].startswith(
        "sts-constructs verify: nothing to verify: every stack output whose key ends in "
        "RoleArn in stacks sts-sandbox was refused (1)"
    )
    assert len(lines) == 2


def test_assume_of_a_role_no_stack_names_says_what_was_looked_for(
    stub_stacks: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    stub_stacks(NO_ROLE)

    status = main(["assume", "data-reader"])

    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"sts-constructs assume: unknown role 'data-reader': {LOOKED_FOR}")
    assert err.endswith("; or pass the role's ARN\n")
    assert err.count("\n") == 1


def test_profiles_without_role_outputs_says_what_was_looked_for(
    stub_stacks: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stub_stacks(NO_ROLE)
    config = tmp_path / "config"

    status = main(["profiles", "--config-file", str(config), "--source-profile", "me"])

    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"sts-constructs profiles: {LOOKED_FOR}")
    assert err.count("\n") == 1
    assert not config.exists()
