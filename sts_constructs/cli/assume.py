"""``sts-constructs assume ROLE``: credentials as export lines, JSON or credential_process."""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from dataclasses import replace

from sts_constructs.cli import usage_errors
from sts_constructs.cli._aws import add_connection_options, runs_aws, session_from
from sts_constructs.cli._pairs import unique_pairs

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "parse_duration", "parse_tags"]

# Not an IAM rule: how the command line writes a duration (900, 900s, 15m, 1h).
_DURATION = re.compile(r"(\d{1,9})([smh]?)", re.ASCII)


HELP = "assume a deployed role and print its temporary credentials"
DESCRIPTION = (
    "Call sts:AssumeRole for ROLE (an ARN, or a role name from the deployed "
    "stacks' outputs) after checking the arguments against STS's rules, and print the "
    'credentials: `eval "$(sts-constructs assume ROLE)"`. The same credentials '
    "(--profile, else the SDK's chain) read the stacks and assume the role; when they may "
    "not read the stacks, a role name is taken as a role of their own account."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``assume`` subcommand's arguments and handler."""
    parser.add_argument("role", metavar="ROLE", help="role ARN, or a role name from stack outputs")
    parser.add_argument(
        "--format",
        choices=("env", "json", "credential-process"),
        default="env",
        help="env: export lines (default); json; credential-process: the AWS CLI's format",
    )
    parser.add_argument(
        "--session-name", help="RoleSessionName (default: sts-constructs-<local user>)"
    )
    parser.add_argument(
        "--duration",
        type=parse_duration,
        help="session duration: 900 s up to the role's maximum (at most 43200, and 3600 "
        "with temporary credentials), or 15m, 1h (default: STS's, one hour)",
    )
    parser.add_argument("--mfa-serial", help="MFA device ARN or serial (needs --token-code)")
    parser.add_argument("--token-code", help="the 6-digit code the MFA device shows")
    parser.add_argument("--external-id", help="ExternalId the role's trust requires")
    parser.add_argument("--source-identity", help="SourceIdentity to set on the session")
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="session tag (repeatable)",
    )
    add_connection_options(parser)
    parser.set_defaults(handler=runs_aws(_run))


def parse_duration(text: str) -> int:
    """Return seconds from ``900``, ``900s``, ``15m`` or ``1h``."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r}: expected seconds, or a number with s, m or h")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def parse_tags(items: list[str]) -> dict[str, str]:
    """Return ``{key: value}`` from ``KEY=VALUE`` items; a repeated key is an error."""
    return unique_pairs("--tag", items, form="KEY=VALUE")


def _default_session_name() -> str:
    """Return ``sts-constructs-<local user>``, with characters a session name may not hold
    (the rule of :mod:`sts_constructs.validation`) replaced by ``-``."""
    from sts_constructs.validation import is_iam_name

    try:
        user = getpass.getuser() or "user"
    except (KeyError, OSError):  # No name for this uid (a container, for example).
        user = "user"
    safe = "".join(c if is_iam_name(c) else "-" for c in user)
    return f"sts-constructs-{safe}"[:64]


def _check_role(role: str) -> None:
    """Raise :class:`UsageError` unless ``role`` is a role ARN or an IAM role name."""
    from sts_constructs.runtime._inputs import literal
    from sts_constructs.validation import validate_iam_name, validate_role_arn

    with usage_errors():
        if role.startswith("arn:"):
            literal(validate_role_arn, "ROLE", role)
        else:
            literal(validate_iam_name, "ROLE", role)


def _run(args: argparse.Namespace) -> int:
    from sts_constructs.runtime import (
        AssumeRequest,
        assume_role,
        format_credentials,
        resolve_role,
        validate_request,
    )

    request = AssumeRequest(
        role_arn=args.role,
        session_name=args.session_name or _default_session_name(),
        duration_seconds=args.duration,
        mfa_serial=args.mfa_serial,
        token_code=args.token_code,
        external_id=args.external_id,
        source_identity=args.source_identity,
        tags=parse_tags(args.tag),
    )
    # What can be checked without AWS, before any call: one line, exit status 2.
    _check_role(args.role)
    with usage_errors():
        validate_request(request)
    session = session_from(args)
    notes: list[str] = []
    role_arn = resolve_role(args.role, session=session, stack_names=args.stacks, notes=notes)
    for note in notes:
        print(f"sts-constructs assume: {note}", file=sys.stderr)
    credentials = assume_role(session, replace(request, role_arn=role_arn))
    sys.stdout.write(format_credentials(credentials, output_format=args.format) + "\n")
    if args.format == "env":
        print(f"# {credentials.assumed_role_arn} until {credentials.expiration}", file=sys.stderr)
    return 0
