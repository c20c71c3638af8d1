"""The APIs an IAM user calls with its long-term key: ``GetFederationToken`` and
``GetSessionToken``; and ``GetCallerIdentity``, which anyone may call.

https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from moto.core.responses import ActionResult
from moto.sts.responses import TokenResponse

from sts_constructs.emulator._clock import CLOCK
from sts_constructs.emulator._decide import Verdict, decide_federation_token
from sts_constructs.emulator._decisions import DECISIONS, Decision
from sts_constructs.emulator._identity import Identity
from sts_constructs.emulator._sessions import SESSIONS, Session, SessionKind
from sts_constructs.emulator._sts import _verdict as verdict
from sts_constructs.emulator._sts._call import PARTITION, StsCall, StsError, iam_of, mfa_refusal
from sts_constructs.emulator._sts._issue import credentials, packed_size, register_session
from sts_constructs.validation import (
    ASSUME_ROLE_MIN_DURATION_SECONDS,
    SESSION_TOKEN_MAX_SECONDS,
    validate_federated_user_name,
)

__all__ = ["get_caller_identity", "get_federation_token", "get_session_token"]

_DEFAULT_DURATION = 43_200  # GetFederationToken and GetSessionToken


def _long_term_caller(call: StsCall, api: str) -> Identity:
    caller = call.caller()
    if caller is None:
        raise StsError(
            "InvalidClientTokenId", "The security token included in the request is invalid."
        )
    if caller.kind != "user":
        raise verdict.denied(
            api,
            caller.arn,
            "*",
            f"{api} must be called with an IAM user's long-term "
            "access key, not with session credentials",
        )
    return caller


def _user_session(
    kind: SessionKind,
    caller: Identity,
    seconds: int,
    *,
    arn: str,
    user_id: str,
    now: datetime | None = None,
    **facts: Any,
) -> Session:
    """Register a ``kind`` session of ``caller``'s on a new key of moto's; ``arn`` is its
    caller (and ``aws:PrincipalArn``)."""
    from moto.sts.utils import random_session_token

    key = iam_of(caller.account_id).create_temp_access_key()
    return register_session(
        kind,
        key,
        str(random_session_token()),
        seconds,
        now,
        account_id=caller.account_id,
        arn=arn,
        principal_arn=arn,
        user_id=user_id,
        user_name=caller.user_name,
        **facts,
    )


def get_federation_token(self: TokenResponse) -> ActionResult:
    """Answer ``GetFederationToken`` (moto's ``get_federation_token``)."""
    api = "GetFederationToken"
    call = StsCall(self)
    caller = _long_term_caller(call, api)
    name = call.checked_text("Name", validate_federated_user_name)
    duration = call.duration(_DEFAULT_DURATION)
    arn = f"arn:{PARTITION}:sts::{caller.account_id}:federated-user/{name}"
    tags, _ = call.tags()
    policies = call.session_policies(caller.account_id)
    if verdict.enforced():
        decided = decide_federation_token(caller, name=name, duration_seconds=duration)
        if not decided.allowed:
            raise verdict.refused(api, caller.arn, arn, decided)
        why = decided.why + (
            "; the session's permissions are the intersection of the broker's policies and "
            "the session policies passed"
            if policies
            else "; no session policy was passed, so the session has no permissions"
        )
        verdict.allowed(api, caller.arn, arn, Verdict(True, why))
    session = _user_session(
        "federated-user",
        caller,
        duration,
        arn=arn,
        user_id=f"{caller.account_id}:{name}",
        api=api,
        session_policies=policies,
        tags=tags,
    )
    return ActionResult(
        {
            "Credentials": credentials(session),
            "FederatedUser": {"FederatedUserId": session.user_id, "Arn": arn},
            "PackedPolicySize": packed_size(policies, tags),
        }
    )


def get_session_token(self: TokenResponse) -> ActionResult:
    """Answer ``GetSessionToken`` (moto's ``get_session_token``)."""
    api = "GetSessionToken"
    call = StsCall(self)
    caller = _long_term_caller(call, api)
    duration = call.duration(_DEFAULT_DURATION)
    if not ASSUME_ROLE_MIN_DURATION_SECONDS <= duration <= SESSION_TOKEN_MAX_SECONDS:
        raise verdict.rejected(
            api,
            caller.arn,
            caller.arn,
            "ValidationError",
            f"DurationSeconds: {duration} is not between {ASSUME_ROLE_MIN_DURATION_SECONDS} and "
            f"{SESSION_TOKEN_MAX_SECONDS}",
        )
    now = CLOCK.now()
    mfa_at = None
    serial, code = call.text("SerialNumber"), call.text("TokenCode")
    if serial is not None or code is not None:
        why = mfa_refusal(caller, serial, code, now)
        if why is not None:
            raise verdict.denied(api, caller.arn, caller.arn, why)
        mfa_at = now
    mfa = f"; MFA with {serial} sets aws:MultiFactorAuthPresent for its calls" if mfa_at else ""
    DECISIONS.add(
        Decision(api, caller.arn, caller.arn, True, "any IAM user may get a session token" + mfa)
    )
    session = _user_session(
        "session-token",
        caller,
        duration,
        arn=caller.arn,
        user_id=str(caller.context.get("aws:userid", "")),
        now=now,
        api=api,
        mfa_authenticated_at=mfa_at,
    )
    return ActionResult({"Credentials": credentials(session)})


def get_caller_identity(self: TokenResponse) -> ActionResult:
    """Answer ``GetCallerIdentity``: a session of the emulator's, else moto's own answer."""
    session = SESSIONS.get(self.get_access_key())
    if session is not None:
        return ActionResult(
            {"UserId": session.user_id, "Account": session.account_id, "Arn": session.arn}
        )
    user_id, arn, account_id = self.backend.get_caller_identity(self.get_access_key(), self.region)
    return ActionResult({"UserId": user_id, "Account": account_id, "Arn": arn})
