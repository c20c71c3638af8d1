"""``sts-constructs graph [CDK_OUT...]``: draw who can assume which role; ``--diff OLD NEW``.

Exit status: 0; with ``--diff``, 1 when access widened (an edge added or loosened); 2 for
bad input (one line).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sts_constructs.cli import UsageError

__all__ = ["DESCRIPTION", "HELP", "add_arguments"]

_GRAPH_FORMATS = ("mermaid", "dot", "html", "json")
_DIFF_FORMATS = ("text", "markdown", "json")


HELP = "draw who can assume which role (Mermaid, DOT, HTML), or diff two assemblies"
DESCRIPTION = (
    "Draw the trust graph of cloud assemblies (cdk.out directories) or "
    "templates: who may assume which role, on which conditions, for how long. "
    "With --diff OLD NEW, list the edges added, removed, loosened or tightened; "
    "exit status 1 when access widened."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``graph`` subcommand's arguments and handler."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="CDK_OUT",
        help="cdk.out directory or template (default: cdk.out)",
    )
    parser.add_argument(
        "--format",
        choices=sorted({*_GRAPH_FORMATS, *_DIFF_FORMATS}),
        help="graph: mermaid (default), dot, html, json; --diff: text (default), markdown, json",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    parser.add_argument("--title", default="Trust graph", help="the HTML page's title")
    parser.add_argument(
        "--diff", nargs=2, metavar=("OLD", "NEW"), help="compare two assemblies or templates"
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from sts_constructs.analysis import AssemblyError, load_model

    if args.diff:
        if args.paths:
            raise UsageError("--diff takes exactly OLD and NEW; give no other CDK_OUT")
        fmt = args.format or "text"
        if fmt not in _DIFF_FORMATS:
            raise UsageError(f"--format {fmt}: with --diff use one of {', '.join(_DIFF_FORMATS)}")
    else:
        fmt = args.format or "mermaid"
        if fmt not in _GRAPH_FORMATS:
            raise UsageError(f"--format {fmt}: a graph is one of {', '.join(_GRAPH_FORMATS)}")
    output = _check_output(args.output)
    try:
        if args.diff:
            from sts_constructs.analysis._diff import diff_models

            result = diff_models(load_model([args.diff[0]]), load_model([args.diff[1]]))
            if fmt == "json":
                text = _json(result.to_json())
            elif fmt == "markdown":
                text = result.to_markdown()
            else:
                text = result.to_text()
            _write(text, output)
            return 1 if result.widened else 0
        model = load_model(args.paths or ["cdk.out"])
    except AssemblyError as error:
        raise UsageError(str(error)) from error
    from sts_constructs.analysis._render import to_dot, to_html, to_mermaid

    if fmt == "mermaid":
        text = to_mermaid(model)
    elif fmt == "dot":
        text = to_dot(model)
    elif fmt == "html":
        text = to_html(model, title=args.title)
    else:
        text = _json(model.to_json())
    _write(text, output)
    return 0


def _json(data: Any) -> str:
    import json

    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _check_output(raw: str | None) -> Path | None:
    if raw is None:
        return None
    path = Path(raw)
    if path.is_dir():
        raise UsageError(f"--output {raw}: is a directory; name a file")
    if not path.parent.is_dir():
        raise UsageError(f"--output {raw}: the directory {path.parent} does not exist")
    return path


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
