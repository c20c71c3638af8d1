"""The default app, synthesized once per test session (tests.support.synthesized)."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App
from aws_cdk.cx_api import CloudAssembly

from tests.support import ROOT, app_for, synthesized

# The stacks tests import these from here; their one home is tests.support.
__all__ = ["ROOT", "app_for", "synthesized"]

SANDBOX_CONFIG = "config/sandbox.yaml"


@pytest.fixture(scope="session")
def sandbox_app() -> App:
    """The default app (config/sandbox.yaml), built and synthesized once."""
    return synthesized(SANDBOX_CONFIG).app


@pytest.fixture(scope="session")
def sandbox_assembly() -> CloudAssembly:
    """The default app's cloud assembly (one validated synth per session)."""
    return synthesized(SANDBOX_CONFIG).assembly


@pytest.fixture(scope="session")
def sandbox_templates(sandbox_assembly: CloudAssembly) -> dict[str, dict[str, Any]]:
    """Every stack template of the default app, by stack name."""
    return {stack.stack_name: stack.template for stack in sandbox_assembly.stacks}


@pytest.fixture(scope="session")
def sandbox(sandbox_templates: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The template of the sandbox stack."""
    return sandbox_templates["sts-sandbox"]
