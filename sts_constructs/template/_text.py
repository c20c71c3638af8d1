"""Parse JSON text in which some parts are known only at deploy time (``${...}``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from ._values import Text, Unknown

__all__ = ["MAX_DEPTH", "parse_json_text"]

# Deeper nesting than any policy needs: refused rather than recursed into.
MAX_DEPTH: Final = 64
# Private-use characters mark unknown parts while the text is parsed as JSON.
_OPEN, _CLOSE = "\ue000", "\ue001"


def parse_json_text(text: str | Text) -> Any:
    """Return the JSON value of ``text``, unknown parts (``${...}``) read as :class:`Unknown`.

    An unknown part inside a JSON string makes that string a :class:`Text`; one outside
    any string stands for a whole value. Text that is not JSON (or nested deeper than
    :data:`MAX_DEPTH`) reads as an :class:`Unknown` saying so.
    """
    parts: Sequence[str | Unknown] = (text,) if isinstance(text, str) else text.parts
    unknowns: list[Unknown] = []
    rendered: list[str] = []
    in_string = False
    for part in parts:
        if isinstance(part, Unknown):
            marker = f"{_OPEN}{len(unknowns)}{_CLOSE}"
            unknowns.append(part)
            rendered.append(marker if in_string else f'"{marker}"')
            continue
        rendered.append(part)
        in_string = _ends_in_string(part, in_string)
    source = "".join(rendered)
    if _depth(source) > MAX_DEPTH:
        return Unknown(f"JSON text nested deeper than {MAX_DEPTH} levels")
    try:
        value = json.loads(source)
    except (ValueError, RecursionError):
        return Unknown("text that is not JSON")
    return _restore(value, unknowns)


def _ends_in_string(text: str, in_string: bool) -> bool:
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and in_string:
            escaped = True
        elif char == '"':
            in_string = not in_string
    return in_string


def _depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _restore(value: Any, unknowns: Sequence[Unknown]) -> Any:
    if isinstance(value, str):
        if _OPEN not in value:
            return value
        parts: list[str | Unknown] = []
        for chunk in value.split(_OPEN):
            number, closed, rest = chunk.partition(_CLOSE)
            if closed and number.isdigit() and int(number) < len(unknowns):
                parts.append(unknowns[int(number)])
                chunk = rest
            if chunk:
                parts.append(chunk)
        if len(parts) == 1 and isinstance(parts[0], Unknown):
            return parts[0]
        return Text(tuple(parts))
    if isinstance(value, list):
        return [_restore(item, unknowns) for item in value]
    if isinstance(value, dict):
        return {
            str(_restore(key, unknowns)): _restore(item, unknowns) for key, item in value.items()
        }
    return value
