"""Estimate the size IAM counts for a policy document, intrinsic functions included."""

from __future__ import annotations

import contextlib
import json
from typing import Any, Final

from ._intrinsics import SUB_VARIABLE, sub_parts
from ._values import is_intrinsic

__all__ = ["estimate_policy_chars"]

# Longest value each pseudo parameter resolves to, for size estimates.
_PSEUDO_CHARS: Final = {
    "AWS::AccountId": 12,
    "AWS::Partition": 10,  # aws-us-gov
    "AWS::Region": 14,  # ap-southeast-4
    "AWS::URLSuffix": 16,  # amazonaws.com.cn
    "AWS::StackName": 128,
    "AWS::StackId": 160,
    "AWS::NoValue": 0,
}


def estimate_policy_chars(document: Any, *, unresolved_chars: int) -> int:
    """Return the characters IAM would count for ``document``: its JSON without whitespace.

    Intrinsic functions count as the string they resolve to, estimated from above: pseudo
    parameters at their longest value, ``Ref``/``Fn::GetAtt`` and other deploy-time values as
    ``unresolved_chars``, ``Fn::Join``/``Fn::Sub`` as their parts, ``Fn::If`` as its longer
    branch.
    """
    if isinstance(document, str):
        # Not JSON: count the string as IAM would receive it.
        with contextlib.suppress(ValueError):
            document = json.loads(document)
    return _size(document, unresolved_chars)


def _string_chars(text: str) -> int:
    encoded = json.dumps(text, ensure_ascii=False)
    return len(encoded) - sum(1 for char in text if char.isspace())


def _size(value: Any, unresolved: int) -> int:
    if isinstance(value, str):
        return _string_chars(value)
    if isinstance(value, bool) or value is None:
        return len(json.dumps(value))
    if isinstance(value, int | float):
        return len(json.dumps(value))
    if isinstance(value, list):
        return 2 + sum(_size(item, unresolved) for item in value) + max(len(value) - 1, 0)
    if isinstance(value, dict):
        if is_intrinsic(value):
            ((function, argument),) = value.items()
            if function == "Fn::If" and isinstance(argument, list) and len(argument) == 3:
                return max(_size(argument[1], unresolved), _size(argument[2], unresolved))
            return 2 + _text_chars(value, unresolved)
        items = sum(
            _string_chars(str(key)) + 1 + _size(item, unresolved) for key, item in value.items()
        )
        return 2 + items + max(len(value) - 1, 0)
    return unresolved


def _text_chars(value: Any, unresolved: int) -> int:
    """Return the estimated length of the string ``value`` resolves to (no quotes)."""
    if isinstance(value, str):
        return _string_chars(value) - 2
    if isinstance(value, bool | int | float):
        return len(json.dumps(value))
    if not is_intrinsic(value):
        return unresolved
    ((function, argument),) = value.items()
    if function == "Ref":
        return _PSEUDO_CHARS.get(argument, unresolved) if isinstance(argument, str) else unresolved
    if function == "Fn::Join":
        if (
            isinstance(argument, list)
            and len(argument) == 2
            and isinstance(argument[0], str)
            and isinstance(argument[1], list)
        ):
            parts = argument[1]
            return sum(_text_chars(p, unresolved) for p in parts) + len(argument[0]) * max(
                len(parts) - 1, 0
            )
        return unresolved
    if function == "Fn::Sub":
        text, variables = sub_parts(argument)
        if text is None:
            return unresolved
        total = _string_chars(text) - 2  # As JSON escapes it, without the quotes.
        for match in SUB_VARIABLE.finditer(text):
            name = match.group(1)
            if name in variables:
                replacement = _text_chars(variables[name], unresolved)
            else:
                replacement = _PSEUDO_CHARS.get(name, unresolved)
            total += replacement - len(match.group(0))
        return total
    if function == "Fn::If" and isinstance(argument, list) and len(argument) == 3:
        return max(_text_chars(argument[1], unresolved), _text_chars(argument[2], unresolved))
    if function == "Fn::Select" and isinstance(argument, list) and len(argument) == 2:
        if isinstance(argument[1], list) and argument[1]:
            return max(_text_chars(item, unresolved) for item in argument[1])
        return unresolved
    if function == "Fn::Base64":
        return -(-_text_chars(argument, unresolved) // 3) * 4
    return unresolved
