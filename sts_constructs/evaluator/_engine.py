"""IAM's policy evaluation logic over plain documents, concrete and symbolic.

Both modes share one walk: each statement applies (``True``), does not (``False``), or
applies only if some conditions hold (symbolic mode). Policies reduce to alternatives (an
OR of ANDs of conditions); concrete mode is the case where no condition is left open.

AWS pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ._conditions import ConditionTerm, UnknownValue, evaluate_block, substitute
from ._context import Context
from ._glob import glob_matches
from ._model import (
    Decision,
    FailedCondition,
    Policy,
    PolicyInput,
    PolicyKind,
    Principal,
    Request,
    StatementRef,
    as_sequence,
    load_document,
)
from .operators import parse_operator

__all__ = [
    "Alternative",
    "Evaluation",
    "SymbolicAccess",
    "evaluate",
    "evaluate_symbolic",
    "statements_of",
]

# How a resource policy's Principal named the caller, strongest first.
PrincipalMatch = Literal["session", "user", "role", "any", "service", "federated", "account"]
_VARIABLES_VERSION = "2012-10-17"


@dataclass(frozen=True)
class Alternative:
    """One way to be allowed: the statements used and the conditions that must still hold."""

    statements: tuple[StatementRef, ...]
    conditions: tuple[ConditionTerm, ...] = ()

    def __and__(self, other: Alternative) -> Alternative:
        conditions = self.conditions + tuple(
            c for c in other.conditions if c not in self.conditions
        )
        return Alternative(self.statements + other.statements, conditions)


@dataclass
class _Outcome:
    ref: StatementRef
    applies: bool | None  # None: depends on open conditions
    open_conditions: tuple[ConditionTerm, ...] = ()
    failed: tuple[FailedCondition, ...] = ()
    principal_match: PrincipalMatch | None = None


@dataclass
class _Loaded:
    kind: PolicyKind
    policy: Policy
    statements: list[Mapping[str, Any]]
    variables: bool


def statements_of(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Return a document's statements (a single statement object counts as one)."""
    raw = document.get("Statement")
    if isinstance(raw, Mapping):
        return [raw]
    if isinstance(raw, list):
        return [s for s in raw if isinstance(s, Mapping)]
    return []


def _as_strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _action_applies(statement: Mapping[str, Any], action: str) -> bool:
    if "NotAction" in statement:
        return not any(
            glob_matches(p, action, ignore_case=True) for p in _as_strings(statement["NotAction"])
        )
    return any(
        glob_matches(p, action, ignore_case=True) for p in _as_strings(statement.get("Action"))
    )


def _resource_applies(
    statement: Mapping[str, Any], resource: str, context: Context, variables: bool
) -> bool | None:
    key = "NotResource" if "NotResource" in statement else "Resource"
    if key not in statement:
        return True  # Trust policies have no Resource: the role itself is the resource.
    unknown = False
    matched = False
    for pattern in _as_strings(statement[key]):
        if variables:
            try:
                replaced = substitute(pattern, context, for_glob=True)
            except UnknownValue:
                unknown = True
                continue
            if replaced is None:
                continue
            pattern = replaced
        if glob_matches(pattern, resource):
            matched = True
            break
    if matched:
        return key == "Resource"
    if unknown:
        return None
    return key == "NotResource"


def _account_of(value: str) -> str | None:
    if len(value) == 12 and value.isdigit():
        return value
    parts = value.split(":")
    if len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and parts[5] == "root":
        return parts[4]
    return None


def _role_name(arn: str) -> tuple[str, str] | None:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam" or not parts[5].startswith("role/"):
        return None
    return parts[4], parts[5].rsplit("/", 1)[-1]


def _principal_values(block: Any) -> Iterator[tuple[str, str]]:
    if block == "*":
        yield "AWS", "*"
        return
    if not isinstance(block, Mapping):
        return
    for kind, values in block.items():
        for value in _as_strings(values):
            yield str(kind), value


def _match_principal(block: Any, principal: Principal | None) -> PrincipalMatch | None:
    """Return how ``block`` (a ``Principal`` element) names ``principal``, or ``None``."""
    if principal is None:
        return None
    best: PrincipalMatch | None = None
    order: tuple[PrincipalMatch, ...] = (
        "session",
        "user",
        "role",
        "service",
        "federated",
        "any",
        "account",
    )
    for kind, value in _principal_values(block):
        found = _match_value(kind, value, principal)
        if found is not None and (best is None or order.index(found) < order.index(best)):
            best = found
    return best


