"""How a refused or allowed STS call is told: the decision log, then STS's answer.

Every refusal and every allowed call adds an entry to the decision log
(:data:`~sts_constructs.emulator._decisions.DECISIONS`) with the evaluator's reason.
"""

from __future__ import annotations

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin

from sts_constructs.emulator._decide import RoleRequest, Verdict, decide_assume
from sts_constructs.emulator._decisions import DECISIONS, Decision
from sts_constructs.emulator._sts._call import StsError

__all__ = ["allowed", "decide_role_session", "denied", "enforced", "refused", "rejected"]


def enforced() -> bool:
    """Return whether IAM authorization is switched on (moto's reset-auth switch)."""
    return bool(ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT)


def denied(
    api: str, principal: str, target: str, why: str, notes: tuple[str, ...] = ()
) -> Exception:
    """Log the denial; return STS's AccessDenied answer (HTTP 403, as AWS sends it)."""
    from moto.core.exceptions import AccessDeniedError

    from sts_constructs.emulator._authorize import not_authorized, with_message

    DECISIONS.add(Decision(api, principal, target, False, why, notes))
    error = AccessDeniedError(user_arn=principal, action=f"sts:{api}")
    return with_message(  # type: ignore[no-any-return]
        error, not_authorized(principal, f"sts:{api}", target, why)
    )


def rejected(
    api: str, principal: str, target: str, code: str, why: str, notes: tuple[str, ...] = ()
) -> StsError:
    """Log the refusal; return STS's error answer ``code`` (ValidationError, ...)."""
    DECISIONS.add(Decision(api, principal, target, False, why, notes))
    return StsError(code, why)


def refused(
    api: str, principal: str, target: str, verdict: Verdict, notes: tuple[str, ...] = ()
) -> Exception:
    """Return STS's answer to a refused call: AccessDenied, or ValidationError (duration)."""
    if verdict.error_code == "ValidationError":
        return rejected(api, principal, target, "ValidationError", verdict.why, notes)
    return denied(api, principal, target, verdict.why, notes)


def allowed(
    api: str, principal: str, target: str, verdict: Verdict, notes: tuple[str, ...] = ()
) -> None:
    """Log the allowed call and the evaluator's reason."""
    DECISIONS.add(Decision(api, principal, target, True, verdict.why, notes))


def decide_role_session(request: RoleRequest, principal: str, notes: tuple[str, ...] = ()) -> None:
    """Ask the evaluator about ``request`` (asked by ``principal``, as the log names it);
    log the answer and raise STS's refusal. The role must exist."""
    if request.role is None:
        raise denied(
            request.api, principal, request.role_arn, f"no role {request.role_arn} exists", notes
        )
    verdict = decide_assume(request)
    if not verdict.allowed:
        raise refused(request.api, principal, request.role_arn, verdict, notes)
    allowed(request.api, principal, request.role_arn, verdict, notes)
