"""IAM's flow over the statements' outcomes: guardrails, resource and identity halves.

Each kind of policy offers alternatives (an OR of ANDs of open conditions); this module
combines them as AWS's "Policy evaluation logic" does, same account and cross-account, and
says in one line why a request is denied. Concrete mode is the case where no condition is
left open.

AWS pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict, cast

from ._conditions import ConditionTerm
from ._match import Outcome, evaluate_statement, load_policies
from ._model import FailedCondition, PolicyInput, PolicyKind, Request, StatementRef, as_sequence
from ._principal import Principal

__all__ = ["Alternative"]


class PolicySet(TypedDict, total=False):
    """The policies a request is decided on, by kind: :func:`evaluate`'s keyword arguments.

    Its docstring says what each holds; every key may be left out (``None``: none).
    """

    identity: PolicyInput | Sequence[PolicyInput] | None
    resource: PolicyInput | None
    boundary: PolicyInput | None
    session: PolicyInput | Sequence[PolicyInput] | None
    scps: PolicyInput | Sequence[PolicyInput] | None
    rcps: PolicyInput | Sequence[PolicyInput] | None


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
class Evaluation:
    """The alternatives each kind of policy offers, before they are combined."""

    request: Request
    notes: list[str] = field(default_factory=list)
    denies: list[Outcome] = field(default_factory=list)
    allows: dict[PolicyKind, list[Outcome]] = field(default_factory=dict)
    failed: list[FailedCondition] = field(default_factory=list)
    present: set[PolicyKind] = field(default_factory=set)
    scp_levels: list[list[Outcome]] = field(default_factory=list)
    rcp_levels: list[list[Outcome]] = field(default_factory=list)


# Each keyword of a PolicySet and the kind of policy it holds, in the order IAM reads them.
_KINDS: tuple[tuple[str, PolicyKind], ...] = (
    ("identity", "identity"),
    ("resource", "resource"),
    ("boundary", "boundary"),
    ("session", "session"),
    ("scps", "scp"),
    ("rcps", "rcp"),
)


def walk(request: Request, policies: PolicySet, *, caller: str) -> Evaluation:
    """Return each statement's outcome for ``request``, grouped by kind of policy.

    ``caller`` names the public function in the ``TypeError`` an unknown keyword raises.
    """
    unexpected = sorted(set(policies) - PolicySet.__optional_keys__)
    if unexpected:
        raise TypeError(f"{caller}() got an unexpected keyword argument {unexpected[0]!r}")
    given = cast(Mapping[str, Any], policies)
    evaluation = Evaluation(request)
    groups = [(kind, as_sequence(given.get(keyword))) for keyword, kind in _KINDS]
    for kind, values in groups:
        for loaded in load_policies(kind, values, evaluation.notes):
            evaluation.present.add(kind)
            level: list[Outcome] = []
            for index, statement in enumerate(loaded.statements):
                outcome = evaluate_statement(loaded, index, statement, request)
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


def _alts(outcomes: list[Outcome]) -> list[Alternative]:
    return [Alternative((o.ref,), o.open_conditions) for o in outcomes]


def _and(left: list[Alternative], right: list[Alternative]) -> list[Alternative]:
    return [a & b for a in left for b in right]


_TRUE = [Alternative(())]


@dataclass(frozen=True)
class Combined:
    alternatives: list[Alternative]
    reason: str


def combine(evaluation: Evaluation) -> Combined:
    """Apply IAM's flow: guardrails, then the resource and identity halves."""
    request = evaluation.request
    caller = request.caller
    target = f"{request.action} on {request.resource}"
    allows = evaluation.allows
    # Guardrails: every SCP level must allow (principal side), every RCP level too.
    guard = list(_TRUE)
    for level in evaluation.scp_levels:
        if not level:
            return Combined([], f"implicitly denied: no service control policy allows {target}")
        guard = _and(guard, _alts(level))
    for level in evaluation.rcp_levels:
        if not level:
            return Combined([], f"implicitly denied: no resource control policy allows {target}")
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
            return Combined(
                [], f"implicitly denied: no resource policy statement names {_who(caller)}"
            )
        return Combined(_and(guard, resource_any), "allowed by the resource policy")

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
            return Combined(alternatives, reason)
        return Combined(
            [], _same_account_denial(evaluation, by_match, identity, boundary, session, target)
        )

    # Cross-account: the resource policy and the caller's identity policies, both.
    alternatives = _and(guard, _and(resource_any, identity_chain))
    if alternatives:
        return Combined(
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
    return Combined([], f"implicitly denied: cross-account {target} needs both halves; {why}")


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