def _match_value(kind: str, value: str, principal: Principal) -> PrincipalMatch | None:
    ptype = principal.kind
    if kind == "AWS":
        if value == "*":
            return "any"
        if ptype in ("Service", "WebIdentity", "SAML", "Anonymous"):
            return None
        account = _account_of(value)
        if account is not None:
            return "account" if account == principal.account else None
        if value == principal.arn:
            return "user" if ptype in ("User", "Root") else "session"
        role = _role_name(value)
        if role is not None and ptype == "AssumedRole" and principal.role_arn:
            have = _role_name(principal.role_arn)
            if have is not None and have == role:
                return "role"
        return None
    if kind == "Service":
        if ptype == "Service" and value.lower() == principal.arn.lower():
            return "service"
        return None
    if kind == "Federated":
        if ptype in ("WebIdentity", "SAML") and value == principal.arn:
            return "federated"
        return None
    if kind == "CanonicalUser":
        return "user" if value == principal.arn else None
    return None


def _evaluate_statement(
    loaded: _Loaded, index: int, statement: Mapping[str, Any], request: Request
) -> _Outcome:
    sid = statement.get("Sid")
    ref = StatementRef(
        loaded.kind,
        loaded.policy.name,
        index,
        str(sid) if isinstance(sid, str) and sid else None,
        str(statement.get("Effect", "")),
    )
    if ref.effect not in ("Allow", "Deny"):
        return _Outcome(ref, False)
    if not _action_applies(statement, request.action):
        return _Outcome(ref, False)
    context = request.conditions
    resource = _resource_applies(statement, request.resource, context, loaded.variables)
    if resource is False:
        return _Outcome(ref, False)
    match: PrincipalMatch | None = None
    if loaded.kind == "resource":
        if "NotPrincipal" in statement:
            if _match_principal(statement["NotPrincipal"], request.caller) is not None:
                return _Outcome(ref, False)
            match = "any"
        else:
            match = _match_principal(statement.get("Principal"), request.caller)
            if match is None:
                return _Outcome(ref, False)
    results = evaluate_block(statement.get("Condition"), context, variables=loaded.variables)
    if results is None:
        return _Outcome(ref, False)
    failed = tuple(
        FailedCondition(ref, r.term, r.request_values) for r in results if r.outcome is False
    )
    if failed:
        return _Outcome(ref, False, failed=failed, principal_match=match)
    open_terms = tuple(r.term for r in results if r.outcome is None)
    if resource is None or open_terms:
        return _Outcome(ref, None, open_terms, principal_match=match)
    return _Outcome(ref, True, principal_match=match)


@dataclass
class Evaluation:
    """The alternatives each kind of policy offers, before they are combined."""

    request: Request
    notes: list[str] = field(default_factory=list)
    denies: list[_Outcome] = field(default_factory=list)
    allows: dict[PolicyKind, list[_Outcome]] = field(default_factory=dict)
    failed: list[FailedCondition] = field(default_factory=list)
    present: set[PolicyKind] = field(default_factory=set)
    scp_levels: list[list[_Outcome]] = field(default_factory=list)
    rcp_levels: list[list[_Outcome]] = field(default_factory=list)


def _load(kind: PolicyKind, values: Sequence[PolicyInput], notes: list[str]) -> list[_Loaded]:
    loaded: list[_Loaded] = []
    for position, value in enumerate(values):
        default = "resource" if kind == "resource" else f"{kind}[{position}]"
        policy, note = load_document(value, default_name=default)
        if note:
            notes.append(note)
        if policy is None:
            continue
        if not policy.name:
            policy = Policy(policy.document, default)
        version = policy.document.get("Version")
        loaded.append(
            _Loaded(kind, policy, statements_of(policy.document), version == _VARIABLES_VERSION)
        )
        for statement in statements_of(policy.document):
            block = statement.get("Condition")
            for name in block if isinstance(block, Mapping) else ():
                if not parse_operator(str(name)).known:
                    notes.append(f"{policy.name}: unknown condition operator {name!r}")
    return loaded


