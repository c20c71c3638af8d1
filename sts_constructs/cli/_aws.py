"""Options and error handling shared by the subcommands that call AWS (assume, profiles, verify).

Every client these commands make is bounded (connect and read timeouts, two attempts), and
the connection options are checked before any call: a bad one is one line, exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["add_connection_options", "lookup_session", "runs_aws", "session_from"]

# The longest --timeout accepted, in seconds: a bound that is still a bound.
MAX_TIMEOUT_SECONDS = 300.0


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """Add --profile, --region, --endpoint-url, --timeout and --stack to ``parser``."""
    group = parser.add_argument_group("connection")
    group.add_argument("--profile", help="AWS profile (default: the SDK's credential chain)")
    group.add_argument("--region", help="AWS region (default: the profile's or AWS_REGION)")
    group.add_argument(
        "--endpoint-url",
        help="send every call here, e.g. the local emulator (default: AWS_ENDPOINT_URL, else AWS)",
    )
    group.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="give up on a call the endpoint does not answer within this time "
        "(default: 10; one retry)",
    )
    group.add_argument(
        "--stack",
        action="append",
        dest="stacks",
        metavar="NAME",
        help="read role outputs from this stack only (repeatable; default: every stack)",
    )


def _check_connection(args: argparse.Namespace) -> None:
    """Raise :class:`UsageError` for a connection option (or variable) no call can use."""
    from sts_constructs.cli import usage_errors
    from sts_constructs.runtime._inputs import check_sdk_files, literal
    from sts_constructs.runtime._session import validate_endpoint_url
    from sts_constructs.validation import validate_no_control_characters, validate_region

    with usage_errors():
        if args.endpoint_url is not None:
            validate_endpoint_url("--endpoint-url", args.endpoint_url)
        elif os.environ.get("AWS_ENDPOINT_URL"):
            validate_endpoint_url("AWS_ENDPOINT_URL", os.environ["AWS_ENDPOINT_URL"])
        if args.region is not None:
            literal(validate_region, "--region", args.region)
        if args.profile is not None:
            validate_no_control_characters("--profile", args.profile)
        check_sdk_files()
        if args.timeout is not None and not 0 < args.timeout <= MAX_TIMEOUT_SECONDS:
            raise ValueError(
                f"--timeout: {args.timeout:g} must be more than 0 and at most "
                f"{MAX_TIMEOUT_SECONDS:g} seconds"
            )


def session_from(args: argparse.Namespace, *, profile: str | None = None) -> Any:
    """Return the session the connection options describe (``profile`` overrides --profile).

    Raises :class:`UsageError` for a bad connection option, before any call.
    """
    from sts_constructs.runtime import make_session
    from sts_constructs.runtime._session import READ_TIMEOUT_SECONDS, bounded_config

    _check_connection(args)
    return make_session(
        profile=profile or args.profile,
        region=args.region,
        endpoint_url=args.endpoint_url,
        config=bounded_config(read_timeout=args.timeout or READ_TIMEOUT_SECONDS),
    )


def lookup_session(args: argparse.Namespace, *, caller_profile: str | None) -> Any:
    """Return the session that reads the stacks: --profile, else the SDK's chain, else the
    caller's profile when the chain finds no credentials (a line on stderr says so)."""
    session = session_from(args)
    if (
        args.profile is None
        and caller_profile
        and caller_profile in session.session.available_profiles
        and not session.has_credentials()
    ):
        print(
            f"sts-constructs {args.command}: reading the stacks as profile {caller_profile} "
            "(no other credentials found; --profile chooses)",
            file=sys.stderr,
        )
        return session_from(args, profile=caller_profile)
    return session


def runs_aws(
    handler: Callable[[argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    """Wrap ``handler`` so that a runtime error prints one line and exits with status 1."""

    def run(args: argparse.Namespace) -> int:
        from botocore.exceptions import BotoCoreError

        from sts_constructs.runtime import RuntimeToolError, explain

        try:
            return handler(args)
        except RuntimeToolError as error:
            print(f"sts-constructs {args.command}: {error}", file=sys.stderr)
        except BotoCoreError as error:
            print(
                f"sts-constructs {args.command}: {explain(error, action=args.command)}",
                file=sys.stderr,
            )
        return 1

    return run
