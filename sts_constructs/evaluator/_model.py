"""Requests, principals, policies and decisions: the evaluator's plain-data shapes."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ._conditions import ConditionTerm
from ._context import Context, ContextValue

__all__ = [
    "Decision",
    "FailedCondition",
    "Policy",
    "PolicyInput",
    "PolicyKind",
    "Principal",
    "PrincipalType",
    "Request",
    "StatementRef",
]

PrincipalType = Literal[
    "User",
    "AssumedRole",
    "FederatedUser",
    "Root",
    "Service",
    "WebIdentity",
    "SAML",
    "Anonymous",
]
PolicyKind = Literal["identity", "resource", "boundary", "session", "scp", "rcp"]

# OIDC issuers STS knows by name (the legacy Federated principals).
_LEGACY_WEB_IDENTITY = frozenset(
    {
        "accounts.google.com",
        "graph.facebook.com",
        "www.amazon.com",
        "cognito-identity.amazonaws.com",
    }
)
_ARN = re.compile(r"arn:([^:]*):(iam|sts)::([^:]*):(.*)", re.DOTALL)

# aws:PrincipalType values: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype
_PRINCIPAL_TYPE_KEY: Mapping[str, str] = {
    "User": "User",
    "AssumedRole": "AssumedRole",
    "FederatedUser": "FederatedUser",
    "Root": "Account",
    "Anonymous": "Anonymous",
}


@dataclass(frozen=True)
class Principal:
    """Describe who makes a request.

    ``arn`` is what ``GetCallerIdentity`` would return: a user ARN, an assumed-role session
    ARN (``arn:aws:sts::111111111111:assumed-role/Name/session``), a federated-user ARN, an
    account's ``:root``; for a service, its principal name (``ec2.amazonaws.com``); for a
    web identity or SAML caller, the provider ARN (or a legacy issuer name such as
    ``accounts.google.com``). ``type`` is inferred from ``arn`` when left out.
    ``role_arn`` is the role of an assumed-role session (default: built from the session
    ARN, without the role's path). ``tags`` are the principal's tags and session tags
    (``aws:PrincipalTag/...``).
    """

    arn: str
    type: PrincipalType | None = None
    account: str | None = None
    role_arn: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        match = _ARN.fullmatch(self.arn)
        if self.type is None:
            object.__setattr__(self, "type", _infer_type(self.arn, match))
        if self.account is None and match is not None:
            object.__setattr__(self, "account", match.group(3) or None)
        if self.role_arn is None and self.type == "AssumedRole" and match is not None:
            resource = match.group(4)
            parts = resource.split("/")
            if parts[0] == "assumed-role" and len(parts) >= 2:
                role = f"arn:{match.group(1)}:iam::{match.group(3)}:role/{parts[1]}"
                object.__setattr__(self, "role_arn", role)
            elif parts[0] == "role":
                object.__setattr__(self, "role_arn", self.arn)

    @property
    def kind(self) -> PrincipalType:
        """Return the principal type (never ``None`` after construction)."""
        assert self.type is not None
        return self.type

    @property
    def has_identity_policies(self) -> bool:
        """Return whether IAM evaluates identity policies for this caller.

        Services, web identity and SAML callers and anonymous callers have none: a
        resource (trust) policy that names them is enough on its own.
        """
        return self.kind in ("User", "AssumedRole", "FederatedUser", "Root")

    @property
    def principal_arn(self) -> str:
        """Return the value of ``aws:PrincipalArn``: the role's ARN for a role session."""
        if self.kind == "AssumedRole" and self.role_arn:
            return self.role_arn
        return self.arn

    def context_keys(self) -> dict[str, ContextValue]:
        """Return the global condition keys that describe this principal."""
        keys: dict[str, ContextValue] = {}
        type_key = _PRINCIPAL_TYPE_KEY.get(self.kind)
        if type_key is not None:
            keys["aws:PrincipalType"] = type_key
            keys["aws:PrincipalArn"] = self.principal_arn
            if self.account:
                keys["aws:PrincipalAccount"] = self.account
        if self.kind == "User":
            keys["aws:username"] = self.arn.rsplit("/", 1)[-1]
        if self.kind == "Service":
            keys["aws:PrincipalIsAWSService"] = True
            keys["aws:PrincipalServiceName"] = self.arn
        elif type_key is not None:
            keys["aws:PrincipalIsAWSService"] = False
        for name, value in self.tags.items():
            keys[f"aws:PrincipalTag/{name}"] = value
        return keys


def _infer_type(arn: str, match: re.Match[str] | None) -> PrincipalType:
    if arn in ("*", "anonymous"):
        return "Anonymous"
    if arn in _LEGACY_WEB_IDENTITY:
        return "WebIdentity"
    if match is None:
        return "Service" if arn.endswith((".amazonaws.com", ".amazonaws.com.cn")) else "User"
    resource = match.group(4)
    if resource == "root":
        return "Root"
    kind = resource.split("/", 1)[0]
    return {
        "user": "User",
        "assumed-role": "AssumedRole",
        "role": "AssumedRole",
        "federated-user": "FederatedUser",
        "oidc-provider": "WebIdentity",
        "saml-provider": "SAML",
    }.get(kind, "User")  # type: ignore[return-value]


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
        """Return the reference as plain data."""
        return {
            "kind": self.kind,
            "policy": self.policy,
            "index": self.index,
            "sid": self.sid,
            "effect": self.effect,
        }


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
