"""STS decisions: may this caller get a session for this role, and for how long?

AWS pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html (role chaining)
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_assumerole.html
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..validation import (
    CHAINED_SESSION_MAX_SECONDS,
    FEDERATION_TOKEN_MAX_SECONDS,
    MIN_SESSION_DURATION_SECONDS,
)
from ._context import ContextValue
from ._engine import evaluate
from ._model import Policy, PolicyInput, Request
from ._principal import Principal
from ._sts_decision import (
    STS_ACTIONS,
    Missing,
    StsDecision,
    check_duration,
    grant_needed,
    trust_half,
)

__all__ = ["decide_sts"]

_CALLERS: Mapping[str, tuple[str, ...]] = {
    "sts:AssumeRole": ("User", "AssumedRole"),
    "sts:AssumeRoleWithWebIdentity": ("WebIdentity",),
    "sts:AssumeRoleWithSAML": ("SAML",),
    "sts:GetFederationToken": ("User",),
}


def _sts_context(
    context: Mapping[str, ContextValue] | None,
    *,
    external_id: str | None,
    role_session_name: str | None,
    source_identity: str | None,
    session_tags: Mapping[str, str] | None,
    transitive_tag_keys: Sequence[str] | None,
    duration_seconds: int | None,
) -> dict[str, ContextValue]:
    keys: dict[str, ContextValue] = {}
    if external_id is not None:
        keys["sts:ExternalId"] = external_id
    if role_session_name is not None:
        keys["sts:RoleSessionName"] = role_session_name
    if source_identity is not None:
        keys["sts:SourceIdentity"] = source_identity
    if duration_seconds is not None:
        keys["sts:DurationSeconds"] = duration_seconds
    if session_tags:
        for name, tag_value in session_tags.items():
            keys[f"aws:RequestTag/{name}"] = tag_value
        keys["aws:TagKeys"] = list(session_tags)
    if transitive_tag_keys:
        keys["sts:TransitiveTagKeys"] = list(transitive_tag_keys)
    # What the caller passes wins over what the STS parameters imply.
    lowered = {k.lower() for k in (context or {})}
    merged: dict[str, ContextValue] = dict(context or {})
    for key, value in keys.items():
        if key.lower() not in lowered:
            merged[key] = value
    return merged


def decide_sts(
    action: str,
    *,
    caller: Principal | str,
    role_arn: str | None = None,
    trust_policy: PolicyInput | None = None,
    identity: PolicyInput | Sequence[PolicyInput] | None = None,
    boundary: PolicyInput | None = None,
    session: PolicyInput | Sequence[PolicyInput] | None = None,
    scps: PolicyInput | Sequence[PolicyInput] | None = None,
    context: Mapping[str, ContextValue] | None = None,
    external_id: str | None = None,
    role_session_name: str | None = None,
    source_identity: str | None = None,
    session_tags: Mapping[str, str] | None = None,
    transitive_tag_keys: Sequence[str] | None = None,
    duration_seconds: int | None = None,
    role_max_session_seconds: int = MIN_SESSION_DURATION_SECONDS,
    federated_user_name: str | None = None,
    temporary_credentials: bool = False,
) -> StsDecision:
    """Decide an ``AssumeRole``, ``AssumeRoleWithWebIdentity``, ``AssumeRoleWithSAML`` or
    ``GetFederationToken`` call, with plain data in.

    - ``caller``: who calls, as a :class:`Principal` or an ARN: a user or an assumed-role
      session for ``AssumeRole`` (a session means role chaining), the OIDC provider's ARN
      (or a legacy name such as ``accounts.google.com``) for web identity, the SAML
      provider's ARN for SAML, a user for ``GetFederationToken``.
    - ``role_arn`` and ``trust_policy``: the role and its trust policy (parsed JSON); not
      used by ``GetFederationToken``.
    - ``identity``, ``boundary``, ``session``, ``scps``: the caller's policies (see
      :func:`evaluate`); ignored for web identity and SAML callers, who have none.
    - ``context``: extra condition keys, e.g. the token's claims
      (``{"token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main"}``),
      ``aws:MultiFactorAuthPresent``, ``aws:SourceIp``, ``aws:CurrentTime``.
    - ``external_id``, ``role_session_name``, ``source_identity``, ``session_tags``,
      ``transitive_tag_keys``, ``duration_seconds``: the call's parameters; they set
      ``sts:ExternalId``, ``sts:RoleSessionName``, ``sts:SourceIdentity``,
      ``aws:RequestTag/...``, ``aws:TagKeys``, ``sts:TransitiveTagKeys`` and
      ``sts:DurationSeconds``. Passing tags also needs ``sts:TagSession``, and a source
      identity ``sts:SetSourceIdentity``, allowed by the same policies.
    - ``role_max_session_seconds``: the role's ``MaxSessionDuration`` (default 3,600 s).
    - ``temporary_credentials``: the user ``caller`` signs with temporary credentials from
      ``GetSessionToken``; AWS then caps the role session at 1 hour, as for role chaining.

    Same account, a trust policy that names the caller's own ARN is enough; one that
    names the account (``:root`` or the ID) also needs the caller's identity policy to
    allow the action on the role. Across accounts, both halves always.

    Never raises for policy content; an unknown ``action`` is denied with a reason.
    """
    principal = caller if isinstance(caller, Principal) else Principal(caller)
    if isinstance(trust_policy, Mapping):
        # Name it, so reasons say "trust policy statement ...".
        trust_policy = Policy(trust_policy, "trust")
    if action not in STS_ACTIONS:
        return StsDecision(
            False,
            f"{action!r} is not an STS call this evaluator decides",
            action=action,
            error_code="AccessDenied",
        )
    allowed_callers = _CALLERS[action]
    if principal.kind not in allowed_callers:
        return StsDecision(
            False,
            f"{action} cannot be called by a {principal.kind} principal "
            f"(expected {' or '.join(allowed_callers)})",
            action=action,
            error_code="AccessDenied",
        )
    keys = _sts_context(
        context,
        external_id=external_id,
        role_session_name=role_session_name,
        source_identity=source_identity,
        session_tags=session_tags,
        transitive_tag_keys=transitive_tag_keys,
        duration_seconds=duration_seconds,
    )
    has_identity = principal.has_identity_policies
    if action == "sts:GetFederationToken":
        return _federation_token(
            principal, identity, boundary, scps, keys, duration_seconds, federated_user_name
        )
    assert role_arn is not None, "role_arn is required for AssumeRole*"
    policies: dict[str, Any] = {
        "identity": identity if has_identity else None,
        "boundary": boundary if has_identity else None,
        "session": session if has_identity else None,
        "scps": scps if has_identity else None,
    }
    request = Request(action, role_arn, principal, keys)
    decision = evaluate(request, resource=trust_policy, **policies)
    decisive = request  # The call whose halves explain a denial.
    companions = []
    if session_tags:
        companions.append("sts:TagSession")
    if source_identity is not None:
        companions.append("sts:SetSourceIdentity")
    for companion in companions:
        extra_request = Request(companion, role_arn, principal, keys)
        extra = evaluate(extra_request, resource=trust_policy, **policies)
        if decision.allowed and not extra.allowed:
            needed = "session tags" if companion == "sts:TagSession" else "source identity"
            decision = replace(
                extra, reason=f"{companion} (needed with the call's {needed}) is {extra.reason}"
            )
            decisive = extra_request
    trust = trust_half(decisive, trust_policy)
    grant = (
        evaluate(
            Request(
                decisive.action,
                role_arn,
                principal,
                keys,
                resource_account=principal.account,
                trust_policy=False,
            ),
            **policies,
        )
        if has_identity
        else None
    )
    # A role session calling AssumeRole is role chaining; so, for the session's length, is a
    # user calling with temporary credentials from GetSessionToken (the MFA session pattern):
    # https://repost.aws/knowledge-center/iam-role-chaining-limit
    chained = principal.kind == "AssumedRole" or temporary_credentials
    maximum = (
        min(role_max_session_seconds, CHAINED_SESSION_MAX_SECONDS)
        if chained
        else role_max_session_seconds
    )
    missing: Missing | None = None
    if not decision.allowed and not decision.denied_by:
        grant_ok = grant is None or grant.allowed
        if not trust.allowed and not grant_ok:
            missing = "both" if grant_needed(request, trust_policy) else "trust"
        elif not trust.allowed:
            missing = "trust"
        elif not grant_ok:
            missing = "grant"
    result = StsDecision.of(
        decision,
        action=action,
        trust=trust,
        grant=grant,
        missing=missing,
        max_session_seconds=maximum,
        chained=chained,
        error_code=None if decision.allowed else "AccessDenied",
    )
    return check_duration(result, duration_seconds)


def _federation_token(
    principal: Principal,
    identity: PolicyInput | Sequence[PolicyInput] | None,
    boundary: PolicyInput | None,
    scps: PolicyInput | Sequence[PolicyInput] | None,
    keys: Mapping[str, ContextValue],
    duration_seconds: int | None,
    federated_user_name: str | None,
) -> StsDecision:
    account = principal.account or "000000000000"
    partition = principal.arn.split(":")[1] if principal.arn.startswith("arn:") else "aws"
    name = federated_user_name or "*"
    resource = f"arn:{partition}:sts::{account}:federated-user/{name}"
    decision = evaluate(
        Request("sts:GetFederationToken", resource, principal, keys),
        identity=identity,
        boundary=boundary,
        scps=scps,
    )
    result = StsDecision.of(
        decision,
        action="sts:GetFederationToken",
        grant=decision,
        missing=None if decision.allowed or decision.denied_by else "grant",
        max_session_seconds=FEDERATION_TOKEN_MAX_SECONDS,
        error_code=None if decision.allowed else "AccessDenied",
    )
    return check_duration(result, duration_seconds)
