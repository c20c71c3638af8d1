"""The package's public surface: explicit, sorted, importable, and light to import."""

from __future__ import annotations

import subprocess
import sys

import sts_constructs


def test_all_is_sorted_and_unique() -> None:
    assert list(sts_constructs.__all__) == sorted(set(sts_constructs.__all__))


def test_every_public_name_resolves() -> None:
    for name in sts_constructs.__all__:
        assert getattr(sts_constructs, name) is not None, name


def test_importing_the_package_does_not_start_cdk() -> None:
    code = "import sys, sts_constructs, sts_constructs.cli; print('aws_cdk' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"
