"""Placing an account's many roles (or grants) into several stacks by a stable key.

CloudFormation limits the resources and outputs of a stack (``STACK_RESOURCES_MAX`` and
``STACK_OUTPUTS_MAX`` in ``sts_constructs.validation``;
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html),
so an account with more roles or grants than one stack holds gets several. The count is a power
of two and an item's stack is a hash of its own key: adding or removing an item moves no other
item between stacks until the count itself changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from stacks._errors import EntryError

__all__ = ["check_placement", "part_key", "stack_count", "stack_index"]


def stack_count(items: int, per_stack: int) -> int:
    """Return how many stacks ``items`` items get at ``per_stack`` per stack on average.

    The smallest power of two that keeps the average at or below ``per_stack``: the count
    changes only when ``items`` crosses ``per_stack`` times a power of two.
    """
    count = 1
    while count * per_stack < items:
        count *= 2
    return count


def stack_index(key: str, stacks: int) -> int:
    """Return the stack (0 to ``stacks`` - 1) of the item ``key``: a hash of the key.

    The key is compared in lower case (IAM names are unique case-insensitively), so an item's
    stack depends on its own key and the stack count only, never on other items.
    """
    digest = hashlib.sha256(key.lower().encode()).digest()
    return int.from_bytes(digest[:8], "big") % stacks


def part_key(account: str, part: int) -> str:
    """The stack-name key of an account's stack ``part`` (0 is the account's name)."""
    return f"{account}-{part + 1}" if part else account


def check_placement(
    account: str,
    keys: Sequence[str],
    *,
    kind: str,
    per_stack: int,
    limit: int,
    rule: str,
    reserved: int = 0,
) -> int:
    """Return the account's count of ``kind`` stacks for the items ``keys``.

    Raises:
        EntryError: a stack would hold more than ``limit`` items (``limit - reserved`` in the
            first stack, which holds ``reserved`` other resources); ``rule`` names the quota.
    """
    parts = stack_count(len(keys), per_stack)
    counts = [0] * parts
    for key in keys:
        counts[stack_index(key, parts)] += 1
    for part, count in enumerate(counts):
        room = limit - (reserved if part == 0 else 0)
        if count > room:
            raise EntryError(
                f"cross_account.accounts: account {account!r}: {count} {kind} fall in its "
                f"{kind} stack {part + 1} of {parts}, above the {room} that fit ({rule}); "
                "rename roles or split the account"
            )
    return parts
