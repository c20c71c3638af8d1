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
from sts_constructs.emulator._sts import _verdict as verdict
from sts_constructs.emulator._sts._call import StsCall, StsError, mfa_refusal, role_of
from sts_constructs.emulator._sts._issue import issue_role_session, moto_assume_role
from sts_constructs.validation import validate_external_id

__all__ = ["DEFAULT_DURATION", "assume_role"]

DEFAULT_DURATION = 3_600
_API = "AssumeRole"


def assume_role(self: TokenResponse) -> ActionResult:
    """Answer ``AssumeRole`` (installed as moto's ``TokenResponse.assume_role``)."""
    call = StsCall(self)
    role_arn, session_name = call.role_arn(), call.session_name()
    caller = call.caller()
    principal = caller.arn if caller else "an unknown caller"
    role = role_of(role_arn)
    duration = call.duration(DEFAULT_DURATION)
    external_id = call.text("ExternalId")
    if external_id is not None:
        call.checked_text("ExternalId", validate_external_id)
    tags, transitive = call.tags()
    asked_source_identity = call.text("SourceIdentity")
    now = CLOCK.now()
    mfa_at = caller.session.mfa_authenticated_at if caller and caller.session else None
    serial, code = call.text("SerialNumber"), call.text("TokenCode")
    if serial is not None or code is not None:
        why = mfa_refusal(caller, serial, code, now)
        if why is not None:
            raise verdict.denied(_API, principal, role_arn, why)
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
    if verdict.enforced():
        if caller is None:
            raise StsError(
                "InvalidClientTokenId", "The security token included in the request is invalid."
            )
        verdict.decide_role_session(request, principal)
    elif role is None:
        return _without_role(call, request)
    _, answer = issue_role_session(
        self.region, request, call.session_policies(request.role.account_id)
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
    why = None
    if clash:
        why = f"Tags: {clash} are transitive tags of the calling session and cannot be changed"
    elif session.source_identity and source_identity not in (None, session.source_identity):
        why = "SourceIdentity: a chained session keeps the source identity it was given"
    if why is not None:
        raise verdict.rejected(_API, principal, role_arn, "InvalidParameterValue", why)
    kept = session.source_identity or None
    return {**inherited, **tags}, transitive | session.transitive_tag_keys, kept


def _without_role(call: StsCall, request: RoleRequest) -> ActionResult:
    """Enforcement is off (the emulator's own setup): moto's answer for a missing role."""
    response = call.response
    assumed = moto_assume_role(
        response.backend,
        response.region,
        request,
        policy=call.text("Policy"),
        external_id=request.external_id,
    )
    return ActionResult(
        {
            "Credentials": assumed,
            "AssumedRoleUser": {"AssumedRoleId": assumed.user_id, "Arn": assumed.arn},
        }
    )
