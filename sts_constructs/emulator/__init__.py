"""A local AWS emulator (moto's server) to deploy the app into with the real CDK CLI.

>>> with Emulator() as emulator:                           # doctest: +SKIP
...     bootstrap(emulator)
...     result = deploy(emulator, assembly=Path("cdk.out"))

The emulator is an optional extra: ``pip install "/path/to/sts-constructs[emulator]"`` (from a
checkout; the package is not published) installs moto, joserfc, signxml, pyotp and pytest (for
the plugin). This package imports them only in the emulator's own process, so importing it
works without them; :meth:`Emulator.start` says which are missing.
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
    EXTRA_REQUIREMENT,
    Emulator,
    EmulatorError,
    StaticCredentials,
    missing_dependencies,
)

__all__ = [
    "ACCOUNT_ADMIN_ROLE",
    "ADMIN_USER",
    "EXTRA_REQUIREMENT",
    "DeployResult",
    "Emulator",
    "EmulatorError",
    "SkippedResource",
    "StaticCredentials",
    "bootstrap",
    "cdk_environment",
    "deploy",
    "missing_dependencies",
    "skipped_resources",
]
