"""The emulator asks the project's one evaluator (:mod:`sts_constructs.evaluator`).

Two questions: may this caller make this call (identity policies, boundary, session
policies, with the caller's context keys: :func:`decide_call`), and may this principal get a
session of this role (trust policy and, for an AWS principal, its identity policies, with
same-account and cross-account rules, durations and role chaining: :func:`decide_assume`).
What the emulator adds is only the facts: who the caller is and which policies apply.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sts_constructs.emulator._identity import Identity
from sts_constructs.evaluator import Policy, Principal, Request, decide_sts, evaluate

__all__ = ["RoleRequest", "Verdict", "decide_assume", "decide_call", "principal_of"]

_PRINCIPAL_TYPES = {
    "user": "User",
    "assumed-role": "AssumedRole",
    "federated-user": "FederatedUser",
    "session-token": "User",
}


@dataclass(frozen=True)
class Verdict:
    """Allowed or not, the evaluator's reason, and STS's error code when refused."""

    allowed: bool
    why: str
    error_code: str | None = None


@dataclass(frozen=True)
class RoleRequest:
    """One request for a session of a role: the facts it is decided with, and what the
    session issued for it keeps.

    ``caller`` asks with its signed key (AssumeRole); without one, ``principal`` is
    ``("Federated", provider ARN)`` or ``("Service", name)``. ``role`` is moto's role,
    None when no role has ``role_arn``.
    """

    api: str
    role_arn: str
    role: Any  # moto's role, or None
    session_name: str
    duration_seconds: int
    caller: Identity | None = None
    principal: tuple[str, str] | None = None
    context: dict[str, Any] = field(default_factory=dict)
    external_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    transitive_tag_keys: frozenset[str] = frozenset()
    source_identity: str | None = None  # As the call sets it (sts:SetSourceIdentity).
    # Kept by the session only: a chained session keeps its caller's source identity.
    inherited_source_identity: str | None = None
    mfa_authenticated_at: datetime | None = None
    chained: bool = False
    federated_context: dict[str, Any] = field(default_factory=dict)  # OIDC/SAML keys.

    @property
    def session_source_identity(self) -> str | None:
        """Return the source identity the issued session carries."""
        return self.inherited_source_identity or self.source_identity


def principal_of(identity: Identity) -> Principal:
    """Return the evaluator's principal for the emulator's caller."""
    tags = {
        key.split("/", 1)[1]: str(value)
        for key, value in identity.context.items()
        if key.startswith("aws:PrincipalTag/")
    }
    kind = _PRINCIPAL_TYPES[identity.kind]
    return Principal(
        identity.arn,
        type=kind,  # type: ignore[arg-type]
        account=identity.account_id,
        role_arn=identity.principal_arn if kind == "AssumedRole" else None,
        tags=tags,
    )


def _context(identity: Identity, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return the caller's keys (without principal tags: the principal brings them)."""
    keys = {k: v for k, v in identity.context.items() if not k.startswith("aws:PrincipalTag/")}
    keys.update(extra or {})
    return keys


def decide_call(
    identity: Identity, action: str, resource: str, extra: Mapping[str, Any] | None = None
) -> Verdict:
    """Return whether ``identity`` may perform ``action`` on ``resource``.

    A federated user (``GetFederationToken``) with no session policy has no permissions:
    AWS says so for that API, and the emulator passes an empty session policy to say it.
    """
    session: list[Policy] | None = _named(identity.session_policies, "session") or None
    if identity.kind == "federated-user" and session is None:
        session = [Policy({"Version": "2012-10-17", "Statement": []}, "none passed")]
    decision = evaluate(
        Request(action, resource, principal_of(identity), _context(identity, extra)),
        identity=_named(identity.identity_policies, "identity"),
        boundary=identity.boundary,
        session=session,
    )
    return Verdict(decision.allowed, decision.reason, None if decision.allowed else "AccessDenied")


def _named(documents: tuple[Any, ...], kind: str) -> list[Policy]:
    return [Policy(document, f"{kind} {index + 1}") for index, document in enumerate(documents)]


def decide_assume(request: RoleRequest) -> Verdict:
    """Return whether the request's caller, or its federated or service principal, gets a
    session of its role (which must exist).

    The evaluator checks the trust policy, the caller's identity half,
    ``sts:TagSession``/``sts:SetSourceIdentity`` and the duration (role chaining included).
    """
    role, caller, principal = request.role, request.caller, request.principal
    trust = json.loads(role.assume_role_policy_document)
    if principal is not None and principal[0] == "Service":
        decision = evaluate(
            Request(
                f"sts:{request.api}",
                role.arn,
                Principal(principal[1], type="Service"),
                request.context,
            ),
            resource=Policy(trust, "trust"),
        )
        return Verdict(
            decision.allowed, decision.reason, None if decision.allowed else "AccessDenied"
        )
    if caller is not None:
        who: Principal | str = principal_of(caller)
        policies: dict[str, Any] = {
            "identity": _named(caller.identity_policies, "identity"),
            "boundary": caller.boundary,
            "session": _named(caller.session_policies, "session") or None,
        }
        keys = _context(caller, request.context)
    else:
        assert principal is not None
        who = principal[1]
        policies = {}
        keys = dict(request.context)
    decision = decide_sts(
        f"sts:{request.api}",
        caller=who,
        role_arn=role.arn,
        trust_policy=trust,
        context=keys,
        external_id=request.external_id,
        role_session_name=request.session_name,
        source_identity=request.source_identity,
        session_tags=request.tags or None,
        transitive_tag_keys=sorted(request.transitive_tag_keys) or None,
        duration_seconds=request.duration_seconds,
        role_max_session_seconds=role.max_session_duration,
        temporary_credentials=caller is not None and caller.session is not None,
        **policies,
    )
    return Verdict(decision.allowed, decision.reason, decision.error_code)


def decide_federation_token(caller: Identity, *, name: str, duration_seconds: int) -> Verdict:
    """Return whether the broker ``caller`` may call ``GetFederationToken`` for ``name``."""
    decision = decide_sts(
        "sts:GetFederationToken",
        caller=principal_of(caller),
        identity=_named(caller.identity_policies, "identity"),
        boundary=caller.boundary,
        context=_context(caller),
        duration_seconds=duration_seconds,
        federated_user_name=name,
    )
    return Verdict(decision.allowed, decision.reason, decision.error_code)
