"""``sts-constructs verify``: assume every deployed role you can, and check its permissions."""

from __future__ import annotations

import argparse
import sys

from sts_constructs.cli._aws import (
    add_connection_options,
    lookup_session,
    runs_aws,
    session_from,
)

__all__ = ["DESCRIPTION", "HELP", "add_arguments"]


HELP = "assume every deployed role you can and check what it may do"
DESCRIPTION = (
    "For each role in the deployed stacks' outputs: assume it as --caller-profile, show "
    "who you are then, and, when the stack has the sandbox app's bucket (output "
    "SandboxBucketName), check that the role may do on it what its policies in the deployed "
    "template say (list, read, write; a write that succeeds is deleted again). A role "
    "whose trust wants MFA or another principal is not assumed by the emulator admin: "
    "pass a --caller-profile it trusts. An output that fails the checks `profiles` "
    "applies is refused and said so. "
    "Exit status 1 if a check fails, an output is refused, no role could be assumed, or "
    "no stack names a role (an output whose key ends in RoleArn; README: Runtime tools)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``verify`` subcommand's arguments and handler."""
    parser.add_argument(
        "--caller-profile",
        help="profile that assumes the roles (default: --profile). The stacks are read with "
        "--profile, else the SDK's chain, else this profile when the chain has no credentials",
    )
    add_connection_options(parser)
    parser.set_defaults(handler=runs_aws(_run))


def _run(args: argparse.Namespace) -> int:
    from rich.markup import escape

    from sts_constructs.cli._console import make_console
    from sts_constructs.runtime import scan_role_outputs, verify_roles
    from sts_constructs.runtime._stacks import no_role_outputs

    lookup = lookup_session(args, caller_profile=args.caller_profile)
    caller = session_from(args, profile=args.caller_profile) if args.caller_profile else lookup
    scan = scan_role_outputs(lookup, stack_names=args.stacks)
    roles, refused = scan.roles, scan.refused
    for output in refused:
        # The output's text was checked and quoted by the refusal: one line, no markup.
        print(f"sts-constructs verify: refused {output}", file=sys.stderr)
    if not roles:
        print(f"sts-constructs verify: nothing to verify: {no_role_outputs(scan)}", file=sys.stderr)
        return 1
    reports = verify_roles(
        lookup_session=lookup, caller_session=caller, stack_names=args.stacks, roles=roles
    )
    console = make_console(soft_wrap=True)
    for report in reports:
        # Names and reasons come from AWS: printed as text, never as markup.
        title = f"[bold]{escape(report.role.name)}[/bold] ({escape(report.role.stack_name)})"
        if report.assumed_as is None:
            console.print(
                f"{title}  [yellow]not assumed[/yellow]: {escape(report.reason or '')}",
                highlight=False,
            )
            continue
        verdict = "[green]ok[/green]" if report.ok else "[red]FAILED[/red]"
        console.print(f"{title}  {verdict}  as {escape(report.assumed_as)}", highlight=False)
        for probe in report.probes:
            mark = "[green]holds[/green]" if probe.holds else "[red]does not hold[/red]"
            expected = "allowed" if probe.expected else "denied"
            actual = "allowed" if probe.allowed else "denied"
            console.print(
                f"   {probe.action} on {escape(probe.resource)}: expected {expected}, "
                f"{actual}  {mark}",
                highlight=False,
            )
    assumed = [r for r in reports if r.assumed_as is not None]
    if not assumed:
        console.print(f"none of {len(reports)} role(s) could be assumed")
        return 1
    return 0 if all(r.ok for r in assumed) and not refused else 1
