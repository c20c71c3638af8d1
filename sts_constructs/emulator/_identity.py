"""Who signed a request, in the emulator's process: the caller's policies and context keys.

Built from moto's IAM backends and the emulator's own session registry, for the evaluator.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from moto.iam.models import iam_backends
from moto.sts.models import sts_backends

from sts_constructs.emulator._clock import CLOCK
from sts_constructs.emulator._organization import organization_of
from sts_constructs.emulator._sessions import SESSIONS, Session

__all__ = ["Identity", "identity_of", "managed_document", "role_documents", "user_documents"]

IdentityKind = Literal["user", "assumed-role", "federated-user", "session-token"]


@dataclass(frozen=True)
class Identity:
    """The caller of a request as IAM decides it."""

    kind: IdentityKind
    arn: str  # The caller: user, assumed-role session or federated user.
    account_id: str
    principal_arn: str  # aws:PrincipalArn (the role for a role session).
    identity_policies: tuple[dict[str, Any], ...]
    boundary: dict[str, Any] | None
    session_policies: tuple[dict[str, Any], ...]
    context: dict[str, Any]  # aws:* keys the caller brings to every request.
    session: Session | None = field(default=None, repr=False)
    user_name: str | None = None
    mfa_serials: tuple[str, ...] = ()  # The MFA devices of an IAM user caller.


def _load(document: Any) -> dict[str, Any]:
    parsed = json.loads(document) if isinstance(document, str) else document
    return dict(parsed)


def managed_document(backend: Any, arn: str) -> dict[str, Any] | None:
    """Return the default version of the managed policy ``arn``, or None when unknown."""
    policy = backend.managed_policies.get(arn)
    if policy is None:
        for account in list(iam_backends.values()):  # AWS managed policies live in every one
            for partition_backend in account.values():
                policy = partition_backend.managed_policies.get(arn)
                if policy is not None:
                    break
            if policy is not None:
                break
    if policy is None:
        return None
    version = next((v for v in policy.versions if v.is_default), None)
    return None if version is None else _load(version.document)


def user_documents(backend: Any, user: Any) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Return a user's identity policies (own and groups', inline and managed), boundary."""
    documents = [_load(d) for d in user.policies.values()]
    documents += [d for arn in user.managed_policies if (d := managed_document(backend, arn))]
    for group in backend.get_groups_for_user(user.name):
        documents += [_load(d) for d in group.policies.values()]
        documents += [d for arn in group.managed_policies if (d := managed_document(backend, arn))]
    boundary_arn = getattr(user, "permissions_boundary_arn", None) or getattr(
        user, "permissions_boundary", None
    )
    boundary = managed_document(backend, boundary_arn) if isinstance(boundary_arn, str) else None
    return documents, boundary


def role_documents(backend: Any, role: Any) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Return a role's identity policies (inline and managed) and its boundary."""
    documents = [_load(d) for d in role.policies.values()]
    documents += [d for arn in role.managed_policies if (d := managed_document(backend, arn))]
    boundary_arn = role.permissions_boundary_arn
    boundary = managed_document(backend, boundary_arn) if boundary_arn else None
    return documents, boundary


def _tags(items: Any) -> dict[str, str]:
    if isinstance(items, dict):
        return {v["Key"]: v["Value"] for v in items.values()}
    return {t["Key"]: t["Value"] for t in items or []}


def _base_context(arn: str, principal_arn: str, account_id: str, user_id: str) -> dict[str, Any]:
    now = CLOCK.now()
    context: dict[str, Any] = {
        "aws:PrincipalArn": principal_arn,
        "aws:PrincipalAccount": account_id,
        "aws:userid": user_id,
        "aws:CurrentTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:EpochTime": str(int(now.timestamp())),
        # The emulator speaks plain HTTP on 127.0.0.1 (docs/EMULATOR.md).
        "aws:SecureTransport": "false",
    }
    organization = organization_of(account_id)
    if organization is not None:
        context["aws:PrincipalOrgID"] = organization
    return context


