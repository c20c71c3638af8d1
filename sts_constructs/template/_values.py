"""The values a resolved template holds besides JSON's own: unknown parts, and no value."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "NO_VALUE",
    "OWN_ACCOUNT",
    "UNKNOWN",
    "Text",
    "Unknown",
    "as_list",
    "is_intrinsic",
    "is_known",
    "literal_strings",
    "walk_strings",
]

# How a part known only at deploy time reads in a flattened string.
UNKNOWN: Final = "${?}"
OWN_ACCOUNT: Final = "${AWS::AccountId}"


@dataclass(frozen=True)
class Unknown:
    """Describe a value CloudFormation knows only at deploy time.

    ``source`` says where it comes from, for messages: ``Ref TrustedAccount``,
    ``Fn::GetAtt Role.Arn``, ``AWS::Region``. ``identifier`` is true when the value is an
    identifier AWS assigns (an attribute of a resource of the template, or a pseudo
    parameter such as ``AWS::AccountId``), so it never holds a wildcard; a parameter, an
    import or a mapping value is what a user typed and may hold anything, ``*`` included.
    ``logical_id`` names the template's resource a ``Ref``/``Fn::GetAtt`` reads from.
    """

    source: str
    identifier: bool = False
    logical_id: str | None = None

    @property
    def own_account(self) -> bool:
        """Return whether this is the stack's own account (``AWS::AccountId``)."""
        return self.source == "AWS::AccountId"

    def __str__(self) -> str:
        return OWN_ACCOUNT if self.own_account else UNKNOWN


@dataclass(frozen=True)
class Text:
    """Describe a string of which some parts are known only at deploy time.

    ``parts`` alternate literal strings and :class:`Unknown` values (never two strings in a
    row). ``str()`` shows unknown parts as ``${?}`` (the own account as ``${AWS::AccountId}``).
    """

    parts: tuple[str | Unknown, ...]

    @property
    def unknowns(self) -> tuple[Unknown, ...]:
        """Return the unknown parts."""
        return tuple(part for part in self.parts if isinstance(part, Unknown))

    @property
    def identifiers_only(self) -> bool:
        """Return whether every unknown part is an identifier (so none is a wildcard)."""
        return all(part.identifier for part in self.unknowns)

    def __str__(self) -> str:
        return "".join(str(part) for part in self.parts)


class _NoValue:
    """The value of ``{"Ref": "AWS::NoValue"}``: the key or item is left out."""

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE: Final = _NoValue()


def is_intrinsic(value: Any) -> bool:
    """Return whether ``value`` is an intrinsic function call such as ``{"Ref": ...}``."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (key,) = value
    return isinstance(key, str) and (key == "Ref" or key.startswith("Fn::"))


def is_known(value: Any) -> bool:
    """Return whether a resolved ``value`` holds no :class:`Unknown` or :class:`Text` part."""
    if isinstance(value, Unknown | Text):
        return False
    if isinstance(value, dict):
        return all(is_known(item) for item in value.values())
    if isinstance(value, list | tuple):
        return all(is_known(item) for item in value)
    return True


def as_list(value: Any) -> list[Any]:
    """Return ``value`` as a list: ``None`` is empty, a scalar or mapping is one item."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def literal_strings(values: Sequence[Any]) -> list[str]:
    """Return the values that are plain strings (or booleans and numbers, as IAM reads them)."""
    return [
        ("true" if v else "false") if isinstance(v, bool) else str(v)
        for v in values
        if not isinstance(v, dict | list | Unknown | Text) and v is not None and v is not NO_VALUE
    ]


def walk_strings(value: Any) -> Iterator[str | Text | Unknown]:
    """Yield every resolved string-like leaf inside ``value`` (keys excluded)."""
    if isinstance(value, str | Text | Unknown):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from walk_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from walk_strings(item)