def _walk(
    request: Request,
    *,
    identity: PolicyInput | Sequence[PolicyInput] | None,
    resource: PolicyInput | None,
    boundary: PolicyInput | None,
    session: PolicyInput | Sequence[PolicyInput] | None,
    scps: PolicyInput | Sequence[PolicyInput] | None,
    rcps: PolicyInput | Sequence[PolicyInput] | None,
) -> Evaluation:
    evaluation = Evaluation(request)
    groups: list[tuple[PolicyKind, list[PolicyInput]]] = [
        ("identity", as_sequence(identity)),
        ("resource", as_sequence(resource)),
        ("boundary", as_sequence(boundary)),
        ("session", as_sequence(session)),
        ("scp", as_sequence(scps)),
        ("rcp", as_sequence(rcps)),
    ]
    for kind, values in groups:
        for loaded in _load(kind, values, evaluation.notes):
            evaluation.present.add(kind)
            level: list[_Outcome] = []
            for index, statement in enumerate(loaded.statements):
                outcome = _evaluate_statement(loaded, index, statement, request)
                if outcome.ref.effect == "Deny":
                    if outcome.applies is not False:
                        evaluation.denies.append(outcome)
                    continue
                if outcome.applies is False:
                    evaluation.failed.extend(outcome.failed)
                    continue
                level.append(outcome)
            if kind == "scp":
                evaluation.scp_levels.append(level)
            elif kind == "rcp":
                evaluation.rcp_levels.append(level)
            else:
                evaluation.allows.setdefault(kind, []).extend(level)
    return evaluation


def _alts(outcomes: list[_Outcome]) -> list[Alternative]:
    return [Alternative((o.ref,), o.open_conditions) for o in outcomes]


def _and(left: list[Alternative], right: list[Alternative]) -> list[Alternative]:
    return [a & b for a in left for b in right]


_TRUE = [Alternative(())]


@dataclass(frozen=True)
class _Combined:
    alternatives: list[Alternative]
    reason: str


def _combine(evaluation: Evaluation) -> _Combined:
    """Apply IAM's flow: guardrails, then the resource and identity halves."""
    request = evaluation.request
    caller = request.caller
    target = f"{request.action} on {request.resource}"
    allows = evaluation.allows
    # Guardrails: every SCP level must allow (principal side), every RCP level too.
    guard = list(_TRUE)
    for level in evaluation.scp_levels:
        if not level:
            return _Combined([], f"implicitly denied: no service control policy allows {target}")
        guard = _and(guard, _alts(level))
    for level in evaluation.rcp_levels:
        if not level:
            return _Combined([], f"implicitly denied: no resource control policy allows {target}")
        guard = _and(guard, _alts(level))

    identity = _alts(allows.get("identity", []))
    boundary = _alts(allows.get("boundary", [])) if "boundary" in evaluation.present else _TRUE
    session = _alts(allows.get("session", [])) if "session" in evaluation.present else _TRUE
    limits = _and(boundary, session)
    identity_chain = _and(identity, limits)

    resource_outcomes = allows.get("resource", [])
    by_match: dict[str, list[Alternative]] = {}
    for outcome in resource_outcomes:
        by_match.setdefault(outcome.principal_match or "account", []).append(
            Alternative((outcome.ref,), outcome.open_conditions)
        )
    resource_any = [alt for alts in by_match.values() for alt in alts]

    has_identity = caller is None or caller.has_identity_policies
    same_account = (
        caller is None
        or caller.account is None
        or request.resource_account is None
        or caller.account == request.resource_account
    )
    if not has_identity:
        if not resource_any:
            return _Combined(
                [], f"implicitly denied: no resource policy statement names {_who(caller)}"
            )
        return _Combined(_and(guard, resource_any), "allowed by the resource policy")

    if same_account:
        direct = by_match.get("session", []) + by_match.get("user", [])
        limited = by_match.get("role", []) + by_match.get("any", [])
        alternatives = list(direct)
        if caller is not None and caller.kind == "AssumedRole":
            alternatives += _and(limited, limits)
        else:
            alternatives += limited
        if _is_trust(request):
            # A role's trust policy must let the caller in: naming the account delegates
            # to the identity policies, but an identity policy alone is not enough.
            alternatives += _and(by_match.get("account", []), identity_chain)
        else:
            alternatives += identity_chain
        alternatives = _and(guard, alternatives)
        if alternatives:
            policy = "trust policy" if _is_trust(request) else "resource policy"
            if direct or limited:
                reason = f"allowed by the {policy}, which names the caller (same account)"
            elif _is_trust(request):
                reason = (
                    "allowed by the trust policy, which names the caller's account, and the "
                    "caller's identity policy (same account)"
                )
            else:
                reason = "allowed by an identity policy (same account)"
            return _Combined(alternatives, reason)
        return _Combined(
            [], _same_account_denial(evaluation, by_match, identity, boundary, session, target)
        )

    # Cross-account: the resource policy and the caller's identity policies, both.
    alternatives = _and(guard, _and(resource_any, identity_chain))
    if alternatives:
        return _Combined(
            alternatives,
            "allowed by the resource policy and the caller's identity policy (cross-account)",
        )
    if not resource_any and not identity_chain:
        why = "neither the resource policy nor the caller's identity policies allow it"
    elif not resource_any:
        why = f"the resource policy does not name {_who(caller)}"
    elif not identity:
        why = "no identity policy of the caller allows it"
    elif not boundary:
        why = "the caller's permissions boundary does not allow it"
    else:
        why = "the caller's session policy does not allow it"
    return _Combined([], f"implicitly denied: cross-account {target} needs both halves; {why}")


