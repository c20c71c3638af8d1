"""``sts-constructs assume ROLE``: credentials as export lines, JSON or credential_process."""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from typing import Any

from sts_constructs.cli import UsageError
from sts_constructs.cli._aws import add_connection_options, runs_aws, session_from

__all__ = ["parse_duration", "parse_tags", "register"]

_DURATION = re.compile(r"^(\d+)([smh]?)$")


def register(subparsers: Any) -> None:
    """Add the ``assume`` subcommand."""
    parser = subparsers.add_parser(
        "assume",
        help="assume a deployed role and print its temporary credentials",
        description="Call sts:AssumeRole for ROLE (an ARN, or a role name from the deployed "
        "stacks' outputs) after checking the arguments against STS's rules, and print the "
        'credentials: `eval "$(sts-constructs assume ROLE)"`.',
    )
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
        help="session duration: 900-43200 s, or 15m, 1h (default: STS's, one hour)",
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
    match = _DURATION.match(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r}: expected seconds, or a number with s, m or h")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def parse_tags(items: list[str]) -> dict[str, str]:
    """Return ``{key: value}`` from ``KEY=VALUE`` items; a repeated key is an error."""
    tags: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"--tag {item!r}: expected KEY=VALUE")
        if key in tags:
            raise UsageError(f"--tag {key!r} given twice")
        tags[key] = value
    return tags


def _default_session_name() -> str:
    user = re.sub(r"[^\w+=,.@-]", "-", getpass.getuser() or "user")
    return f"sts-constructs-{user}"[:64]


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
    try:
        # What can be checked without AWS, before any call.
        validate_request(request)
    except ValueError as error:
        raise UsageError(str(error)) from None
    session = session_from(args)
    role_arn = resolve_role(args.role, session=session, stack_names=args.stacks)
    credentials = assume_role(
        session,
        AssumeRequest(**{**request.__dict__, "role_arn": role_arn}),
    )
    sys.stdout.write(format_credentials(credentials, output_format=args.format) + "\n")
    if args.format == "env":
        print(f"# {credentials.assumed_role_arn} until {credentials.expiration}", file=sys.stderr)
    return 0
