"""``sts-constructs explain [PRINCIPAL] ROLE [CDK_OUT...]``: who can become this role, and how.

Exit status: 0 (with a PRINCIPAL: 0 allowed, 1 not allowed); 2 for bad input (one line).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sts_constructs.cli import UsageError

__all__ = ["DESCRIPTION", "HELP", "add_arguments"]

# Arguments ending so are paths, never role or principal names.
_PATH_ENDINGS = ("cdk.out", ".json", ".yaml", ".yml", ".template")


HELP = "explain who can assume a role: path, conditions, session length"
DESCRIPTION = (
    "Explain who can assume ROLE (or whether PRINCIPAL can), by which path "
    "(chains through other roles included), on which conditions, and for how long "
    "(a chained hop is capped at 1 hour). Name roles and principals by ARN, name or "
    "construct path. CDK_OUT defaults to ./cdk.out. Exit status with a PRINCIPAL: "
    "0 allowed, 1 not allowed."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``explain`` subcommand's arguments and handler."""
    parser.add_argument(
        "arguments",
        nargs="+",
        metavar="[PRINCIPAL] ROLE [CDK_OUT...]",
        help="an optional principal, the role, then cdk.out directories or templates",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=_run)


def _split(arguments: list[str]) -> tuple[str | None, str, list[str]]:
    names: list[str] = []
    paths: list[str] = []
    for argument in arguments:
        if argument.endswith(_PATH_ENDINGS) and not Path(argument).exists():
            raise UsageError(f"{argument}: no such cloud assembly directory or template file")
        if paths or (len(names) >= 1 and Path(argument).exists()):
            paths.append(argument)
        else:
            names.append(argument)
    if len(names) > 2:
        raise UsageError(
            f"{names[2]!r}: expected [PRINCIPAL] ROLE then existing cdk.out directories or "
            f"templates"
        )
    if len(names) == 2:
        return names[0], names[1], paths or ["cdk.out"]
    return None, names[0], paths or ["cdk.out"]


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "unknown"
    hours, rest = divmod(seconds, 3600)
    return f"{seconds} s ({hours}h)" if not rest else f"{seconds} s"


def _run(args: argparse.Namespace) -> int:
    from sts_constructs.analysis import AssemblyError, load_model
    from sts_constructs.analysis._explain import ExplainError, explain, find_one, permissions

    principal, role_ref, paths = _split(args.arguments)
    try:
        model = load_model(paths)
        answer = explain(model, role_ref, principal)
    except (AssemblyError, ExplainError) as error:
        raise UsageError(str(error)) from error
    if args.format == "json":
        print(json.dumps(answer, indent=2))
    else:
        role = find_one(model, role_ref, "role", kinds=("role",))
        print(_text(answer, model, role, permissions(role, model)))
    if principal is not None:
        return 0 if answer["allowed"] else 1
    return 0


def _text(answer: dict[str, Any], model: Any, role: Any, granted: list[str]) -> str:
    lines = [f"Role {role.label} ({role.id})"]
    lines.append(f"  MaxSessionDuration: {_duration(role.max_session_seconds)}")
    if granted:
        lines.append("  The role may:")
        lines.extend(f"    {line}" for line in granted)
    if "allowed" in answer and not answer["allowed"]:
        lines.append(f"Not allowed: {answer['reason']}.")
        return "\n".join(lines)
    if not answer["principals"]:
        lines.append("Nobody in these assemblies can assume it.")
        return "\n".join(lines)
    lines.append("Who can assume it:" if "allowed" not in answer else "Allowed:")
    for entry in answer["principals"]:
        path = [model.label(entry["principal"])]
        path += [model.label(step) for step in entry["path"]]
        lines.append(f"  {entry['principal']}")
        lines.append(f"    path: {' -> '.join(path)}")
        lines.append(f"    action: {entry['action']}")
        if entry["conditions"]:
            lines.append("    conditions (all must hold):")
            for condition in entry["conditions"]:
                values = ", ".join(condition["values"])
                lines.append(f"      {condition['operator']} {condition['key']}: {values}")
        else:
            lines.append("    conditions: none")
        chained = " (role chaining caps it at 1 hour)" if len(entry["path"]) > 1 else ""
        lines.append(f"    session: up to {_duration(entry['max_session_seconds'])}{chained}")
    return "\n".join(lines)
