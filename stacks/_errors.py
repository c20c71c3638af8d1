"""Errors of the library while the stacks are built, named by the config entry they come from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TypeVar

__all__ = ["EntryError", "at", "at_each", "collect", "entries"]

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


def entries(
    location: str, items: Iterable[T], build: Callable[[T], K]
) -> list[tuple[str, Callable[[], K]]]:
    """Return ``(f"{location}[i]", build of item i)`` for each item: what ``collect`` takes."""
    return [(f"{location}[{i}]", partial(build, item)) for i, item in enumerate(items)]


def at_each(location: str, items: Iterable[T], build: Callable[[T], K]) -> list[K]:
    """Return ``build(item)`` for each item; a refusal names the item (``location[i]: ...``)."""
    return [at(where, make) for where, make in entries(location, items, build)]
