"""``sts-constructs profiles``: AWS CLI profiles for every deployed role."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sts_constructs.cli import UsageError, usage_errors
from sts_constructs.cli._aws import (
    add_connection_options,
    lookup_session,
    runs_aws,
    session_from,
)
from sts_constructs.cli.assume import parse_duration

__all__ = ["DESCRIPTION", "HELP", "add_arguments"]


HELP = "write AWS CLI profiles (role_arn + source_profile) for the deployed roles"
DESCRIPTION = (
    "Write one profile per role of the deployed stacks into an AWS config "
    "file, so the AWS CLI and SDKs assume the role and refresh its credentials "
    "themselves. Profiles this command did not write are never changed. Only roles the "
    "source profile may assume are written; the others (roles of EC2, OIDC or SAML, "
    "roles whose trust names someone else) are listed with why. Every value is "
    "checked before it is written; an output that fails a check is refused with the "
    "reason (exit status 1), the others are written. The stacks are read with --profile, "
    "else the SDK's chain, else --source-profile when the chain has no credentials."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``profiles`` subcommand's arguments and handler."""
    parser.add_argument(
        "--config-file",
        required=True,
        type=Path,
        help="the AWS config file to write (e.g. ~/.aws/config)",
    )
    parser.add_argument(
        "--source-profile", required=True, help="the profile whose credentials assume the roles"
    )
    parser.add_argument("--prefix", default="", help="prefix of each profile name (default: none)")
    parser.add_argument("--mfa-serial", help="MFA device the CLI prompts a code for")
    parser.add_argument("--external-id", help="ExternalId to send")
    parser.add_argument("--duration", type=parse_duration, help="duration_seconds (900-43200)")
    add_connection_options(parser)
    parser.set_defaults(handler=runs_aws(_run))


def _check_arguments(args: argparse.Namespace) -> None:
    """Raise :class:`UsageError` for a command-line value that may not go into the file."""
    from sts_constructs.runtime import PROFILE_NAME_MAX_CHARS
    from sts_constructs.runtime._inputs import regular_file_status
    from sts_constructs.validation import (
        MAX_SESSION_DURATION_SECONDS,
        validate_duration_seconds,
        validate_external_id,
        validate_iam_name,
        validate_mfa_serial,
    )

    with usage_errors():
        validate_iam_name(
            "--source-profile", args.source_profile, max_length=PROFILE_NAME_MAX_CHARS
        )
        if args.prefix:
            validate_iam_name("--prefix", args.prefix, max_length=PROFILE_NAME_MAX_CHARS)
        if args.mfa_serial is not None:
            validate_mfa_serial("--mfa-serial", args.mfa_serial)
        if args.external_id is not None:
            validate_external_id("--external-id", args.external_id)
        if args.duration is not None:
            validate_duration_seconds(
                "--duration", args.duration, maximum=MAX_SESSION_DURATION_SECONDS
            )
        regular_file_status("--config-file", args.config_file.expanduser())


def _say(line: str) -> None:
    print(f"sts-constructs profiles: {line}", file=sys.stderr)


# Profiles whose credentials come from a prompt or a command: not used just to learn who the
# source profile is (the user runs them when they use the profile, not this command).
_INTERACTIVE_KEYS = {
    "role_arn",
    "mfa_serial",
    "credential_process",
    "sso_session",
    "sso_start_url",
    "web_identity_token_file",
    "login_session",
}


def _source_identity(args: argparse.Namespace) -> str | None:
    """Return the ARN of the source profile's identity, or ``None`` when not found quietly."""
    from sts_constructs.runtime import RuntimeToolError
    from sts_constructs.runtime._stacks import caller_arn

    try:
        session = session_from(args, profile=args.source_profile)
        scoped = session.session._session.get_scoped_config()
    except (RuntimeToolError, Exception):
        return None
    if _INTERACTIVE_KEYS & set(scoped):
        return None
    return caller_arn(session)


def _why_not_written(
    role: Any, templates: dict[str, dict[str, Any]], source: str | None
) -> str | None:
    """Return why the source profile cannot assume ``role`` (``None``: it may, or unknown)."""
    from sts_constructs.runtime._trust import aws_principals, keys_cannot_assume, trusts

    template = templates[role.stack_name]
    reason = keys_cannot_assume(template, role.output_key)
    if reason is not None or source is None:
        return reason
    principals = aws_principals(template, role.output_key, account_id=role.arn.split(":")[4])
    if principals and not trusts(principals, source):
        return f"its trust names {', '.join(principals)}, not {source} (the source profile)"
    return None


def _run(args: argparse.Namespace) -> int:
    from sts_constructs.runtime import (
        ProfileSpec,
        scan_role_outputs,
        validate_profile,
        write_profiles,
    )
    from sts_constructs.runtime._stacks import LOOKUP_FIX, no_role_outputs
    from sts_constructs.runtime._trust import template

    _check_arguments(args)
    lookup = lookup_session(args, caller_profile=args.source_profile)
    scan = scan_role_outputs(lookup, stack_names=args.stacks)
    roles, refused = scan.roles, scan.refused
    templates = {
        name: template(lookup, name, fix=LOOKUP_FIX) for name in {r.stack_name for r in roles}
    }
    source = _source_identity(args)
    reasons = [f"refused {output}" for output in refused]
    specs = []
    for role in roles:
        why = _why_not_written(role, templates, source)
        if why is not None:
            _say(f"not written: {role.name} ({role.stack_name}): {why}")
            continue
        spec = ProfileSpec(
            name=f"{args.prefix}{role.name}",
            role_arn=role.arn,
            source_profile=args.source_profile,
            mfa_serial=args.mfa_serial,
            external_id=args.external_id,
            duration_seconds=args.duration,
        )
        try:
            specs.append(validate_profile(spec))
        except ValueError as error:
            reasons.append(f"refused {role.stack_name} output {role.output_key}: {error}")
    for reason in reasons:
        _say(reason)
    if not specs:
        if reasons:
            return 1
        if roles:
            _say(f"no role of the deployed stacks can be assumed with {args.source_profile}")
            return 0
        raise UsageError(no_role_outputs(scan))
    path = args.config_file.expanduser()
    with usage_errors():
        result = write_profiles(path, specs)
    for warning in result.warnings:
        _say(f"warning: {warning}")
    arns = {spec.name: spec.role_arn for spec in specs}
    for name in result.written:
        print(f"wrote profile {name} -> {arns[name]}")
    for name in result.kept:
        _say(
            f"kept profile {name}: it exists in {path} and was not written by sts-constructs "
            "(use --prefix for other names)"
        )
    print(
        f"{len(result.written)} profile(s) in {path}; try: aws sts get-caller-identity "
        f"--profile {result.written[0] if result.written else 'NAME'}"
    )
    return 1 if reasons else 0
