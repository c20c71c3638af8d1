"""The template reader's public API: an explicit, sorted ``__all__``, nothing from aws_cdk."""

from __future__ import annotations

import inspect
import subprocess
import sys

import sts_constructs.template as template


def _isort_key(name: str) -> tuple[int, str]:
    """Sort as ruff's RUF022 does: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return kind, name


def test_all_is_sorted_and_importable() -> None:
    assert template.__all__ == sorted(set(template.__all__), key=_isort_key)
    for name in template.__all__:
        assert getattr(template, name) is not None


def test_every_public_name_is_documented() -> None:
    for name in template.__all__:
        value = getattr(template, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert value.__doc__, name


def test_does_not_import_aws_cdk() -> None:
    code = "import sys, sts_constructs.template; print('aws_cdk' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
