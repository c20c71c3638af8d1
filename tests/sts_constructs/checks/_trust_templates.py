"""What the checks' tests build again and again: roles around trust statements, their rules,
and cloud assemblies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sts_constructs.checks import check_template

OWN = "111111111111"
GITHUB = "token.actions.githubusercontent.com"
GITHUB_ARN = f"arn:aws:iam::{OWN}:oidc-provider/{GITHUB}"


def trust_role(document: Any, *, name: str = "Role", **sections: Any) -> dict[str, Any]:
    """Return a template of one role (logical ID ``name``) whose trust policy is ``document``,
    with any other top-level ``sections`` (``Conditions=...``)."""
    role = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": document}}
    return {**sections, "Resources": {name: role}}


def trusting(*statements: dict[str, Any], name: str = "Role", **sections: Any) -> dict[str, Any]:
    """Return a template of one role whose trust policy holds ``statements``."""
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    return trust_role(document, name=name, **sections)


def allow(principal: Any, action: str = "sts:AssumeRole", **condition: Any) -> dict[str, Any]:
    """Return an ``Allow`` statement; ``condition`` is its Condition block (none if empty)."""
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition:
        statement["Condition"] = condition
    return statement


def rules(template: dict[str, Any]) -> list[str]:
    """Return the IDs of the rules the template breaks, sorted, its own account being OWN."""
    return sorted({f.rule for f in check_template(template, account_id=OWN)})


def messages(template: dict[str, Any]) -> str:
    """Return the messages of the template's findings, one a line."""
    return "\n".join(f.message for f in check_template(template, account_id=OWN))


def write_manifest(directory: Path, artifacts: dict[str, Any]) -> None:
    """Write a cloud assembly's ``manifest.json`` listing ``artifacts``."""
    (directory / "manifest.json").write_text(
        json.dumps({"version": "55.0.0", "artifacts": artifacts})
    )


def stack_artifact(template: str, environment: str | None = None, **extra: Any) -> dict[str, Any]:
    """Return a manifest's stack artifact for the template file ``template``."""
    artifact: dict[str, Any] = {"type": "aws:cloudformation:stack", **extra}
    if environment is not None:
        artifact["environment"] = environment
    artifact["properties"] = {"templateFile": template}
    return artifact