def _session_context(session: Session) -> dict[str, Any]:
    now = CLOCK.now()
    context: dict[str, Any] = {
        "aws:TokenIssueTime": session.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:MultiFactorAuthPresent": "true" if session.mfa_authenticated_at else "false",
    }
    if session.mfa_authenticated_at is not None:
        age = int((now - session.mfa_authenticated_at).total_seconds())
        context["aws:MultiFactorAuthAge"] = str(max(age, 0))
    for key, value in session.tags.items():
        context[f"aws:PrincipalTag/{key}"] = value
    if session.source_identity:
        context["aws:SourceIdentity"] = session.source_identity
    context.update(session.federated_context)
    return context


def identity_of(access_key_id: str, *, partition: str = "aws") -> Identity | None:
    """Return the caller behind ``access_key_id``, or None for a key no one owns."""
    session = SESSIONS.get(access_key_id)
    if session is not None:
        backend = iam_backends[session.account_id][partition]
        context = _base_context(
            session.arn, session.principal_arn, session.account_id, session.user_id
        )
        context.update(_session_context(session))
        if session.kind == "assumed-role" and session.role_name is not None:
            role = backend.get_role(session.role_name)
            documents, boundary = role_documents(backend, role)
            context.update({f"aws:PrincipalTag/{k}": v for k, v in _tags(role.tags).items()})
            context.update(_session_context(session))  # session tags win over role tags
            context["aws:PrincipalType"] = "AssumedRole"
        else:
            owner = backend.get_user(str(session.user_name))
            documents, boundary = user_documents(backend, owner)
            context["aws:PrincipalType"] = (
                "FederatedUser" if session.kind == "federated-user" else "User"
            )
            context["aws:username"] = owner.name
        return Identity(
            kind=session.kind,
            arn=session.arn,
            account_id=session.account_id,
            principal_arn=session.principal_arn,
            identity_policies=tuple(documents),
            boundary=boundary,
            session_policies=session.session_policies,
            context=context,
            session=session,
            user_name=session.user_name,
        )
    for account_id, account in list(iam_backends.items()):
        found: Any = account.get(partition)
        if found is None or access_key_id not in found.access_keys:
            continue
        backend = found
        user: Any = backend.get_user_from_access_key_id(access_key_id)
        if user is None:
            # A temporary key moto made (an assumed role the emulator did not register).
            for assumed in sts_backends[account_id][partition].assumed_roles:
                if assumed.access_key_id == access_key_id:
                    return _moto_assumed_role(backend, assumed)
            return None
        documents, boundary = user_documents(backend, user)
        context = _base_context(user.arn, user.arn, account_id, user.id)
        context.update({"aws:username": user.name, "aws:PrincipalType": "User"})
        user_tags = _tags(backend.list_user_tags(user.name))
        context.update({f"aws:PrincipalTag/{k}": v for k, v in user_tags.items()})
        return Identity(
            kind="user",
            arn=user.arn,
            account_id=account_id,
            principal_arn=user.arn,
            identity_policies=tuple(documents),
            boundary=boundary,
            session_policies=(),
            context=context,
            user_name=user.name,
            mfa_serials=tuple(user.mfa_devices),
        )
    return None


def _moto_assumed_role(backend: Any, assumed: Any) -> Identity:
    """An assumed role moto issued while enforcement was off (the emulator's own setup)."""
    role_name = assumed.role_arn.split("/")[-1]
    documents: list[dict[str, Any]] = []
    boundary = None
    if any(r.name == role_name for r in backend.get_roles()):
        documents, boundary = role_documents(backend, backend.get_role(role_name))
    context = _base_context(assumed.arn, assumed.role_arn, assumed.account_id, assumed.user_id)
    context["aws:PrincipalType"] = "AssumedRole"
    return Identity(
        kind="assumed-role",
        arn=assumed.arn,
        account_id=assumed.account_id,
        principal_arn=assumed.role_arn,
        identity_policies=tuple(documents),
        boundary=boundary,
        session_policies=(),
        context=context,
    )
