"""``sts-constructs show``: what a synthesized app holds, and who may assume what."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sts_constructs.cli import UsageError

if TYPE_CHECKING:
    from sts_constructs.analysis import Node, TrustModel

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "summarize"]


# The widest the stack's title rule is drawn (a console that is not a terminal is wider).
_RULE_WIDTH = 100


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
    from sts_constructs.cli._console import make_console

    stacks = summarize(Path(args.assembly))
    console = make_console()
    for stack in stacks:
        _print_stack(console, stack)
    return 0


def summarize(assembly: Path) -> list[dict[str, Any]]:
    """Return, per stack of a cloud assembly, its resource counts, roles and outputs.

    Principals and roles are named as ``explain`` names them (``sts-user``, not the
    template's ``Fn::GetAtt``): by the trust model of :mod:`sts_constructs.analysis`.
    Raises :class:`UsageError` (one line) for a directory that is not a cloud assembly.
    """
    from sts_constructs.analysis import AssemblyError, load_model

    manifest_path = assembly / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{manifest_path}: {error.strerror}; run `cdk synth` first") from None
    except json.JSONDecodeError as error:
        raise UsageError(f"{manifest_path}: not JSON: {error}") from None
    try:
        model = load_model([str(assembly)])
    except AssemblyError as error:
        raise UsageError(str(error)) from None
    stacks = []
    for name, artifact in sorted(manifest.get("artifacts", {}).items()):
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        properties = artifact["properties"]
        template_file = assembly / properties["templateFile"]
        template = json.loads(template_file.read_text(encoding="utf-8"))
        resources: dict[str, Any] = template.get("Resources", {})
        stack_name = properties.get("stackName") or name
        stacks.append(
            {
                "name": name,
                "environment": artifact.get("environment", ""),
                "types": Counter(r.get("Type", "?") for r in resources.values()),
                "trust": [
                    _trust_rows(model, role)
                    for role in model.nodes.values()
                    # Roles of this stack's template (not roles its policies only name).
                    if role.kind == "role" and role.stack == stack_name and role.trust is not None
                ],
                "outputs": {
                    key: output.get("Description", "")
                    for key, output in template.get("Outputs", {}).items()
                },
            }
        )
    return stacks


def _trust_rows(model: TrustModel, role: Node) -> dict[str, Any]:
    """Return the role's label and its ``Allow`` statements, principals named by label."""
    from sts_constructs.evaluator import statements_of

    return {
        "role": role.label,
        "statements": [
            {
                "who": _principal(model, statement.get("Principal", {})),
                "actions": _as_list(statement.get("Action", [])),
                "conditions": _conditions(statement.get("Condition", {})),
            }
            for statement in statements_of(role.trust or {})
            if statement.get("Effect") == "Allow"
        ],
    }


def _principal(model: TrustModel, principal: Any) -> str:
    if principal == "*":
        return "* (anyone)"
    if not isinstance(principal, dict):
        return _render(principal)
    parts: list[str] = []
    for kind, values in principal.items():
        parts.extend(
            f"{kind}: {model.label(value) if isinstance(value, str) else _render(value)}"
            for value in _as_list(values)
        )
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
    from rich.markup import escape
    from rich.rule import Rule
    from rich.table import Table

    # A rule as wide as the terminal; at most _RULE_WIDTH where nothing reads a width.
    title = f"[bold]{escape(stack['name'])}[/]  {escape(stack['environment'])}"
    console.print(Rule(title), width=min(console.width, _RULE_WIDTH))
    resources = Table("resource type", "count", title="Resources", title_justify="left")
    for resource_type, count in sorted(stack["types"].items()):
        resources.add_row(resource_type, str(count))
    console.print(resources)
    trust = Table(title="Trust", title_justify="left")
    for header in ("role", "who may assume it", "action", "conditions"):
        trust.add_column(header, overflow="fold")
    for role in stack["trust"]:
        for statement in role["statements"]:
            # Names and values come from the templates: text, never markup.
            trust.add_row(
                escape(role["role"]),
                escape(statement["who"]),
                escape("\n".join(statement["actions"])),
                escape(statement["conditions"] or "(none)"),
            )
    console.print(trust)
    if stack["outputs"]:
        outputs = Table("output", "description", title="Outputs", title_justify="left")
        for key, description in stack["outputs"].items():
            outputs.add_row(escape(key), escape(description))
        console.print(outputs)
