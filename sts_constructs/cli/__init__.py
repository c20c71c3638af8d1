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
from pathlib import Path
from typing import Any

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

# The name ``pip install`` knows the package by (pyproject.toml's ``[project] name``).
DISTRIBUTION = "sts-constructs"


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


def version() -> str:
    """Return the installed distribution's version, or the checkout's when it is not installed.

    A source checkout run without ``pip install`` (``python -m sts_constructs.cli``) has no
    distribution metadata: the version is then pyproject.toml's, marked ``(not installed)``.
    """
    import importlib.metadata

    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        pass
    import tomllib

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError):
        return "unknown (not installed)"
    return f"{declared} (not installed)"


class _VersionAction(argparse.Action):
    """``--version``: print ``sts-constructs VERSION`` and exit 0 (the version read only then)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(f"{parser.prog} {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sts-constructs",
        description="Tools for AWS STS setups built with sts-constructs.",
    )
    parser.add_argument(
        "--version", action=_VersionAction, dest="version", help="print the version and exit"
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
