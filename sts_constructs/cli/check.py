"""``sts-constructs check PATH...``: run the trust-policy and limit checks over templates.

Exit status: 0 when there is no error (warnings allowed), 1 when there is one or more,
2 when an input cannot be read (with the reason on one line).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from sts_constructs.cli import UsageError, usage_errors

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "sarif_uri", "to_sarif"]

_FORMATS = ("text", "json", "sarif")
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


HELP = "check CloudFormation templates or a cdk.out directory for risky STS trust"
DESCRIPTION = (
    "Check CloudFormation templates (JSON or YAML) or cloud assemblies "
    "(cdk.out directories) for risky trust policies and IAM/STS limits. "
    "Exit status: 0 no error, 1 errors found, 2 unreadable input."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``check`` subcommand's arguments and handler."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="template file or cdk.out dir")
    parser.add_argument(
        "--format", choices=_FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--account-id",
        metavar="ID",
        help="the stacks' own account, for environment-agnostic templates (default: taken "
        "from cdk.out's manifest)",
    )
    parser.add_argument(
        "--own-account",
        action="append",
        default=[],
        metavar="ID",
        help="another account of yours: trust from it is first party, needs no ExternalId "
        "(repeatable; the accounts of every stack in a cdk.out count too)",
    )
    parser.add_argument(
        "--organization-id",
        action="append",
        default=[],
        metavar="ORG",
        help="your AWS Organizations ID (o-...): aws:PrincipalOrgID on it marks first-party "
        "trust (repeatable; default: any organization)",
    )
    parser.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="raise a quota, e.g. --limit trust_policy_chars=4096 (repeatable)",
    )
    parser.set_defaults(handler=_run)


def _limits(pairs: Sequence[str]) -> Any:
    from sts_constructs.checks import Limits

    values: dict[str, int] = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not separator or name not in Limits.field_names():
            raise UsageError(
                f"--limit {pair!r}: expected NAME=VALUE with NAME one of "
                + ", ".join(Limits.field_names())
            )
        try:
            values[name] = int(value)
        except ValueError:
            raise UsageError(f"--limit {pair!r}: {value!r} is not an integer") from None
    try:
        return Limits(**values)
    except ValueError as error:
        raise UsageError(f"--limit: {error}") from None


def _run(args: argparse.Namespace) -> int:
    from sts_constructs.checks import CheckSummary, TemplateError, check_paths
    from sts_constructs.validation import is_account_id, validate_principal_org_id

    for option, account in [("--account-id", args.account_id)] + [
        ("--own-account", a) for a in args.own_account
    ]:
        if account is not None and not is_account_id(account):
            raise UsageError(f"{option} {account!r}: expected a 12-digit account ID")
    for org in args.organization_id:
        with usage_errors():
            validate_principal_org_id("--organization-id", org)
    limits = _limits(args.limit)
    try:
        findings = check_paths(
            args.paths,
            account_id=args.account_id,
            limits=limits,
            own_accounts=args.own_account,
            organization_ids=args.organization_id,
            summary=(summary := CheckSummary()),
        )
    except TemplateError as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        json.dump([f.to_dict() for f in findings], sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "sarif":
        json.dump(to_sarif(findings), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_text(findings, sys.stdout, summary)
    return 1 if any(f.severity == "error" for f in findings) else 0


def _print_text(findings: Sequence[Any], stream: TextIO, summary: Any) -> None:
    import textwrap

    from rich.markup import escape

    from sts_constructs.checks import rule_by_id
    from sts_constructs.cli._console import make_console

    console = make_console(stream, highlight=False)
    current: tuple[str, str] | None = None
    for finding in findings:
        where = (finding.template, finding.resource)
        if where != current:
            if current is not None:
                console.print()
            current = where
            resource = finding.resource or "(whole template)"
            console.print(f"[bold]{escape(resource)}[/bold]  [dim]{escape(finding.template)}[/dim]")
        style = "red" if finding.severity == "error" else "yellow"
        title = rule_by_id(finding.rule).title
        console.print(
            f"  [{style}]{finding.severity.upper()}[/{style}] [bold]{finding.rule}[/bold]  "
            f"{escape(title)}"
        )
        width = max(console.width - 4, 40)
        for line in textwrap.wrap(finding.message, width=width, break_on_hyphens=False):
            console.print(f"    {escape(line)}", soft_wrap=True)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if findings:
        console.print()
    counts = f"{errors} error(s), {warnings} warning(s)"
    console.print(f"[bold red]{counts}[/bold red]" if errors else counts)
    console.print(
        f"Read {summary.templates} template(s), {summary.resources} resource(s); "
        f"{summary.acknowledged} finding(s) acknowledged."
    )
    for rule_id, why in sorted(summary.limited.items()):
        console.print(f"[yellow]{rule_id} could not fully run:[/yellow] {escape(why)}")


def sarif_uri(path: str) -> str:
    """Return ``path`` as the URI reference SARIF's ``artifactLocation.uri`` requires.

    An absolute path becomes a ``file://`` URI, a relative one a relative reference; both
    percent-encode what a URI cannot hold as is (space, ``%``, ``#``, ``?``, non-ASCII).
    """
    from pathlib import PurePath
    from urllib.parse import quote

    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix(), safe="/")


def to_sarif(findings: Sequence[Any]) -> dict[str, Any]:
    """Return findings as a SARIF 2.1.0 log, for code-scanning UIs."""
    from sts_constructs.checks import RULES

    used = {f.rule for f in findings}
    rules = [
        {
            "id": rule.id,
            "name": rule.id.replace("-", ""),
            "shortDescription": {"text": rule.title},
            "helpUri": rule.link,
            "defaultConfiguration": {"level": rule.severity},
        }
        for rule in RULES
        if rule.id in used
    ]
    results = [
        {
            "ruleId": f.rule,
            "level": f.severity,
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {"artifactLocation": {"uri": sarif_uri(f.template)}},
                    "logicalLocations": [{"name": f.resource or "(template)", "kind": "resource"}],
                }
            ],
        }
        for f in findings
    ]
    return {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sts-constructs",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
