"""Options and error handling shared by the subcommands that call AWS (assume, profiles, verify)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["add_connection_options", "runs_aws", "session_from"]


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """Add --profile, --region, --endpoint-url and --stack to ``parser``."""
    group = parser.add_argument_group("connection")
    group.add_argument("--profile", help="AWS profile (default: the SDK's credential chain)")
    group.add_argument("--region", help="AWS region (default: the profile's or AWS_REGION)")
    group.add_argument(
        "--endpoint-url",
        help="send every call here, e.g. the local emulator (default: AWS_ENDPOINT_URL, else AWS)",
    )
    group.add_argument(
        "--stack",
        action="append",
        dest="stacks",
        metavar="NAME",
        help="read role outputs from this stack only (repeatable; default: every stack)",
    )


def session_from(args: argparse.Namespace, *, profile: str | None = None) -> Any:
    """Return the session the connection options describe (``profile`` overrides --profile)."""
    from sts_constructs.runtime import make_session

    return make_session(
        profile=profile or args.profile, region=args.region, endpoint_url=args.endpoint_url
    )


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
