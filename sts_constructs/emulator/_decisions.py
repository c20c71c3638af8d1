"""What the emulator decided, and where it differs from AWS: a log the client can read.

Every STS call and every denied call appends an entry; ``GET /_emulator/decisions`` returns
them, so the demo and the tests can say *why* without parsing error messages. Each entry's
``notes`` say where the emulator stood in for AWS (its own OIDC keys, its own SAML
certificate), reported where it happens (docs/EMULATOR.md lists them all).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["DECISIONS", "Decision", "DecisionLog", "Rejected"]


class Rejected(Exception):
    """STS refuses what a federated call brings (a token, an assertion): ``code`` is STS's
    error code, the message says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Decision:
    """One decision: the API or action, who asked, on what, the outcome and why."""

    api: str
    principal: str
    target: str
    allowed: bool
    why: str
    notes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data."""
        data = asdict(self)
        data["notes"] = list(self.notes)
        return data


class DecisionLog:
    """The last decisions, oldest first (bounded: a long test run does not grow it forever)."""

    def __init__(self, size: int = 2_000) -> None:
        self._entries: deque[Decision] = deque(maxlen=size)
        self._lock = threading.Lock()

    def add(self, decision: Decision) -> Decision:
        """Append ``decision``; return it."""
        with self._lock:
            self._entries.append(decision)
        return decision

    def entries(self) -> list[Decision]:
        """Return every entry kept, oldest first."""
        with self._lock:
            return list(self._entries)


DECISIONS = DecisionLog()
