"""Helpers shared by the tests: synthesize once, then read plain template data."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from aws_cdk import Stack
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct


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
