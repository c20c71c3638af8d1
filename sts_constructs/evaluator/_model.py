"""Requests, policies and decisions: the evaluator's plain-data shapes."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ._conditions import ConditionTerm
from ._context import Context, ContextValue
from ._principal import Principal

__all__ = [
    "Decision",
    "FailedCondition",
    "Policy",
    "PolicyInput",
    "PolicyKind",
    "Request",
    "StatementRef",
]

PolicyKind = Literal["identity", "resource", "boundary", "session", "scp", "rcp"]


@dataclass(frozen=True)
class Request:
    """Describe one request: the action, the resource, who asks, and the condition keys.

    ``principal`` may be a :class:`Principal` or its ARN. ``context`` maps condition key
    names (any case) to a value or a list of values (multi-valued keys such as
    ``aws:TagKeys``); the principal's own keys (``aws:PrincipalArn``, ``aws:username``,
    ``aws:PrincipalTag/...``) are added where the context does not set them.
    ``resource_account`` is the account that owns the resource (default: the account in
    ``resource``'s ARN; a resource without one, such as an S3 bucket, is taken to be in the
    principal's account). ``partial=True`` is symbolic mode: keys not given are unknown.
    ``trust_policy`` says whether the resource policy is a role's trust policy, which
    must let the caller in even when an identity policy allows (default: true for an
    ``sts:`` action on a role ARN). ``unknown_keys`` names principal keys (such as
    ``aws:PrincipalArn``) not to derive from ``principal``: in symbolic mode they stay open.
    """

    action: str
    resource: str = "*"
    principal: Principal | str | None = None
    context: Context | Mapping[str, ContextValue] = field(default_factory=dict)
    resource_account: str | None = None
    partial: bool = False
    # Whether the resource policy is a role's trust policy, which must always let the
    # caller in (default: an sts: action on a role ARN).
    trust_policy: bool | None = None
    # Symbolic mode: principal keys not to derive from ``principal`` (it stands for any
    # identity of its account, or its ARN's path is not known).
    unknown_keys: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if isinstance(self.principal, str):
            object.__setattr__(self, "principal", Principal(self.principal))
        context = self.context
        if not isinstance(context, Context):
            context = Context.of(context, partial=self.partial)
        if isinstance(self.principal, Principal):
            hidden = {key.lower() for key in self.unknown_keys}
            derived = {
                key: value
                for key, value in self.principal.context_keys().items()
                if key.lower() not in hidden
            }
            context = context.merged(derived)
        object.__setattr__(self, "context", context)
        if self.resource_account is None:
            match = _ARN_ANY.fullmatch(self.resource)
            if match and match.group(1):
                object.__setattr__(self, "resource_account", match.group(1))

    @property
    def caller(self) -> Principal | None:
        """Return the principal (always a :class:`Principal` after construction)."""
        assert not isinstance(self.principal, str)
        return self.principal

    @property
    def conditions(self) -> Context:
        """Return the context (always a :class:`Context` after construction)."""
        assert isinstance(self.context, Context)
        return self.context


_ARN_ANY = re.compile(r"arn:[^:]*:[^:]*:[^:]*:(\d{12})?:.*", re.DOTALL)


@dataclass(frozen=True)
class Policy:
    """A policy document (parsed JSON) with the name decisions quote it by."""

    document: Mapping[str, Any]
    name: str = ""


# A Policy, a parsed document, its JSON text, or an AWS managed policy's name or ARN.
PolicyInput = Policy | Mapping[str, Any] | str


@dataclass(frozen=True)
class StatementRef:
    """Point at one statement: which policy (kind and name), its index and ``Sid``."""

    kind: PolicyKind
    policy: str
    index: int
    sid: str | None
    effect: str

    def __str__(self) -> str:
        which = f"'{self.sid}'" if self.sid else str(self.index)
        name = f" '{self.policy}'" if self.policy else ""
        if self.kind == "resource" and self.policy in ("trust", "resource"):
            return f"{self.policy} policy statement {which}"
        return f"{self.kind} policy{name} statement {which}"

    def to_json(self) -> dict[str, Any]:
        """Return the reference as plain data: its fields by name."""
        return asdict(self)


@dataclass(frozen=True)
class FailedCondition:
    """A condition that kept an otherwise matching ``Allow`` statement from applying."""

    statement: StatementRef
    term: ConditionTerm
    request_values: tuple[str, ...] | None  # None: the key was absent

    def __str__(self) -> str:
        have = "absent" if self.request_values is None else list(self.request_values)
        return f"{self.statement}: {self.term} failed (request: {have})"

    def to_json(self) -> dict[str, Any]:
        """Return the failed condition as plain data."""
        return {
            **self.term.to_json(),
            "statement": self.statement.to_json(),
            "request_values": None if self.request_values is None else list(self.request_values),
        }


@dataclass(frozen=True)
class Decision:
    """The answer: ``allowed``, a one-line ``reason``, and the evidence.

    ``allowed_by`` lists the ``Allow`` statements that granted the request (empty when
    denied); ``denied_by`` the ``Deny`` statements that matched (an explicit deny);
    ``failed_conditions`` each condition that kept an ``Allow`` statement from applying;
    ``notes`` what the evaluator could not read (an unknown managed policy, an undocumented
    operator).
    """

    allowed: bool
    reason: str
    allowed_by: tuple[StatementRef, ...] = ()
    denied_by: tuple[StatementRef, ...] = ()
    failed_conditions: tuple[FailedCondition, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def effect(self) -> Literal["Allow", "ExplicitDeny", "ImplicitDeny"]:
        """Return ``Allow``, ``ExplicitDeny`` or ``ImplicitDeny``."""
        if self.allowed:
            return "Allow"
        return "ExplicitDeny" if self.denied_by else "ImplicitDeny"

    def __bool__(self) -> bool:
        return self.allowed

    def to_json(self) -> dict[str, Any]:
        """Return the decision as plain data (JSON-serialisable)."""
        return {
            "allowed": self.allowed,
            "effect": self.effect,
            "reason": self.reason,
            "allowed_by": [s.to_json() for s in self.allowed_by],
            "denied_by": [s.to_json() for s in self.denied_by],
            "failed_conditions": [c.to_json() for c in self.failed_conditions],
            "notes": list(self.notes),
        }


def load_document(value: PolicyInput, *, default_name: str) -> tuple[Policy | None, str | None]:
    """Return the policy for ``value``, or ``(None, note)`` when it cannot be read."""
    from .managed import aws_managed_policy, is_managed_policy_reference

    if isinstance(value, Policy):
        return value, None
    if isinstance(value, Mapping):
        return Policy(value, default_name), None
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):
            try:
                parsed = json.loads(text)
            except ValueError:
                return None, f"{default_name}: not valid JSON"
            if not isinstance(parsed, dict):
                return None, f"{default_name}: not a policy document"
            return Policy(parsed, default_name), None
        if is_managed_policy_reference(text):
            document, note = aws_managed_policy(text)
            if document is None:
                return None, note
            return Policy(document, text), None
        return None, f"{default_name}: {text!r} is neither a policy document nor a policy ARN"
    return None, f"{default_name}: not a policy document"


def as_sequence(value: PolicyInput | Sequence[PolicyInput] | None) -> list[PolicyInput]:
    """Return a single policy or a sequence of them as a list."""
    if value is None:
        return []
    if isinstance(value, Policy | Mapping | str):
        return [value]
    return list(value)
