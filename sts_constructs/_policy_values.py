"""How a policy document writes a value list: one value as itself, several as a list.

IAM shows ``"Action": "sts:AssumeRole"`` for one action and a list for several; templates
written the same way read (and snapshot) as IAM shows them. No CDK import: the federation
value objects use it without starting CDK's Node.js.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__: list[str] = []  # Shared inside the package, not public.


def one_or_list(values: Sequence[str]) -> str | list[str]:
    """Return a single value as itself and several as a list (how IAM shows them)."""
    return values[0] if len(values) == 1 else list(values)
