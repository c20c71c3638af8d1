"""The trust-policy builder every role construct uses.

The document is built as plain Python data and handed to CloudFormation in one call: each
call into CDK's Node.js process costs milliseconds, a dict operation microseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias, runtime_checkable

from aws_cdk import Duration
from aws_cdk import aws_iam as iam

from sts_constructs._arguments import check_fields
from sts_constructs._policy_values import one_or_list
from sts_constructs.validation import (
    require_unique,
    validate_account_id,
    validate_external_id,
    validate_mfa_max_age,
    validate_principal_org_id,
    validate_service_principal,
    validate_session_tag_key,
    validate_trusted_principal,
)

__all__ = ["PolicyDocument", "Trust", "TrustPolicySource", "TrustedPrincipal"]

PolicyDocument: TypeAlias = dict[str, Any]
# An account ID, an IAM ARN, a user or role (of this app or imported), or an AWS principal.
TrustedPrincipal: TypeAlias = "str | iam.IUser | iam.IRole | iam.IPrincipal"


@runtime_checkable
class TrustPolicySource(Protocol):
    """Anything that renders a role's trust policy (``Trust``, federation presets)."""

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        ...


@dataclass(frozen=True, kw_only=True)
class Trust:
    """Define who may assume a role (``sts:AssumeRole``) and on which conditions.

    Conditions apply to the AWS principals; service principals get a statement of their own.
    See https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html
    """

    principals: Sequence[TrustedPrincipal] = ()
    """AWS principals: 12-digit account IDs (any principal of that account whose own policy
    allows it), IAM user or role ARNs, ``iam.IUser``/``iam.IRole`` objects (made here or
    imported with ``from_role_arn``), or ``iam.IPrincipal`` objects with an ``AWS`` principal
    (``iam.ArnPrincipal``, ``iam.AccountPrincipal``). ``*`` and wildcard ARNs are refused in
    every form. Default: none."""

    services: Sequence[str] = ()
    """Service principals such as ``ec2.amazonaws.com``. Default: none."""

    require_mfa: bool = True
    """Require ``aws:MultiFactorAuthPresent`` (``Bool``, so a call without MFA context is
    refused). Default: True. Pass False for workloads that cannot use MFA (roles, CI)."""

    mfa_max_age: Duration | None = None
    """Refuse MFA sessions older than this (``aws:MultiFactorAuthAge``); needs
    ``require_mfa``. Default: any age within the session."""

    external_id: str | None = None
    """Require this ``sts:ExternalId`` (third-party access). Default: no ExternalId."""

    principal_org_id: str | None = None
    """Require callers from this AWS Organization (``aws:PrincipalOrgID``). Default: any."""

    principal_arns: Sequence[str] = ()
    """Require the caller's ``aws:PrincipalArn`` to match one of these (``ArnLike``); pairs
    with an account principal to name roles that may not exist yet. Default: no condition."""

    session_tag_keys: Sequence[str] | None = None
    """Allow ``sts:TagSession`` with exactly these tag keys. Default: session tags refused."""

    allow_source_identity: bool = False
    """Allow ``sts:SetSourceIdentity``. Default: False."""

    source_account: str | None = None
    """For service principals: require ``aws:SourceAccount`` (confused-deputy protection).
    Default: no condition."""

    def __post_init__(self) -> None:
        """Raise ``TypeError`` for a field of the wrong type, ``ValueError`` for a bad value."""
        check_fields(self)
        if not self.principals and not self.services:
            raise ValueError("trust: principals=[] and services=[]: name at least one of them")
        for i, principal in enumerate(self.principals):
            for arn in _arns(f"principals[{i}]", principal):
                validate_trusted_principal(f"principals[{i}]", arn)
        for i, service in enumerate(self.services):
            validate_service_principal(f"services[{i}]", service)
        require_unique("services", self.services)
        if self.mfa_max_age is not None:
            if not self.require_mfa:
                raise ValueError(
                    "mfa_max_age: set while require_mfa=False; an MFA age limit needs MFA"
                )
            validate_mfa_max_age("mfa_max_age", self.mfa_max_age.to_seconds())
        if self.external_id is not None:
            validate_external_id("external_id", self.external_id)
        if self.principal_org_id is not None:
            validate_principal_org_id("principal_org_id", self.principal_org_id)
        if self.session_tag_keys is not None:
            if not self.session_tag_keys:
                raise ValueError(
                    "session_tag_keys: [] allows no tag; pass None to refuse session tags"
                )
            for i, key in enumerate(self.session_tag_keys):
                validate_session_tag_key(f"session_tag_keys[{i}]", key)
            require_unique("session_tag_keys", self.session_tag_keys)
        if self.source_account is not None:
            if not self.services:
                raise ValueError("source_account: set without services; it guards services only")
            validate_account_id("source_account", self.source_account)

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        statements: list[dict[str, Any]] = []
        if self.principals:
            arns = [arn for i, p in enumerate(self.principals) for arn in _arns(str(i), p)]
            principal = {"AWS": one_or_list(arns)}
            conditions = self._principal_conditions()
            actions = ["sts:AssumeRole"]
            if self.allow_source_identity:
                actions.append("sts:SetSourceIdentity")
            statements.append(
                _statement("TrustedPrincipals", principal, one_or_list(actions), conditions)
            )
            if self.session_tag_keys is not None:
                tag_conditions = {
                    **conditions,
                    # aws:TagKeys is multi-valued: ForAllValues is the right operator here.
                    "ForAllValues:StringEquals": {"aws:TagKeys": list(self.session_tag_keys)},
                }
                statements.append(
                    _statement("SessionTags", principal, "sts:TagSession", tag_conditions)
                )
        if self.services:
            service_conditions: dict[str, Any] = {}
            if self.source_account is not None:
                service_conditions["StringEquals"] = {"aws:SourceAccount": self.source_account}
            statements.append(
                _statement(
                    "TrustedServices",
                    {"Service": one_or_list(self.services)},
                    "sts:AssumeRole",
                    service_conditions,
                )
            )
        return {"Version": "2012-10-17", "Statement": statements}

    def _principal_conditions(self) -> dict[str, Any]:
        conditions: dict[str, Any] = {}
        if self.require_mfa:
            # Bool, never BoolIfExists: a call without MFA context must not pass.
            conditions["Bool"] = {"aws:MultiFactorAuthPresent": "true"}
            if self.mfa_max_age is not None:
                max_age = str(int(self.mfa_max_age.to_seconds()))
                conditions["NumericLessThan"] = {"aws:MultiFactorAuthAge": max_age}
        equals: dict[str, str] = {}
        if self.external_id is not None:
            equals["sts:ExternalId"] = self.external_id
        if self.principal_org_id is not None:
            equals["aws:PrincipalOrgID"] = self.principal_org_id
        if equals:
            conditions["StringEquals"] = equals
        if self.principal_arns:
            conditions["ArnLike"] = {"aws:PrincipalArn": one_or_list(self.principal_arns)}
        return conditions


def _arns(field: str, principal: TrustedPrincipal) -> list[str]:
    """Return what a principal puts in ``Principal.AWS``: its ARN (or account ID)."""
    if isinstance(principal, str):
        return [principal]
    for attribute in ("role_arn", "user_arn"):
        arn = getattr(principal, attribute, None)
        if isinstance(arn, str):
            return [arn]
    # Any other IPrincipal (ArnPrincipal, AccountPrincipal, AnyPrincipal): its policy fragment.
    fragment = getattr(principal, "policy_fragment", None)
    principal_json = getattr(fragment, "principal_json", None) or {}
    aws = principal_json.get("AWS")
    if any("*" in values for values in principal_json.values()):
        return ["*"]  # AnyPrincipal, StarPrincipal: refused as the wildcard they are.
    if not aws or set(principal_json) != {"AWS"}:
        raise ValueError(
            f"{field}: {principal!r} is not an AWS principal (an account, user or role); "
            "name service principals in services"
        )
    return [str(value) for value in aws]


def _statement(
    sid: str, principal: dict[str, Any], action: str | list[str], conditions: dict[str, Any]
) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": principal,
        "Action": action,
    }
    if conditions:
        statement["Condition"] = conditions
    return statement
