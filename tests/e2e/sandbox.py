"""The deployed sandbox app that the end-to-end tests share."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from sts_constructs.emulator import DeployResult, Emulator, StaticCredentials
from sts_constructs.emulator.walkthrough import Step, print_steps

ROOT = Path(__file__).resolve().parents[2]


def tool_path() -> str:
    """Return PATH with the CDK CLI and Node from npm, and this venv's python, first."""
    bins = [ROOT / "node_modules" / ".bin", ROOT / ".venv" / "bin"]
    return os.pathsep.join([*(str(b) for b in bins), os.environ.get("PATH", "")])


def assert_outcomes(steps: list[Step], allowed: list[bool]) -> None:
    """Assert that ``steps`` were allowed as listed, each as the walkthrough expects."""
    assert [step.allowed for step in steps] == allowed
    assert [step.title for step in steps if not step.as_expected] == []


def printed(steps: list[Step]) -> str:
    """Return ``steps`` as ``make demo`` prints them (wide enough to keep lines whole)."""
    out = io.StringIO()
    print_steps(steps, console=Console(file=out, width=400))
    return out.getvalue()


@dataclass(frozen=True)
class Sandbox:
    """The deployed sandbox app: the emulator, the deploy, and the user's access key."""

    emulator: Emulator
    result: DeployResult
    outputs: dict[str, str]
    user: StaticCredentials
    assembly: Path = field(default=Path())  # The synthesized cdk.out that was deployed.

    def environment(self, credentials: StaticCredentials | None = None) -> dict[str, str]:
        """Return AWS_* variables for ``credentials`` (default: the admin) on the emulator."""
        return self.emulator.environment(credentials=credentials)
