"""Wildcard matching the way IAM does it: ``*`` and ``?`` only, nothing else special."""

from __future__ import annotations

import re
from functools import lru_cache

__all__: list[str] = []  # Helpers of the package only: imported by name.

# A ``*`` or ``?`` that must match itself (the policy variables ``${*}`` and ``${?}``).
LITERAL_STAR = "\x00"
LITERAL_QUESTION = "\x01"


@lru_cache(maxsize=4096)
def _compile(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    parts = []
    for char in pattern:
        if char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        elif char == LITERAL_STAR:
            parts.append(re.escape("*"))
        elif char == LITERAL_QUESTION:
            parts.append(re.escape("?"))
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """Return whether ``value`` matches ``pattern`` (``*`` any run, ``?`` one character).

    Unlike :mod:`fnmatch`, ``[`` and ``]`` are plain characters, as in IAM.
    """
    if "*" not in pattern and "?" not in pattern:
        pattern = pattern.replace(LITERAL_STAR, "*").replace(LITERAL_QUESTION, "?")
        return pattern.lower() == value.lower() if ignore_case else pattern == value
    return _compile(pattern, ignore_case).fullmatch(value) is not None


def split_arn(arn: str) -> list[str] | None:
    """Return the six parts of an ARN (the last may hold colons), or ``None``."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    return parts


def arn_matches(pattern: str, value: str) -> bool:
    """Return whether the ARN ``value`` matches ``pattern`` part by part (``ArnLike``).

    Each of the six colon-separated parts is matched on its own, case-sensitively; a
    wildcard does not run across a colon except in the last part. ``*`` alone matches
    any ARN.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
    """
    if pattern == "*":
        return split_arn(value) is not None
    want = split_arn(pattern)
    have = split_arn(value)
    if want is None or have is None:
        return False
    return all(glob_matches(w, h) for w, h in zip(want, have, strict=True))
