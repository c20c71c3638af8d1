"""Check construct arguments and value-object fields against their type annotations.

Python does not check annotations, and a wrong type rarely fails where it is given:
``max_session_duration=3600`` fails later with ``AttributeError``, ``principals="2222..."``
is read character by character, ``require_mfa="false"`` is true. Every construct calls
``check_arguments`` first, every value object ``check_fields``: each raises ``TypeError``
naming the argument, the type received and the type expected.

Annotations are read once per function or class and checked shallowly and cheaply: classes
with ``isinstance`` (a ``bool`` is not an ``int``), sequences and mappings item by item (a
``str`` is not a sequence of anything), runtime-checkable protocols by their members, jsii
interfaces (``iam.IRole``) by the members their class declares, without a call into Node.js.
An annotation that cannot be resolved at run time (a name imported only for type checkers)
is not checked.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import enum
import functools
import inspect
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, ForwardRef

from sts_constructs.validation import quote_value

__all__ = ["check_arguments", "check_fields"]

_Hints = tuple[tuple[str, Any], ...]


def check_arguments(function: Callable[..., Any], arguments: Mapping[str, Any]) -> None:
    """Check ``arguments`` (``locals()`` at the top of ``function``) against its annotations.

    Raise ``TypeError`` naming the first argument of the wrong type.
    """
    for name, expected in _parameter_hints(function):
        if name in arguments:
            _check(name, arguments[name], expected)


def check_fields(instance: Any) -> None:
    """Check the fields of a dataclass instance against their annotations (``__post_init__``).

    Raise ``TypeError`` naming the first field of the wrong type.
    """
    cls: Any = type(instance)
    for name, expected in _field_hints(cls):
        _check(name, getattr(instance, name), expected)


@functools.cache
def _parameter_hints(function: Callable[..., Any]) -> _Hints:
    namespace = _namespace(function.__module__)
    hints = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "self" or parameter.annotation is inspect.Parameter.empty:
            continue
        resolved = _resolve(parameter.annotation, namespace)
        if resolved is not None:
            hints.append((parameter.name, resolved))
    return tuple(hints)


@functools.cache
def _field_hints(cls: Any) -> _Hints:
    namespace = _namespace(cls.__module__)
    hints = []
    for field in dataclasses.fields(cls):
        resolved = _resolve(field.type, namespace)
        if resolved is not None:
            hints.append((field.name, resolved))
    return tuple(hints)


def _namespace(module: str) -> dict[str, Any]:
    return dict(vars(sys.modules[module]))


def _resolve(annotation: Any, namespace: dict[str, Any]) -> Any:
    """Return the annotation as a type, or None when it names something unknown at run time."""
    try:
        return _evaluate(annotation, namespace)
    except (NameError, AttributeError, TypeError):
        return None


def _evaluate(annotation: Any, namespace: dict[str, Any]) -> Any:
    if isinstance(annotation, str):
        # Annotations are this package's own source text, evaluated in their own module.
        return _evaluate(eval(annotation, namespace), namespace)
    if isinstance(annotation, ForwardRef):
        return _evaluate(annotation.__forward_arg__, namespace)
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return typing.Union[tuple(_evaluate(a, namespace) for a in typing.get_args(annotation))]  # noqa: UP007
    origin = typing.get_origin(annotation)
    if origin is not None and origin is not typing.Literal:
        arguments = tuple(_evaluate(a, namespace) for a in typing.get_args(annotation))
        return origin[arguments] if arguments else origin
    return annotation


def _check(field: str, value: Any, expected: Any) -> None:
    _checker(expected)(field, value)


_Checker = Callable[[str, Any], None]
_Matcher = Callable[[Any], bool]


@functools.cache
def _checker(expected: Any) -> _Checker:
    """Return a function that raises ``TypeError`` when a value does not fit ``expected``.

    Made once per annotation: a construct's arguments are checked without walking ``typing``.
    """
    matches = _matcher(expected)

    def fail(field: str, value: Any) -> None:
        raise TypeError(
            f"{field}: {quote_value(value)} is {_article(type(value).__name__)}; "
            f"expected {describe(expected)}"
        )

    origin = typing.get_origin(expected)
    arguments = typing.get_args(expected)
    if origin is typing.Union:
        # The first member the value matches decides how its items are checked.
        members = [(_matcher(member), _checker(member)) for member in arguments]

        def check_union(field: str, value: Any) -> None:
            for member_matches, member_check in members:
                if member_matches(value):
                    member_check(field, value)
                    return
            fail(field, value)

        return check_union
    if origin in _SEQUENCES and arguments and arguments[0] is not Any:
        item_check = _checker(arguments[0])

        def check_sequence(field: str, value: Any) -> None:
            if not matches(value):
                fail(field, value)
            for i, item in enumerate(value):
                item_check(f"{field}[{i}]", item)

        return check_sequence
    if origin in _MAPPINGS and len(arguments) == 2:
        key_check = None if arguments[0] is Any else _checker(arguments[0])
        value_check = None if arguments[1] is Any else _checker(arguments[1])

        def check_mapping(field: str, value: Any) -> None:
            if not matches(value):
                fail(field, value)
            for key, item in value.items():
                if key_check is not None:
                    key_check(f"{field} key {key!r}", key)
                if value_check is not None:
                    value_check(f"{field}[{key!r}]", item)

        return check_mapping

    def check_value(field: str, value: Any) -> None:
        if not matches(value):
            fail(field, value)

    return check_value


_SEQUENCES = (collections.abc.Sequence, list, tuple)
_MAPPINGS = (collections.abc.Mapping, dict)


@functools.cache
def _matcher(expected: Any) -> _Matcher:
    """Return a predicate: does a value fit ``expected`` at its top level?"""
    if expected is Any or expected is object:
        return lambda value: True
    if expected is None or expected is type(None):
        return lambda value: value is None
    origin = typing.get_origin(expected)
    if origin is typing.Union:
        members = tuple(_matcher(member) for member in typing.get_args(expected))
        return lambda value: any(member(value) for member in members)
    if origin is typing.Literal:
        allowed = typing.get_args(expected)
        return lambda value: value in allowed
    if origin in _SEQUENCES:
        # A str is a sequence of str: "222222222222" would be read character by character.
        return lambda value: (
            isinstance(value, list | tuple)
            or (isinstance(value, collections.abc.Sequence) and not isinstance(value, str | bytes))
        )
    if origin in _MAPPINGS:
        return lambda value: isinstance(value, collections.abc.Mapping)
    if origin is not None:
        return lambda value: isinstance(value, origin)
    if not isinstance(expected, type):
        return lambda value: True  # A TypeVar or another construct of typing: not checked.
    if expected is bool:
        return lambda value: isinstance(value, bool)
    if expected is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if expected is float:
        return lambda value: isinstance(value, int | float) and not isinstance(value, bool)
    if issubclass(expected, enum.Enum) and issubclass(expected, str):
        return lambda value: isinstance(value, str)  # The value itself is checked by the owner.
    if hasattr(expected, "__jsii_struct_bases__"):
        return lambda value: isinstance(value, expected | collections.abc.Mapping)
    if getattr(expected, "_is_protocol", False):
        return lambda value: _implements(value, expected)
    return lambda value: isinstance(value, expected)


def _implements(value: Any, protocol: type) -> bool:
    """Whether ``value`` has the members ``protocol`` declares (read from classes: no Node.js)."""
    if getattr(protocol, "_is_runtime_protocol", False) and not hasattr(protocol, "__jsii_type__"):
        return isinstance(value, protocol)
    # An object made in Node.js (Role.from_role_arn) is a proxy over one class per interface.
    delegates = getattr(value, "__dict__", {}).get("_delegates")
    classes = [type(d) for d in delegates] if isinstance(delegates, list) else [type(value)]
    return all(
        any(hasattr(cls, name) for cls in classes) or hasattr(value, name)
        for name in _members(protocol)
    )


@functools.cache
def _members(protocol: type) -> tuple[str, ...]:
    bases = [base for base in protocol.__mro__ if getattr(base, "_is_protocol", False)]
    return tuple({name: None for base in bases for name in vars(base) if not name.startswith("_")})


def describe(expected: Any) -> str:
    """Return a type as a user reads it: ``Duration | None``, ``a list of str | IRole``."""
    origin = typing.get_origin(expected)
    arguments = typing.get_args(expected)
    if origin is typing.Union:
        return " | ".join(describe(member) for member in arguments)
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in arguments)
    if origin in _SEQUENCES:
        return f"a list of {describe(arguments[0])}" if arguments else "a list"
    if origin in _MAPPINGS:
        if len(arguments) == 2:
            return f"a mapping of {describe(arguments[0])} to {describe(arguments[1])}"
        return "a mapping"
    if expected is None or expected is type(None):
        return "None"
    if expected is Any:
        return "any value"
    name = getattr(expected, "__name__", None)
    return name if isinstance(name, str) else repr(expected)


def _article(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"
