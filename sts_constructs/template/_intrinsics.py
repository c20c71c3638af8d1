"""Resolve CloudFormation intrinsic functions in values read from a template.

Everything here is total: malformed or unresolved parts read as unknown, never raise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

__all__ = [
    "OWN_ACCOUNT",
    "SUB_VARIABLE",
    "UNKNOWN",
    "as_list",
    "describe",
    "flatten",
    "is_intrinsic",
    "literal_strings",
    "sub_parts",
]

# Marks a part of a flattened string that is only known at deploy time.
UNKNOWN: Final = "${?}"
OWN_ACCOUNT: Final = "${AWS::AccountId}"

SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")


def is_intrinsic(value: Any) -> bool:
    """Return whether ``value`` is an intrinsic function call such as ``{"Ref": ...}``."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (key,) = value
    return isinstance(key, str) and (key == "Ref" or key.startswith("Fn::"))


def as_list(value: Any) -> list[Any]:
    """Return ``value`` as a list: ``None`` is empty, a scalar or mapping is one item."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def flatten(value: Any) -> str:
    """Return the string ``value`` resolves to, with deploy-time parts as ``${?}``.

    The account of the stack itself reads ``${AWS::AccountId}`` and the partition ``aws``,
    so ``arn:${AWS::Partition}:iam::${AWS::AccountId}:root`` stays recognisable.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if not is_intrinsic(value):
        return UNKNOWN
    ((function, argument),) = value.items()
    if function == "Ref":
        if argument == "AWS::AccountId":
            return OWN_ACCOUNT
        if argument == "AWS::Partition":
            return "aws"
        if argument == "AWS::URLSuffix":
            return "amazonaws.com"
        return UNKNOWN
    if function == "Fn::Join":
        if (
            isinstance(argument, list)
            and len(argument) == 2
            and isinstance(argument[0], str)
            and isinstance(argument[1], list)
        ):
            return argument[0].join(flatten(part) for part in argument[1])
        return UNKNOWN
    if function == "Fn::Sub":
        text, variables = sub_parts(argument)
        if text is None:
            return UNKNOWN
        return SUB_VARIABLE.sub(lambda match: _sub_flatten(match.group(1), variables), text)
    return UNKNOWN


def sub_parts(argument: Any) -> tuple[str | None, Mapping[str, Any]]:
    if isinstance(argument, str):
        return argument, {}
    if (
        isinstance(argument, list)
        and len(argument) == 2
        and isinstance(argument[0], str)
        and isinstance(argument[1], dict)
    ):
        return argument[0], argument[1]
    return None, {}


def _sub_flatten(name: str, variables: Mapping[str, Any]) -> str:
    if name in variables:
        return flatten(variables[name])
    return flatten({"Ref": name}) if "." not in name else UNKNOWN


def describe(value: Any) -> str:
    """Return ``value`` for a message: a string as is, ``{"Ref": "X"}`` as ``X``."""
    if is_intrinsic(value) and isinstance(value.get("Ref"), str):
        return str(value["Ref"])
    if is_intrinsic(value) and "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        return ".".join(map(str, target)) if isinstance(target, list) else str(target)
    return flatten(value)


def literal_strings(values: Sequence[Any]) -> list[str]:
    """Return the values that are plain strings (or booleans and numbers, as IAM reads them)."""
    return [flatten(v) for v in values if not isinstance(v, dict | list) and v is not None]
