"""How config names become construct IDs and output keys (both are public API)."""

from __future__ import annotations

import re

__all__ = ["pascal"]


def pascal(name: str) -> str:
    """Return ``sts-user`` as ``StsUser``: the form construct IDs and output keys use."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name))
