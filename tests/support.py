"""Helpers shared by the tests: synthesize once, then read plain template data."""

from __future__ import annotations

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
