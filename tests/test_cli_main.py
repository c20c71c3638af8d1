"""The console script's own behaviour, shared by every subcommand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
