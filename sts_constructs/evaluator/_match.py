"""One statement against one request: does it apply, not apply, or apply on conditions?

Matching ``Action``/``NotAction``, ``Resource``/``NotResource`` (with policy variables),
``Principal``/``NotPrincipal`` and the ``Condition`` block; loading the policies a request
is decided on. How the statements' outcomes combine is ``_flow``'s job.

AWS pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ._conditions import ConditionTerm, UnknownValue, evaluate_block, substitute
from ._context import Context
from ._glob import glob_matches
from ._model import (
    FailedCondition,
    Policy,
    PolicyInput,
    PolicyKind,
    Request,
    StatementRef,
    load_document,
)
from ._principal import Principal
from .operators import parse_operator

__all__ = ["statements_of"]

# How a resource policy's Principal named the caller, strongest first.
PrincipalMatch = Literal["session", "user", "role", "any", "service", "federated", "account"]
_VARIABLES_VERSION = "2012-10-17"


@dataclass
class Outcome:
    """One statement's answer: applies, does not, or (``None``) applies on open conditions."""

    ref: StatementRef
    applies: bool | None  # None: depends on open conditions
    open_conditions: tuple[ConditionTerm, ...] = ()
    failed: tuple[FailedCondition, ...] = ()
    principal_match: PrincipalMatch | None = None


@dataclass
class LoadedPolicy:
    """A readable policy, its statements, and whether it may use policy variables."""

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


def evaluate_statement(
    loaded: LoadedPolicy, index: int, statement: Mapping[str, Any], request: Request
) -> Outcome:
    """Return whether ``statement`` applies to ``request``, and on which open conditions."""
    sid = statement.get("Sid")
    ref = StatementRef(
        loaded.kind,
        loaded.policy.name,
        index,
        str(sid) if isinstance(sid, str) and sid else None,
        str(statement.get("Effect", "")),
    )
    if ref.effect not in ("Allow", "Deny"):
        return Outcome(ref, False)
    if not _action_applies(statement, request.action):
        return Outcome(ref, False)
    context = request.conditions
    resource = _resource_applies(statement, request.resource, context, loaded.variables)
    if resource is False:
        return Outcome(ref, False)
    match: PrincipalMatch | None = None
    if loaded.kind == "resource":
        if "NotPrincipal" in statement:
            if _match_principal(statement["NotPrincipal"], request.caller) is not None:
                return Outcome(ref, False)
            match = "any"
        else:
            match = _match_principal(statement.get("Principal"), request.caller)
            if match is None:
                return Outcome(ref, False)
    results = evaluate_block(statement.get("Condition"), context, variables=loaded.variables)
    if results is None:
        return Outcome(ref, False)
    failed = tuple(
        FailedCondition(ref, r.term, r.request_values) for r in results if r.outcome is False
    )
    if failed:
        return Outcome(ref, False, failed=failed, principal_match=match)
    open_terms = tuple(r.term for r in results if r.outcome is None)
    if resource is None or open_terms:
        return Outcome(ref, None, open_terms, principal_match=match)
    return Outcome(ref, True, principal_match=match)


def load_policies(
    kind: PolicyKind, values: Sequence[PolicyInput], notes: list[str]
) -> list[LoadedPolicy]:
    """Return the readable policies of ``values``; say in ``notes`` what could not be read."""
    loaded: list[LoadedPolicy] = []
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
            LoadedPolicy(
                kind, policy, statements_of(policy.document), version == _VARIABLES_VERSION
            )
        )
        for statement in statements_of(policy.document):
            block = statement.get("Condition")
            for name in block if isinstance(block, Mapping) else ():
                if not parse_operator(str(name)).known:
                    notes.append(f"{policy.name}: unknown condition operator {name!r}")
    return loaded
