"""The deployed sandbox app that the end-to-end tests share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sts_constructs.emulator import DeployResult, Emulator, StaticCredentials


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
