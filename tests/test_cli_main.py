"""The console script's own behaviour, shared by every subcommand."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from sts_constructs import cli

_LOUD_COMMAND = """
import argparse
import sys

from sts_constructs import cli


def loud(_: argparse.Namespace) -> int:
    # Far more than a pipe holds.
    for _ in range(50_000):
        print("x" * 99)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    parser.set_defaults(command="loud", handler=loud)
    return parser


cli.build_parser = build_parser
sys.exit(cli.main([]))
"""


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    script = tmp_path / "loud.py"
    script.write_text(_LOUD_COMMAND)

    result = subprocess.run(
        f"'{sys.executable}' '{script}' | head -n 1; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout == "x" * 99 + "\n"
    assert "Traceback" not in result.stderr
    assert "BrokenPipeError" not in result.stderr
    assert result.returncode == 141


def test_each_subcommand_parser_comes_from_its_module() -> None:
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    lines = {choice.dest: choice.help for choice in subparsers._choices_actions}

    for name in cli._SUBCOMMANDS:
        module = importlib.import_module(f"sts_constructs.cli.{name}")
        assert subparsers.choices[name].description == module.DESCRIPTION
        assert lines[name] == module.HELP


_SAML = [
    "emulator",
    "token",
    "saml",
    "--provider-arn=arn:aws:iam::111111111111:saml-provider/idp",
    "--role-arn=arn:aws:iam::111111111111:role/r",
    "--subject=u",
]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["assume", "MyRole", "--tag", "team"], "assume: --tag 'team': expected KEY=VALUE"),
        (["assume", "MyRole", "--tag", "=x"], "assume: --tag '=x': expected KEY=VALUE"),
        (["assume", "MyRole", "--tag=a=1", "--tag=a=2"], "assume: --tag 'a' given twice"),
        ([*_SAML, "--attribute", "bad"], "emulator: --attribute 'bad': expected NAME=VALUE"),
        (
            ["check", "x.json", "--organization-id", "o-a"],
            "check: --organization-id: 'o-a' is not an organization ID like 'o-a1b2c3d4e5'",
        ),
    ],
)
def test_bad_input_is_one_line_with_exit_status_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(argv)

    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"sts-constructs {message}")
    assert err.count("\n") == 1


def test_an_emulator_error_is_one_line_with_exit_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["emulator", "env", "--state", str(tmp_path)])

    assert status == 1
    assert capsys.readouterr().err == (
        f"sts-constructs emulator: no emulator is running (no {tmp_path}/state.json); "
        "`sts-constructs emulator up` starts one\n"
    )


def test_version_is_the_installed_distributions(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.metadata

    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])

    assert exit_.value.code == 0
    assert capsys.readouterr().out == (
        f"sts-constructs {importlib.metadata.version('sts-constructs')}\n"
    )


def test_version_of_a_checkout_that_is_not_installed_is_pyprojects(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.metadata
    import tomllib

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    root = Path(cli.__file__).resolve().parents[2]
    declared = tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]

    with pytest.raises(SystemExit):
        cli.main(["--version"])

    assert capsys.readouterr().out == f"sts-constructs {declared} (not installed)\n"


def test_version_without_metadata_or_pyproject_says_unknown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib.metadata

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    # A copy of the package with no pyproject.toml two levels up (a bare source tree).
    monkeypatch.setattr(cli, "__file__", str(tmp_path / "a" / "cli" / "__init__.py"))

    assert cli.version() == "unknown (not installed)"


_SENTENCE = " ".join(["a long line of a command's output, as a CI log captures it,"] * 6)


def test_console_outside_a_terminal_does_not_wrap(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from sts_constructs.cli._console import make_console

    monkeypatch.delenv("COLUMNS", raising=False)
    stream = io.StringIO()

    make_console(stream).print(_SENTENCE)

    assert stream.getvalue() == f"{_SENTENCE}\n"


def test_console_on_a_terminal_wraps_at_its_width(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from sts_constructs.cli._console import make_console

    monkeypatch.delenv("COLUMNS", raising=False)
    stream = io.StringIO()

    make_console(stream, force_terminal=True, width=60).print(_SENTENCE, highlight=False)

    lines = stream.getvalue().splitlines()
    assert len(lines) > 1
    assert all(len(line) <= 60 for line in lines)


def test_console_outside_a_terminal_keeps_an_explicit_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from sts_constructs.cli._console import make_console

    monkeypatch.setenv("COLUMNS", "50")

    assert make_console(io.StringIO()).width == 50
