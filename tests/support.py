"""Helpers shared by the tests: synthesize once, then read plain template data."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aws_cdk import App, Stack
from aws_cdk.assertions import Template
from aws_cdk.cx_api import CloudAssembly
from cdk_nag import AwsSolutionsChecks
from cfnlint.config import ConfigMixIn
from cfnlint.rules import Rules
from cfnlint.runner import Runner, run_template_by_file_path
from constructs import IConstruct

ROOT = Path(__file__).resolve().parent.parent


def exactly(message: str) -> str:
    """Return a ``pytest.raises(match=...)`` pattern for exactly ``message``: alone, or with
    the note a construct of this package adds naming itself (``in Test/Role (AssumableRole)``).
    """
    return rf"^{re.escape(message)}(\nin [^\n]+)?$"


def app_for(config: str) -> App:
    """Build the app the CDK CLI builds from cdk.json, for one config file (relative to ROOT)."""
    from app import build_app  # the app (app.py, stacks/) is imported from the checkout

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


def synthesized(config: str) -> Synthesized:
    """Build and synthesize the app of one config file, once per test process.

    Every test that only reads an app or its assembly shares this one: CDK's template
    validation costs seconds on each synth. A test that changes the app builds its own.
    """
    return _synthesized((ROOT / config).resolve())


@cache
def _synthesized(config: Path) -> Synthesized:
    app = app_for(str(config))
    return Synthesized(app, app.synth())


def template_of(stack: Stack) -> dict[str, Any]:
    """Synthesize ``stack`` and return its template as plain data."""
    template: dict[str, Any] = Template.from_stack(stack).to_json()
    return template


def resources(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    """Return the resources of one type, by logical ID."""
    return {
        logical_id: resource
        for logical_id, resource in template.get("Resources", {}).items()
        if resource["Type"] == resource_type
    }


def only(template: dict[str, Any], resource_type: str) -> dict[str, Any]:
    """Return the properties of the one resource of a type; fail if there are more or none."""
    found = resources(template, resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {sorted(found)}"
    properties: dict[str, Any] = next(iter(found.values())).get("Properties", {})
    return properties


def nag_findings(scope: IConstruct) -> list[str]:
    """Return the unacknowledged cdk-nag AwsSolutions findings as 'rule at path' lines."""
    report = AwsSolutionsChecks().validate_scope(scope)
    return [
        f"{violation.rule_name} at {resource.construct_path}"
        for violation in report.violations
        for resource in violation.violating_resources
    ]


@cache
def _cfn_lint_rules() -> Rules:
    """cfn-lint's rules, loaded once per process: loading them costs seconds, running them ms."""
    return Runner(ConfigMixIn()).rules


def cfn_lint_errors(template: Path, region: str = "us-east-1") -> list[str]:
    """Return cfn-lint's errors (E rules) on one template file for ``region``, as it prints them.

    The same matches as ``cfnlint.api.lint_file(template, config=ManualArgs(regions=[region]))``,
    which loads every rule again on each call.
    """
    config = ConfigMixIn(["--template", str(template)], regions=[region])
    matches = run_template_by_file_path(str(template), config, _cfn_lint_rules(), False)
    return [str(match) for match in matches if match.rule.id.startswith("E")]


SNAPSHOTS = Path(__file__).parent / "stacks" / "snapshots"


def assert_logical_ids_match(stack_name: str, template: dict[str, Any]) -> None:
    """Fail when a stack's logical IDs differ from its snapshot (a deploy would replace them).

    ``UPDATE_SNAPSHOTS=1`` records the current IDs; a changed ID also needs a migration note
    in CHANGELOG.md. A stack without a snapshot fails too: nothing would guard it.
    """
    current = {
        logical_id: resource["Type"]
        for logical_id, resource in template.get("Resources", {}).items()
        if resource["Type"] != "AWS::CDK::Metadata"
    }
    snapshot = SNAPSHOTS / f"{stack_name}.logical-ids.json"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
    assert snapshot.exists(), (
        f"{stack_name}: no logical-ID snapshot; record it with UPDATE_SNAPSHOTS=1 make test"
    )
    expected = json.loads(snapshot.read_text())
    removed = sorted(set(expected) - set(current))
    added = sorted(set(current) - set(expected))
    retyped = sorted(i for i in set(expected) & set(current) if expected[i] != current[i])
    assert (removed, added, retyped) == ([], [], []), (
        f"{stack_name}: logical IDs changed; removed {removed} and retyped {retyped} (deployed "
        f"resources would be replaced or deleted), added {added}. If intended: "
        "UPDATE_SNAPSHOTS=1 make test, and a migration note in CHANGELOG.md."
    )
