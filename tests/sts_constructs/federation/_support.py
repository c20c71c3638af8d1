"""Helpers for the federation tests: logical IDs, cfn-lint, and the snippets of the docs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from aws_cdk import CfnElement, Stack
from constructs import IConstruct

from tests.support import cfn_lint_errors as lint_template_file

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_METADATA = ROOT / "config" / "saml" / "sample-idp-metadata.xml"
_SNIPPET = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def doc_snippets(doc: Path) -> list[tuple[str, str]]:
    """Return ``(where, code)`` for every Python snippet of a Markdown page (``page.md:line``)."""
    text = doc.read_text(encoding="utf-8")
    return [
        (f"{doc.name}:{text.count(chr(10), 0, match.start()) + 1}", match.group(1))
        for match in _SNIPPET.finditer(text)
    ]


def python_output(code: str) -> str:
    """Return what ``code`` prints in a fresh Python process (what importing it loads, say)."""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return run.stdout.strip()


def own_account_arn(service: str, resource: str) -> dict[str, Any]:
    """Return how CDK renders ``arn:<partition>:<service>::<this account>:<resource>``."""
    return {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                f":{service}::",
                {"Ref": "AWS::AccountId"},
                f":{resource}",
            ],
        ]
    }


def one_statement_policy(sid: str, **fields: object) -> dict[str, Any]:
    """Return a policy document of one ``Allow`` statement ``sid`` with ``fields`` (Action, ...)."""
    return {"Version": "2012-10-17", "Statement": [{"Sid": sid, "Effect": "Allow", **fields}]}


def web_identity_statement(sid: str, federated: object, condition: object) -> dict[str, Any]:
    """Return the one ``sts:AssumeRoleWithWebIdentity`` statement a web-identity trust renders."""
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"Federated": federated},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": condition,
    }


def cfn_lint_errors(template: dict[str, Any]) -> list[str]:
    """Return cfn-lint's errors (E rules) for a template."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "template.json"
        path.write_text(json.dumps(template))
        return lint_template_file(path)


def logical_id(stack: Stack, path: str) -> str:
    """Return the logical ID of the CloudFormation resource at ``path`` below ``stack``."""
    construct: IConstruct = stack
    for part in path.split("/"):
        construct = construct.node.find_child(part)
    while not isinstance(construct, CfnElement):
        child = construct.node.default_child
        assert child is not None, f"{path} holds no CloudFormation resource"
        construct = child
    # The resolved ID: a construct may override its logical ID (to keep an earlier layout's).
    resolved: str = stack.resolve(construct.logical_id)
    return resolved
