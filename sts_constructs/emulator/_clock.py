"""The emulator's clock: the real UTC time plus an offset that tests may advance.

Every time the emulator decides with (credential expiry, token ``exp``/``nbf``, SAML
``NotOnOrAfter``, TOTP codes, ``aws:CurrentTime``, ``aws:MultiFactorAuthAge``) comes from here,
so a test moves past an expiry in one call instead of waiting for it.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

__all__ = ["CLOCK", "Clock"]


class Clock:
    """UTC now, plus the seconds :meth:`advance` added (never moves backwards)."""

    def __init__(self) -> None:
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """Return the emulator's current time (timezone-aware UTC)."""
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, seconds: float) -> datetime:
        """Move the clock ``seconds`` forward; return the new time.

        Raises ``ValueError`` for a negative or non-finite number of seconds.
        """
        if not 0 <= seconds < 10 * 365 * 86_400:
            raise ValueError(f"seconds: {seconds!r} is not between 0 and ten years")
        with self._lock:
            self._offset += timedelta(seconds=seconds)
        return self.now()

    @property
    def offset_seconds(self) -> float:
        """Return how far the clock was advanced, in seconds."""
        with self._lock:
            return self._offset.total_seconds()


CLOCK = Clock()
