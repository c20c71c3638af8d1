"""Policy documents for the evaluator's tests, built from their parts.

``trust(...)`` is a role's trust policy with one ``Allow`` statement; ``doc(...)`` holds any
statements, ``allow(...)``/``deny(...)`` make identity statements (``s3:GetObject`` on ``*``
unless told otherwise). Extra keyword arguments become statement elements
(``Condition={...}``, ``NotAction=...``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def doc(*statements: Mapping[str, Any], version: str = "2012-10-17") -> dict[str, Any]:
    return {"Version": version, "Statement": list(statements)}


def allow(action: Any = "s3:GetObject", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any = "s3:GetObject", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def trusts(principal: Any, action: Any = "sts:AssumeRole", **extra: Any) -> dict[str, Any]:
    """Return one trust statement: ``principal`` may call ``action`` (on the role)."""
    return {"Effect": "Allow", "Principal": principal, "Action": action, **extra}


def trust(principal: Any, action: Any = "sts:AssumeRole", **extra: Any) -> dict[str, Any]:
    """Return a trust policy of one statement (see :func:`trusts`)."""
    return doc(trusts(principal, action, **extra))
