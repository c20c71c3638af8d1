"""``NAME=VALUE`` items of a repeatable option (``--tag``, ``--claim``, ``--attribute``)."""

from __future__ import annotations

from collections.abc import Iterable

from sts_constructs.cli import UsageError

__all__ = ["split_pairs", "unique_pairs"]


def split_pairs(
    option: str, items: Iterable[str], *, form: str = "NAME=VALUE"
) -> list[tuple[str, str]]:
    """Return ``(name, value)`` of each item, in order; a name may come again.

    Raises :class:`UsageError` (``--tag 'x': expected KEY=VALUE``) for an item without ``=``
    or with nothing before it.
    """
    return [_split(option, item, form) for item in items]


def unique_pairs(option: str, items: Iterable[str], *, form: str = "NAME=VALUE") -> dict[str, str]:
    """Return ``{name: value}`` of the items; :class:`UsageError` for a name given twice too."""
    pairs: dict[str, str] = {}
    for item in items:
        name, value = _split(option, item, form)
        if name in pairs:
            raise UsageError(f"{option} {name!r} given twice")
        pairs[name] = value
    return pairs


def _split(option: str, item: str, form: str) -> tuple[str, str]:
    name, separator, value = item.partition("=")
    if not separator or not name:
        raise UsageError(f"{option} {item!r}: expected {form}")
    return name, value
