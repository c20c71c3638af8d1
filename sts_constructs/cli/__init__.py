"""The ``sts-constructs`` console script.

Each subcommand lives in its own module of this package, named as the subcommand, which
exposes ``HELP`` (its line in ``sts-constructs --help``), ``DESCRIPTION`` (the text of its own
``--help``) and ``add_arguments(parser) -> None``, which adds its arguments and sets
``handler`` to a function ``(args: argparse.Namespace) -> int`` returning the exit status.
``build_parser`` makes each subcommand's parser from them, in one place. Modules import heavy
dependencies (boto3, aws_cdk) inside their handlers, so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

# Subcommand modules, in the order ``--help`` lists them.
_SUBCOMMANDS: tuple[str, ...] = (
    "show",
    "check",
    "graph",
    "explain",
    "assume",
    "profiles",
    "verify",
    "emulator",
)

__all__ = ["main"]


class UsageError(Exception):
    """Bad input the user can fix; printed as one line, exit status 2."""


@contextmanager
def usage_errors() -> Iterator[None]:
    """Re-raise the ``ValueError`` of a check on the user's input as a :class:`UsageError`.

    The validators (``sts_constructs.validation``) name the option, the value and the rule in
    their message; it is printed as it is, on one line, exit status 2.
    """
    try:
        yield
    except ValueError as error:
        raise UsageError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sts-constructs",
        description="Tools for AWS STS setups built with sts-constructs.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _SUBCOMMANDS:
        module = importlib.import_module(f"{__name__}.{name}")
        command = subparsers.add_parser(name, help=module.HELP, description=module.DESCRIPTION)
        module.add_arguments(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except UsageError as error:
        print(f"sts-constructs {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`sts-constructs ... | head`): stop quietly, as Unix tools do.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
