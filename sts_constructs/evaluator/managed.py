"""AWS managed policies by name or ARN, read from the documents moto ships.

moto is optional (the ``emulator`` extra, and a dev dependency). Its policy data is read
from its module file without importing moto itself, so a lookup costs no moto start-up;
without moto every lookup answers "unknown managed policy" instead of failing.
"""

from __future__ import annotations

import ast
import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["aws_managed_policy", "is_managed_policy_reference", "managed_policy_names"]

_ARN_PREFIXES = (
    "arn:aws:iam::aws:policy/",
    "arn:aws-cn:iam::aws:policy/",
    "arn:aws-us-gov:iam::aws:policy/",
)


def is_managed_policy_reference(text: str) -> bool:
    """Return whether ``text`` names an AWS managed policy (ARN or bare name)."""
    if text.startswith(_ARN_PREFIXES):
        return True
    return bool(text) and text.replace("-", "").replace("_", "").replace(".", "").isalnum()


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, Any] | None:
    spec = importlib.util.find_spec("moto")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        path = Path(location) / "iam" / "aws_managed_policies.py"
        if path.is_file():
            # Read the one string constant without running (or importing) moto's code.
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if (
                    isinstance(node, ast.Assign)
                    and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)
                ):
                    parsed = json.loads(node.value.value)
                    return parsed if isinstance(parsed, dict) else None
    return None


def _name(reference: str) -> str:
    for prefix in _ARN_PREFIXES:
        if reference.startswith(prefix):
            return reference[len(prefix) :].rsplit("/", 1)[-1]
    return reference


def aws_managed_policy(reference: str) -> tuple[dict[str, Any] | None, str | None]:
    """Return ``(document, None)`` for an AWS managed policy, or ``(None, note)``.

    ``reference`` is a name (``ReadOnlyAccess``) or an ARN
    (``arn:aws:iam::aws:policy/ReadOnlyAccess``, paths such as ``service-role/`` allowed).
    The note says "unknown managed policy" when moto is not installed or does not know
    the name.
    """
    catalogue = _catalogue()
    name = _name(reference)
    if catalogue is None:
        return (
            None,
            f"unknown managed policy {reference!r} (install moto to read AWS managed policies)",
        )
    entry = catalogue.get(name)
    if not isinstance(entry, dict) or not isinstance(entry.get("Document"), dict):
        return None, f"unknown managed policy {reference!r}"
    return entry["Document"], None


def managed_policy_names() -> list[str]:
    """Return the names of the AWS managed policies known (empty without moto)."""
    return sorted(_catalogue() or {})
