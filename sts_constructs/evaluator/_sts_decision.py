"""What STS adds to a decision: the trust and grant halves, the session's length.

AWS pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html (role chaining)
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from ..validation import ASSUME_ROLE_MIN_DURATION_SECONDS
from ._engine import evaluate
from ._match import statements_of
from ._model import Decision, PolicyInput, Request, load_document

__all__ = ["STS_ACTIONS", "StsDecision"]

StsAction = Literal[
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
    "sts:GetFederationToken",
]
STS_ACTIONS: tuple[StsAction, ...] = (
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
    "sts:GetFederationToken",
)
Missing = Literal["trust", "grant", "both"]


@dataclass(frozen=True)
class StsDecision(Decision):
    """A :class:`Decision` for an STS call, with what only STS adds.

    ``trust`` is the trust-policy half alone and ``grant`` the caller's identity half alone
    (``None`` where the call has no such half: web identity and SAML callers have no
    identity policies; ``GetFederationToken`` has no trust policy). ``missing`` names the
    half that keeps a denied call out (``trust``, ``grant`` or ``both``).
    ``max_session_seconds`` is the longest session the call could get (role chaining caps
    it at 1 hour whatever the role's ``MaxSessionDuration``); ``chained`` says the cap
    applied. ``error_code`` is what STS would answer: ``AccessDenied`` or
    ``ValidationError`` (a ``DurationSeconds`` out of range), ``None`` when allowed.
    """

    action: str = ""
    trust: Decision | None = None
    grant: Decision | None = None
    missing: Missing | None = None
    max_session_seconds: int | None = None
    chained: bool = False
    error_code: Literal["AccessDenied", "ValidationError"] | None = None

    @classmethod
    def of(cls, decision: Decision, **sts: Any) -> StsDecision:
        """Return ``decision`` with the STS fields ``sts`` (``action=``, ``trust=``...)."""
        return cls(**{f.name: getattr(decision, f.name) for f in fields(Decision)}, **sts)

    def to_json(self) -> dict[str, Any]:
        """Return the decision as plain data."""
        data = super().to_json()
        data.update(
            action=self.action,
            missing=self.missing,
            max_session_seconds=self.max_session_seconds,
            chained=self.chained,
            error_code=self.error_code,
            trust=None if self.trust is None else self.trust.to_json(),
            grant=None if self.grant is None else self.grant.to_json(),
        )
        return data


_EVERYTHING: Mapping[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def trust_half(request: Request, trust_policy: PolicyInput | None) -> Decision:
    """Decide the trust half alone: does the trust policy let this caller in at all?

    Evaluated as if across accounts with an identity grant of everything, so only the
    trust policy can refuse, and a trust that names the caller's account counts.
    """
    caller = request.caller
    assert caller is not None
    other = "000000000001" if caller.account == "000000000000" else "000000000000"
    probe = Request(
        request.action, request.resource, caller, request.conditions, resource_account=other
    )
    return evaluate(probe, resource=trust_policy, identity=_EVERYTHING)


def grant_needed(request: Request, trust_policy: PolicyInput | None) -> bool:
    """Return whether the caller's identity half is needed besides the trust policy.

    It is across accounts, and in the same account unless a trust statement names the
    caller's own ARN (conditions aside).
    """
    caller = request.caller
    assert caller is not None
    if caller.account is not None and request.resource_account not in (None, caller.account):
        return True
    policy, _ = load_document(trust_policy, default_name="trust") if trust_policy else (None, None)
    if policy is None:
        return True
    stripped = {
        **policy.document,
        "Statement": [
            {k: v for k, v in statement.items() if k != "Condition"}
            for statement in statements_of(policy.document)
            if statement.get("Effect") == "Allow"
        ],
    }
    probe = Request(request.action, request.resource, caller, request.conditions)
    return not evaluate(probe, resource=stripped).allowed


def check_duration(result: StsDecision, duration_seconds: int | None) -> StsDecision:
    if duration_seconds is None or not result.allowed:
        return result
    maximum = result.max_session_seconds or 0
    if duration_seconds < ASSUME_ROLE_MIN_DURATION_SECONDS or duration_seconds > maximum:
        cap = " (role chaining caps sessions at 1 hour)" if result.chained else ""
        return replace(
            result,
            allowed=False,
            reason=(
                f"DurationSeconds {duration_seconds} is outside "
                f"{ASSUME_ROLE_MIN_DURATION_SECONDS}-{maximum}{cap}"
            ),
            error_code="ValidationError",
        )
    return result
