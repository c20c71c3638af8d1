"""``AssumeRole``: a signed caller asks for a session of a role, perhaps chaining from one.

https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
"""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult
from moto.sts.responses import TokenResponse

from sts_constructs.emulator._clock import CLOCK
from sts_constructs.emulator._decide import RoleRequest
from sts_constructs.emulator._identity import Identity
from sts_constructs.emulator._sts import _call as call_of
from sts_constructs.emulator._sts._call import StsError
from sts_constructs.emulator._sts._outcome import (
    decide_role_session,
    denied,
    enforced,
    issue_role_session,
    moto_assume_role,
    rejected,
)
from sts_constructs.validation import (
    validate_external_id,
    validate_role_arn,
    validate_role_session_name,
)

__all__ = ["DEFAULT_DURATION", "assume_role", "role_and_session_name"]

DEFAULT_DURATION = 3_600
_API = "AssumeRole"


def role_and_session_name(call: TokenResponse) -> tuple[str, str]:
    """Return the call's ``RoleArn`` and ``RoleSessionName``, each checked."""
    role_arn = call_of.checked(
        lambda v: validate_role_arn("RoleArn", v), call_of.text(call, "RoleArn")
    )
    session_name = call_of.checked(
        lambda v: validate_role_session_name("RoleSessionName", v),
        call_of.text(call, "RoleSessionName"),
    )
    return role_arn, session_name


def assume_role(self: TokenResponse) -> ActionResult:
    """Answer ``AssumeRole`` (installed as moto's ``TokenResponse.assume_role``)."""
    role_arn, session_name = role_and_session_name(self)
    caller = call_of.caller_of(self)
    principal = caller.arn if caller else "an unknown caller"
    role = call_of.role_of(role_arn)
    duration = call_of.duration(self, DEFAULT_DURATION)
    external_id = call_of.text(self, "ExternalId")
    if external_id is not None:
        call_of.checked(lambda v: validate_external_id("ExternalId", v), external_id)
    tags, transitive = call_of.tags(self)
    asked_source_identity = call_of.text(self, "SourceIdentity")
    now = CLOCK.now()
    mfa_at = caller.session.mfa_authenticated_at if caller and caller.session else None
    serial, code = call_of.text(self, "SerialNumber"), call_of.text(self, "TokenCode")
    if serial is not None or code is not None:
        why = call_of.mfa_refusal(caller, serial, code, now)
        if why is not None:
            raise denied(_API, principal, role_arn, why)
        mfa_at = now
    inherited: str | None = None
    if caller is not None and caller.session is not None:
        tags, transitive, inherited = _chained(
            caller, tags, transitive, asked_source_identity, principal, role_arn
        )
    context: dict[str, Any] = {}
    if mfa_at is not None:
        context["aws:MultiFactorAuthPresent"] = "true"
        context["aws:MultiFactorAuthAge"] = str(int((now - mfa_at).total_seconds()))
    request = RoleRequest(
        _API,
        role_arn,
        role,
        session_name,
        duration,
        caller=caller,
        context=context,
        external_id=external_id,
        tags=tags,
        transitive_tag_keys=transitive,
        source_identity=asked_source_identity,
        inherited_source_identity=inherited,
        mfa_authenticated_at=mfa_at,
        # Role chaining, or a user's GetSessionToken credentials: AWS caps both at 1 hour.
        chained=caller is not None
        and (caller.kind == "assumed-role" or caller.session is not None),
    )
    if enforced():
        if caller is None:
            raise StsError(
                "InvalidClientTokenId", "The security token included in the request is invalid."
            )
        decide_role_session(request, principal)
    elif request.role is None:
        return _without_role(self, request)
    _, answer = issue_role_session(
        self.region, request, call_of.session_policies(self, request.role.account_id)
    )
    return ActionResult(answer)


def _chained(
    caller: Identity,
    tags: dict[str, str],
    transitive: frozenset[str],
    source_identity: str | None,
    principal: str,
    role_arn: str,
) -> tuple[dict[str, str], frozenset[str], str | None]:
    """Return the tags, transitive keys and source identity a session chained from the
    caller's carries over (they cannot be changed); raise when the call tries to."""
    session = caller.session
    assert session is not None
    inherited = {k: session.tags[k] for k in session.transitive_tag_keys}
    clash = sorted(k for k in inherited if k in tags and tags[k] != inherited[k])
    if clash:
        raise rejected(
            _API,
            principal,
            role_arn,
            "InvalidParameterValue",
            f"Tags: {clash} are transitive tags of the calling session and cannot be changed",
        )
    if session.source_identity and source_identity not in (None, session.source_identity):
        raise rejected(
            _API,
            principal,
            role_arn,
            "InvalidParameterValue",
            "SourceIdentity: a chained session keeps the source identity it was given",
        )
    kept = session.source_identity or None
    return {**inherited, **tags}, transitive | session.transitive_tag_keys, kept


def _without_role(self: TokenResponse, request: RoleRequest) -> ActionResult:
    """Enforcement is off (the emulator's own setup): moto's answer for a missing role."""
    assumed = moto_assume_role(
        self.backend,
        self.region,
        request,
        policy=call_of.text(self, "Policy"),
        external_id=request.external_id,
    )
    return ActionResult(
        {
            "Credentials": assumed,
            "AssumedRoleUser": {"AssumedRoleId": assumed.user_id, "Arn": assumed.arn},
        }
    )
