"""How an allowed STS call ends: a session registered with what AWS remembers of it.

A session goes into :data:`~sts_constructs.emulator._sessions.SESSIONS`, expiring on the
emulator's clock; moto makes its key, in the right account's backends.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from moto.sts.models import sts_backends

from sts_constructs.emulator._clock import CLOCK
from sts_constructs.emulator._decide import RoleRequest
from sts_constructs.emulator._sessions import SESSIONS, Session, SessionKind
from sts_constructs.emulator._sts._call import PARTITION
from sts_constructs.validation import SESSION_POLICY_MAX_CHARS

__all__ = [
    "credentials",
    "issue_role_session",
    "moto_assume_role",
    "packed_size",
    "register_session",
]


def register_session(
    kind: SessionKind,
    key: Any,
    session_token: str,
    seconds: int,
    now: datetime | None = None,
    **facts: Any,
) -> Session:
    """Register a ``kind`` session of moto's ``key``, issued ``now``, lasting ``seconds``;
    ``facts`` are the other fields of :class:`Session`.

    Args:
        now: Default: the emulator's clock now.
    """
    issued = now or CLOCK.now()
    session = Session(
        kind=kind,
        access_key_id=key.access_key_id,
        secret_access_key=key.secret_access_key,
        session_token=session_token,
        issued_at=issued,
        expires_at=issued + timedelta(seconds=seconds),
        **facts,
    )
    SESSIONS.add(session)
    return session


def issue_role_session(
    region: str, request: RoleRequest, policies: tuple[dict[str, Any], ...] = ()
) -> tuple[Session, dict[str, Any]]:
    """Have moto make the key in the role's account; register what AWS remembers of it.

    Return the session and STS's answer (``Credentials``, ``AssumedRoleUser``, ...).
    """
    role, name = request.role, request.session_name
    assumed = moto_assume_role(sts_backends[role.account_id][PARTITION], region, request)
    arn = f"arn:{PARTITION}:sts::{role.account_id}:assumed-role/{role.name}/{name}"
    source_identity = request.session_source_identity
    session = register_session(
        "assumed-role",
        assumed,
        assumed.session_token,
        request.duration_seconds,
        account_id=role.account_id,
        arn=arn,
        principal_arn=role.arn,
        user_id=f"{role.id}:{name}",
        api=request.api,
        role_arn=role.arn,
        role_name=role.name,
        session_policies=policies,
        mfa_authenticated_at=request.mfa_authenticated_at,
        tags=request.tags,
        transitive_tag_keys=request.transitive_tag_keys,
        source_identity=source_identity,
        chained=request.chained,
        federated_context=request.federated_context,
    )
    assumed.expiration = session.expires_at
    answer: dict[str, Any] = {
        "Credentials": credentials(session),
        "AssumedRoleUser": {"AssumedRoleId": session.user_id, "Arn": arn},
        "PackedPolicySize": packed_size(policies, request.tags),
    }
    if source_identity:
        answer["SourceIdentity"] = source_identity
    return session, answer


def moto_assume_role(
    backend: Any,
    region: str,
    request: RoleRequest,
    *,
    policy: str | None = None,
    external_id: str | None = None,
) -> Any:
    """Return the key moto's STS ``backend`` makes for ``request``.

    Args:
        policy: Default: none (the emulator keeps the session policies).
    """
    return backend.assume_role(
        region_name=region,
        role_session_name=request.session_name,
        role_arn=request.role_arn,
        policy=policy,
        duration=request.duration_seconds,
        external_id=external_id,
    )


def credentials(session: Session) -> dict[str, Any]:
    """Return the ``Credentials`` of STS's answer for ``session``."""
    return {
        "AccessKeyId": session.access_key_id,
        "SecretAccessKey": session.secret_access_key,
        "SessionToken": session.session_token,
        "Expiration": session.expires_at,
    }


def packed_size(policies: tuple[dict[str, Any], ...], tags: dict[str, str]) -> int:
    """Return a percentage like AWS's PackedPolicySize (ours: characters over the quota)."""
    used = sum(len(json.dumps(p, separators=(",", ":"))) for p in policies)
    used += sum(len(k) + len(v) for k, v in tags.items())
    return min(100, round(100 * used / SESSION_POLICY_MAX_CHARS))
