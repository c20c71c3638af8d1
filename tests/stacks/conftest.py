"""The default app, synthesized once per test session."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App
from aws_cdk.cx_api import CloudAssembly

from app import build_app

ROOT = Path(__file__).resolve().parents[2]


def app_for(config: str) -> App:
    """Build the app the CDK CLI builds from cdk.json, for one config file."""
    context = json.loads((ROOT / "cdk.json").read_text())["context"]
    return build_app(App(context={**context, "config": str(ROOT / config)}))


@dataclass(frozen=True)
class Synthesized:
    """The app of one config and its cloud assembly (a validated synth: cdk-nag and the trust
    checks run as plugins and fail it on findings)."""

    app: App
    assembly: CloudAssembly

    def template(self, stack_name: str) -> dict[str, Any]:
        """The template of the stack named ``stack_name``."""
        template: dict[str, Any] = self.assembly.get_stack_by_name(stack_name).template
        return template


@cache
def synthesized(config: str) -> Synthesized:
    """Build and synthesize the app of one config file, once per test session."""
    app = app_for(config)
    return Synthesized(app, app.synth())


@pytest.fixture(scope="session")
def sandbox_app() -> App:
    """The default app (config/sandbox.yaml), built once."""
    return app_for("config/sandbox.yaml")


@pytest.fixture(scope="session")
def sandbox_assembly(sandbox_app: App) -> CloudAssembly:
    """The default app's cloud assembly (one validated synth per session)."""
    return sandbox_app.synth()


@pytest.fixture(scope="session")
def sandbox_templates(sandbox_assembly: CloudAssembly) -> dict[str, dict[str, Any]]:
    """Every stack template of the default app, by stack name."""
    return {stack.stack_name: stack.template for stack in sandbox_assembly.stacks}


@pytest.fixture(scope="session")
def sandbox(sandbox_templates: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The template of the sandbox stack."""
    return sandbox_templates["sts-sandbox"]
