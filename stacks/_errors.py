"""Errors of the library while the stacks are built, named by the config entry they come from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

__all__ = ["EntryError", "at", "collect"]

T = TypeVar("T")
K = TypeVar("K")


class EntryError(ValueError):
    """The library refused a value of a config entry; each line starts with the entry's
    location (``roles[2]: trust: ...``). ``app.py`` prefixes the file."""


def at(location: str, build: Callable[[], T]) -> T:
    """Return ``build()``; re-raise its ``ValueError`` or ``TypeError`` naming ``location``."""
    try:
        return build()
    except EntryError:
        raise
    except (ValueError, TypeError) as error:
        raise EntryError(f"{location}: {' '.join(str(error).split())}") from None


def collect(entries: Iterable[tuple[str, Callable[[], object]]]) -> None:
    """Build every entry, then raise one ``EntryError`` listing each that failed (or none)."""
    problems: list[str] = []
    for location, build in entries:
        try:
            at(location, build)
        except EntryError as error:
            problems.extend(str(error).splitlines())
    if problems:
        raise EntryError("\n".join(problems))
