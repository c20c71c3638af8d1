"""The sessions the emulator issues: who they are, what limits them, when they expire.

moto keeps an assumed role's key and token, but not the facts AWS decides later calls with:
the session policies, MFA, tags, source identity, whether it was chained, and an expiry on the
emulator's clock. Every temporary credential the emulator's STS issues is registered here,
keyed by its access key ID; the authorization hook reads it on every call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = ["SESSIONS", "Session", "SessionRegistry"]

SessionKind = Literal["assumed-role", "federated-user", "session-token"]


@dataclass
class Session:
    """One set of temporary credentials and the facts every later call is decided with."""

    kind: SessionKind
    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str = field(repr=False)
    account_id: str
    arn: str  # The caller as IAM names it: assumed-role/R/S, federated-user/N, or the user.
    principal_arn: str  # aws:PrincipalArn: the role, the federated user, or the user.
    user_id: str
    issued_at: datetime
    expires_at: datetime
    api: str  # The STS API that issued it (AssumeRole, AssumeRoleWithSAML, ...).
    role_arn: str | None = None
    role_name: str | None = None
    user_name: str | None = None  # The IAM user behind a session token or a federated user.
    session_policies: tuple[dict[str, Any], ...] = ()
    mfa_authenticated_at: datetime | None = None
    tags: dict[str, str] = field(default_factory=dict)
    transitive_tag_keys: frozenset[str] = frozenset()
    source_identity: str | None = None
    chained: bool = False
    federated_context: dict[str, Any] = field(default_factory=dict)  # OIDC/SAML keys.

    def expired(self, now: datetime) -> bool:
        """Return whether the credentials have expired at ``now``."""
        return now >= self.expires_at


class SessionRegistry:
    """The sessions by access key ID (thread-safe: the server answers calls in threads)."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def add(self, session: Session) -> None:
        """Register ``session``."""
        with self._lock:
            self._sessions[session.access_key_id] = session

    def get(self, access_key_id: str) -> Session | None:
        """Return the session of ``access_key_id``, or None for a key it did not issue."""
        with self._lock:
            return self._sessions.get(access_key_id)

    def clear(self) -> None:
        """Forget every session (moto's reset)."""
        with self._lock:
            self._sessions.clear()


SESSIONS = SessionRegistry()
