"""The request context: condition keys with case-insensitive names, one or many values."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["Context"]

ContextValue = str | bool | int | float | list[Any] | tuple[Any, ...] | None


class _Marker:
    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


# The key is not in the request.
ABSENT: Final = _Marker("ABSENT")
# Symbolic mode: the key's value is not known (the condition stays as a requirement).
UNKNOWN: Final = _Marker("UNKNOWN")

Lookup = tuple[str, ...] | _Marker


def normalise_value(value: Any) -> tuple[str, ...]:
    """Return a context value as a tuple of strings (booleans as ``true``/``false``)."""
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(_scalar(v) for v in value)
    return (_scalar(value),)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class Context:
    """Hold a request's condition keys; names compare case-insensitively.

    ``values`` maps lower-cased key names to their values (a tuple, one item for a
    single-valued key; ``multi`` names the keys given as lists). With ``partial=True``
    (symbolic mode) a key that is not given is *unknown* rather than absent; keys listed
    in ``absent`` are known to be absent either way.
    """

    values: Mapping[str, tuple[str, ...]]
    multi: frozenset[str] = frozenset()
    partial: bool = False
    absent: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        mapping: Mapping[str, ContextValue] | None = None,
        *,
        partial: bool = False,
        absent: frozenset[str] | set[str] = frozenset(),
    ) -> Context:
        """Build a context from ``{"aws:SourceIp": "10.0.0.1", "aws:TagKeys": [...]}``.

        ``None`` values are left out (the key is absent).
        """
        values: dict[str, tuple[str, ...]] = {}
        multi: set[str] = set()
        for key, value in (mapping or {}).items():
            if value is None:
                continue
            name = str(key).lower()
            values[name] = normalise_value(value)
            if isinstance(value, list | tuple | set | frozenset):
                multi.add(name)
        return cls(values, frozenset(multi), partial, frozenset(k.lower() for k in absent))

    def lookup(self, key: str) -> Lookup:
        """Return the key's values, :data:`ABSENT`, or (symbolic mode) :data:`UNKNOWN`."""
        name = key.lower()
        if name in self.values:
            return self.values[name]
        if self.partial and name not in self.absent:
            return UNKNOWN
        return ABSENT

    def merged(self, extra: Mapping[str, ContextValue]) -> Context:
        """Return a copy where ``extra`` keys are added where this context has none."""
        more = Context.of(extra)
        values = dict(more.values)
        values.update(self.values)
        multi = (more.multi - frozenset(self.values)) | self.multi
        return Context(values, multi, self.partial, self.absent)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)
