"""IAM's policy evaluation logic over plain documents: the concrete and symbolic answers.

Both modes share one walk (``_match`` decides each statement, ``_flow`` combines them):
each statement applies (``True``), does not (``False``), or applies only if some conditions
hold (symbolic mode). Policies reduce to alternatives (an OR of ANDs of conditions);
concrete mode is the case where no condition is left open.

AWS pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Unpack

from ._conditions import ConditionTerm
from ._flow import Alternative, PolicySet, combine, walk
from ._match import Outcome
from ._model import Decision, FailedCondition, Request

__all__ = ["SymbolicAccess", "evaluate", "evaluate_symbolic"]


def _describe_deny(outcome: Outcome) -> str:
    return f"explicitly denied by {outcome.ref}"


def evaluate(request: Request, **policies: Unpack[PolicySet]) -> Decision:
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
    evaluation = walk(request, policies, caller="evaluate")
    notes = tuple(dict.fromkeys(evaluation.notes))
    certain_denies = [d for d in evaluation.denies if d.applies is True]
    if certain_denies:
        return Decision(
            False,
            _describe_deny(certain_denies[0]),
            denied_by=tuple(d.ref for d in certain_denies),
            notes=notes,
        )
    combined = combine(evaluation)
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


def evaluate_symbolic(request: Request, **policies: Unpack[PolicySet]) -> SymbolicAccess:
    """Return which conditions must hold for ``request`` to be allowed (symbolic mode).

    Same arguments and flow as :func:`evaluate`. Build the request with
    ``partial=True``: condition keys it gives are decided as in concrete mode (the
    principal's own keys such as ``aws:PrincipalArn`` always are); every other key stays
    open and comes back as a condition to satisfy.
    """
    evaluation = walk(request, policies, caller="evaluate_symbolic")
    notes = tuple(dict.fromkeys(evaluation.notes))
    unless = tuple(Alternative((d.ref,), d.open_conditions) for d in evaluation.denies)
    if any(d.applies is True for d in evaluation.denies):
        first = next(d for d in evaluation.denies if d.applies is True)
        return SymbolicAccess(False, _describe_deny(first), (), unless, (), notes)
    combined = combine(evaluation)
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
