"""``sts-constructs profiles``: AWS CLI profiles for every deployed role."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sts_constructs.cli._aws import add_connection_options, runs_aws, session_from
from sts_constructs.cli.assume import parse_duration

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``profiles`` subcommand."""
    parser = subparsers.add_parser(
        "profiles",
        help="write AWS CLI profiles (role_arn + source_profile) for the deployed roles",
        description="Write one profile per role of the deployed stacks into an AWS config "
        "file, so the AWS CLI and SDKs assume the role and refresh its credentials "
        "themselves. Profiles this command did not write are never changed.",
    )
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


def _run(args: argparse.Namespace) -> int:
    from sts_constructs.cli import UsageError
    from sts_constructs.runtime import (
        AssumeRequest,
        ProfileSpec,
        deployed_roles,
        validate_request,
        write_profiles,
    )

    roles = deployed_roles(session_from(args), stack_names=args.stacks)
    if not roles:
        raise UsageError("the deployed stacks name no roles (outputs ending in RoleArn)")
    specs = []
    for role in roles:
        try:
            validate_request(
                AssumeRequest(
                    role_arn=role.arn,
                    session_name="profile",
                    duration_seconds=args.duration,
                    external_id=args.external_id,
                )
            )
        except ValueError as error:
            raise UsageError(str(error)) from None
        specs.append(
            ProfileSpec(
                name=f"{args.prefix}{role.name}",
                role_arn=role.arn,
                source_profile=args.source_profile,
                mfa_serial=args.mfa_serial,
                external_id=args.external_id,
                duration_seconds=args.duration,
            )
        )
    path = args.config_file.expanduser()
    result = write_profiles(path, specs)
    arns = {spec.name: spec.role_arn for spec in specs}
    for name in result.written:
        print(f"wrote profile {name} -> {arns[name]}")
    for name in result.kept:
        print(
            f"sts-constructs profiles: kept profile {name}: it exists in {path} and was not "
            "written by sts-constructs (use --prefix for other names)",
            file=sys.stderr,
        )
    print(
        f"{len(result.written)} profile(s) in {path}; try: aws sts get-caller-identity "
        f"--profile {result.written[0] if result.written else 'NAME'}"
    )
    return 0