def _is_trust(request: Request) -> bool:
    """Return whether the resource policy is a role's trust policy (an STS call on a role)."""
    if request.trust_policy is not None:
        return request.trust_policy
    return request.action.lower().startswith("sts:") and ":role/" in request.resource


def _who(caller: Principal | None) -> str:
    return "the caller" if caller is None else caller.arn


def _same_account_denial(
    evaluation: Evaluation,
    by_match: Mapping[str, list[Alternative]],
    identity: list[Alternative],
    boundary: list[Alternative],
    session: list[Alternative],
    target: str,
) -> str:
    if by_match.get("role") or by_match.get("any"):
        if not boundary:
            return f"implicitly denied: the permissions boundary does not allow {target}"
        return f"implicitly denied: the session policy does not allow {target}"
    if identity and not boundary:
        return f"implicitly denied: the permissions boundary does not allow {target}"
    if identity and not session:
        return f"implicitly denied: the session policy does not allow {target}"
    if _is_trust(evaluation.request) and not by_match:
        return (
            f"implicitly denied: no trust policy statement lets the caller in; an identity "
            f"policy alone cannot allow {target}"
        )
    if by_match.get("account"):
        return (
            f"implicitly denied: the resource policy names the account, which leaves the "
            f"decision to identity policies, and none allows {target}"
        )
    return f"implicitly denied: no policy allows {target}"


def _describe_deny(outcome: _Outcome) -> str:
    return f"explicitly denied by {outcome.ref}"


