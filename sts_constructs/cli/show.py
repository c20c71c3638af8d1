"""``sts-constructs show``: what a synthesized app holds, and who may assume what."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from sts_constructs.cli import UsageError

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "summarize"]


HELP = "summarize a cdk.out directory: stacks, resources, trust relationships"
DESCRIPTION = (
    "Print the stacks of a cloud assembly, their resources, and for every "
    "role who may assume it, with which STS action and on which conditions."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``show`` subcommand's arguments and handler."""
    parser.add_argument("assembly", nargs="?", default="cdk.out", help="default: cdk.out")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from rich.console import Console

    stacks = summarize(Path(args.assembly))
    console = Console()
    for stack in stacks:
        _print_stack(console, stack)
    return 0


def summarize(assembly: Path) -> list[dict[str, Any]]:
    """Return, per stack of a cloud assembly, its resource counts, roles and outputs."""
    manifest_path = assembly / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{manifest_path}: {error.strerror}; run `cdk synth` first") from None
    except json.JSONDecodeError as error:
        raise UsageError(f"{manifest_path}: not JSON: {error}") from None
    stacks = []
    for name, artifact in sorted(manifest.get("artifacts", {}).items()):
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        template_file = assembly / artifact["properties"]["templateFile"]
        template = json.loads(template_file.read_text(encoding="utf-8"))
        resources: dict[str, Any] = template.get("Resources", {})
        stacks.append(
            {
                "name": name,
                "environment": artifact.get("environment", ""),
                "types": Counter(r.get("Type", "?") for r in resources.values()),
                "trust": [
                    _trust_rows(logical_id, resource)
                    for logical_id, resource in resources.items()
                    if resource.get("Type") == "AWS::IAM::Role"
                ],
                "outputs": {
                    key: output.get("Description", "")
                    for key, output in template.get("Outputs", {}).items()
                },
            }
        )
    return stacks


def _trust_rows(logical_id: str, resource: dict[str, Any]) -> dict[str, Any]:
    properties = resource.get("Properties", {})
    document = properties.get("AssumeRolePolicyDocument", {})
    statements = document.get("Statement", [])
    return {
        "role": properties.get("RoleName", logical_id),
        "statements": [
            {
                "who": _principal(statement.get("Principal", {})),
                "actions": _as_list(statement.get("Action", [])),
                "conditions": _conditions(statement.get("Condition", {})),
            }
            for statement in (statements if isinstance(statements, list) else [statements])
            if statement.get("Effect") == "Allow"
        ],
    }


def _principal(principal: Any) -> str:
    if principal == "*":
        return "* (anyone)"
    parts: list[str] = []
    for kind, values in principal.items():
        parts.extend(f"{kind}: {_render(value)}" for value in _as_list(values))
    return "\n".join(parts)


def _conditions(condition: dict[str, Any]) -> str:
    return "\n".join(
        f"{operator} {key} = {_render(value)}"
        for operator, pairs in condition.items()
        for key, value in pairs.items()
    )


def _render(value: Any) -> str:
    """Render a value, showing CloudFormation references as ``<LogicalId.Attr>``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(_render(v) for v in value)
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        if function == "Ref":
            return f"<{argument}>"
        if function == "Fn::GetAtt":
            return f"<{'.'.join(argument) if isinstance(argument, list) else argument}>"
        if function == "Fn::Join":
            return "".join(_render(v) for v in argument[1])
    return json.dumps(value, separators=(",", ":"))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _print_stack(console: Any, stack: dict[str, Any]) -> None:
    from rich.table import Table

    console.rule(f"[bold]{stack['name']}[/]  {stack['environment']}")
    resources = Table("resource type", "count", title="Resources", title_justify="left")
    for resource_type, count in sorted(stack["types"].items()):
        resources.add_row(resource_type, str(count))
    console.print(resources)
    trust = Table(title="Trust", title_justify="left")
    for header in ("role", "who may assume it", "action", "conditions"):
        trust.add_column(header, overflow="fold")
    for role in stack["trust"]:
        for statement in role["statements"]:
            trust.add_row(
                role["role"],
                statement["who"],
                "\n".join(statement["actions"]),
                statement["conditions"] or "(none)",
            )
    console.print(trust)
    if stack["outputs"]:
        outputs = Table("output", "description", title="Outputs", title_justify="left")
        for key, description in stack["outputs"].items():
            outputs.add_row(key, description)
        console.print(outputs)
