"""Fixtures shared by all tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Node 22 from npm, when installed: the machine's Node 20 is past its end of life for jsii.
# Set before aws_cdk is first imported, which starts Node.js.
_NODE_BIN = ROOT / "node_modules" / ".bin"
if _NODE_BIN.is_dir() and str(_NODE_BIN) not in os.environ.get("PATH", ""):
    os.environ["PATH"] = f"{_NODE_BIN}{os.pathsep}{os.environ.get('PATH', '')}"
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")

from aws_cdk import App, Stack  # noqa: E402


@pytest.fixture
def stack() -> Stack:
    """A fresh stack in a fresh app, for one construct test."""
    return Stack(App(), "Test")