def evaluate(
    request: Request,
    *,
    identity: PolicyInput | Sequence[PolicyInput] | None = None,
    resource: PolicyInput | None = None,
    boundary: PolicyInput | None = None,
    session: PolicyInput | Sequence[PolicyInput] | None = None,
    scps: PolicyInput | Sequence[PolicyInput] | None = None,
    rcps: PolicyInput | Sequence[PolicyInput] | None = None,
) -> Decision:
    """Decide ``request`` (concrete mode) as IAM's policy evaluation logic does.

    Policies are parsed JSON documents (``dict``), their JSON text, :class:`Policy`
    objects (a document with a name), or AWS managed policies by name or ARN (read from
    moto's data; without moto, or for a name moto does not know, the policy is left out
    and ``Decision.notes`` says "unknown managed policy").

    - ``identity``: the caller's identity policies (inline, managed, and its groups').
    - ``resource``: the resource policy; for ``sts:AssumeRole*`` the role's trust policy.
    - ``boundary``: the caller's permissions boundary (``None``: none set).
    - ``session``: session policies passed when the caller's session was made.
    - ``scps`` / ``rcps``: one document per level of the organization that must allow.

    The flow (AWS's "Policy evaluation logic"): an explicit ``Deny`` anywhere wins; SCPs
    and RCPs must allow; then, in the same account, either the resource policy names the
    caller (a user or session ARN is enough; a role ARN is still limited by the
    boundary and session policies; an account or ``:root`` principal leaves the decision to
    the identity policies) or the identity policies allow (within the boundary and session
    policies). Across accounts both halves are needed. Services, web identity, SAML and
    anonymous callers have no identity half: the resource policy decides.

    Never raises for policy content: unreadable parts are skipped and noted.
    """
    evaluation = _walk(
        request,
        identity=identity,
        resource=resource,
        boundary=boundary,
        session=session,
        scps=scps,
        rcps=rcps,
    )
    notes = tuple(dict.fromkeys(evaluation.notes))
    certain_denies = [d for d in evaluation.denies if d.applies is True]
    if certain_denies:
        return Decision(
            False,
            _describe_deny(certain_denies[0]),
            denied_by=tuple(d.ref for d in certain_denies),
            notes=notes,
        )
    combined = _combine(evaluation)
    certain = [alt for alt in combined.alternatives if not alt.conditions]
    if certain:
        return Decision(True, combined.reason, allowed_by=certain[0].statements, notes=notes)
    reason = (
        combined.reason if not combined.alternatives else "implicitly denied: conditions unknown"
    )
    if combined.alternatives:
        reason = "not decided: some condition keys are unknown (use evaluate_symbolic)"
    elif evaluation.failed and "implicitly denied" in reason:
        first = evaluation.failed[0]
        reason += f" ({first.term.operator} on {first.term.key} failed)"
    return Decision(False, reason, failed_conditions=tuple(evaluation.failed), notes=notes)


@dataclass(frozen=True)
class SymbolicAccess:
    """Who passes on which conditions (symbolic mode).

    ``alternatives`` are ORed; each holds the conditions (ANDed) still open for the
    request to be allowed. ``unless`` lists the ``Deny`` alternatives: when one of them
    holds, the request is denied. ``possible`` is false when no alternative is left.
    """

    possible: bool
    reason: str
    alternatives: tuple[Alternative, ...]
    unless: tuple[Alternative, ...]
    failed_conditions: tuple[FailedCondition, ...]
    notes: tuple[str, ...]

    @property
    def unconditional(self) -> bool:
        """Return whether some alternative needs no further condition and nothing can deny."""
        return any(not alt.conditions for alt in self.alternatives) and not self.unless


def evaluate_symbolic(
    request: Request,
    *,
    identity: PolicyInput | Sequence[PolicyInput] | None = None,
    resource: PolicyInput | None = None,
    boundary: PolicyInput | None = None,
    session: PolicyInput | Sequence[PolicyInput] | None = None,
    scps: PolicyInput | Sequence[PolicyInput] | None = None,
    rcps: PolicyInput | Sequence[PolicyInput] | None = None,
) -> SymbolicAccess:
    """Return which conditions must hold for ``request`` to be allowed (symbolic mode).

    Same arguments and flow as :func:`evaluate`. Build the request with
    ``partial=True``: condition keys it gives are decided as in concrete mode (the
    principal's own keys such as ``aws:PrincipalArn`` always are); every other key stays
    open and comes back as a condition to satisfy.
    """
    evaluation = _walk(
        request,
        identity=identity,
        resource=resource,
        boundary=boundary,
        session=session,
        scps=scps,
        rcps=rcps,
    )
    notes = tuple(dict.fromkeys(evaluation.notes))
    unless = tuple(Alternative((d.ref,), d.open_conditions) for d in evaluation.denies)
    if any(d.applies is True for d in evaluation.denies):
        first = next(d for d in evaluation.denies if d.applies is True)
        return SymbolicAccess(False, _describe_deny(first), (), unless, (), notes)
    combined = _combine(evaluation)
    return SymbolicAccess(
        bool(combined.alternatives),
        combined.reason,
        tuple(_dedupe(combined.alternatives)),
        unless,
        tuple(evaluation.failed),
        notes,
    )


def _dedupe(alternatives: list[Alternative]) -> Iterator[Alternative]:
    seen: set[tuple[ConditionTerm, ...]] = set()
    for alt in sorted(alternatives, key=lambda a: len(a.conditions)):
        key = tuple(sorted(alt.conditions, key=str))
        if key in seen:
            continue
        seen.add(key)
        yield alt
