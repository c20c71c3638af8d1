"""The template reader's public API: documented, nothing from aws_cdk.

Exported names: tests/sts_constructs/test_exported_members.py, with every package's.
"""

from __future__ import annotations

import inspect
import subprocess
import sys

import sts_constructs.template as template


def test_every_public_name_is_documented() -> None:
    for name in template.__all__:
        value = getattr(template, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert value.__doc__, name


def test_does_not_import_aws_cdk() -> None:
    code = "import sys, sts_constructs.template; print('aws_cdk' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
