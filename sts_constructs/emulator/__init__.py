"""A local AWS emulator (moto's server) to deploy the app into with the real CDK CLI.

>>> with Emulator() as emulator:                           # doctest: +SKIP
...     bootstrap(emulator)
...     result = deploy(emulator, assembly=Path("cdk.out"))

moto is a development dependency (``pip install -e '.[dev]'``); this package imports it only
in the emulator's own process.
"""

from __future__ import annotations

from sts_constructs.emulator._deploy import (
    DeployResult,
    SkippedResource,
    bootstrap,
    cdk_environment,
    deploy,
    skipped_resources,
)
from sts_constructs.emulator._process import (
    ACCOUNT_ADMIN_ROLE,
    ADMIN_USER,
    Emulator,
    EmulatorError,
    StaticCredentials,
)

__all__ = [
    "ACCOUNT_ADMIN_ROLE",
    "ADMIN_USER",
    "DeployResult",
    "Emulator",
    "EmulatorError",
    "SkippedResource",
    "StaticCredentials",
    "bootstrap",
    "cdk_environment",
    "deploy",
    "skipped_resources",
]
