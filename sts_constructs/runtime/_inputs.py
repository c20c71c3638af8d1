"""Values from outside (command line, stack outputs) are literal: never a CDK token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sts_constructs.validation import is_unresolved, quote_value

__all__ = ["literal"]

T = TypeVar("T")


def literal(validator: Callable[..., T], field: str, value: Any, **options: Any) -> T:
    """Return ``validator(field, value, **options)``; refuse a value holding a CDK token.

    The validators of :mod:`sts_constructs.validation` let tokens through, since a token is
    only known at deploy time; a value read at run time that looks like one is not a token,
    and must not skip the rule.
    """
    if is_unresolved(value):
        raise ValueError(
            f"{field}: {quote_value(value)} holds a CDK token marker ('${{Token[')"
            ", which no AWS value has"
        )
    return validator(field, value, **options)
