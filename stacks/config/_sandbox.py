"""The sandbox section of the config: users, roles and instance roles."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from stacks.config._base import (
    ExternalId,
    IamName,
    IamPath,
    ManagedPolicies,
    MfaMaxAge,
    OrgId,
    RoleSettings,
    SessionDuration,
    StrictModel,
    TagKey,
    TrustedPrincipal,
    TrustPolicyMaxChars,
    flag,
)
from sts_constructs import validation as rules


class BucketAccess(StrEnum):
    """What a role may do with the sandbox bucket."""

    NONE = "none"
    READ = "read"


class UserConfig(StrictModel):
    """An IAM user with no permissions of its own; roles name it in ``trusted_users``."""

    name: IamName
    """The IAM user name (unique per account)."""
    path: IamPath = "/"
    """IAM path of the user and its group."""
    access_key: bool = False
    """Create an access key, kept in Secrets Manager (never in an output)."""
    console_password: bool = False
    """Create a console password in Secrets Manager; IAM requires a reset at first sign-in."""
    enforce_mfa: bool = False
    """Deny everything but MFA self-service until the user signs in with MFA."""


class RoleConfig(RoleSettings):
    """A role that IAM users or principals may assume through STS."""

    name: IamName
    """The IAM role name (unique per account)."""
    trusted_users: list[IamName] = []
    """Names of users in ``users`` that may assume the role; they get the grant too."""
    trusted_principals: list[TrustedPrincipal] = []
    """Other trusted principals: 12-digit account IDs or IAM user/role ARNs."""
    require_mfa: bool = True
    """Require MFA (``aws:MultiFactorAuthPresent``) to assume the role."""
    mfa_max_age: MfaMaxAge | None = None
    """Refuse MFA sign-ins older than this, e.g. ``1h``."""
    external_id: ExternalId | None = None
    """Require this ``sts:ExternalId`` (third-party access)."""
    principal_org_id: OrgId | None = None
    """Require callers from this AWS Organization."""
    session_tag_keys: list[TagKey] | None = None
    """Allow session tags with exactly these keys; omitted: session tags refused."""
    allow_source_identity: bool = False
    """Allow callers to set a source identity."""
    sandbox_bucket: BucketAccess = BucketAccess.NONE
    """Access to the sandbox bucket: ``none`` or ``read``."""
    trust_policy_max_chars: TrustPolicyMaxChars = rules.TRUST_POLICY_MAX_CHARS
    """The account's trust-policy size quota, if raised (at most IAM's hard maximum, 4096)."""

    @classmethod
    def _entry_problems(cls, data: Mapping[str, Any]) -> list[str]:
        problems = []
        if not data.get("trusted_users") and not data.get("trusted_principals"):
            problems.append(
                "trusted_users and trusted_principals are both empty: name who may assume it"
            )
        if data.get("mfa_max_age") is not None and flag(data, "require_mfa", True) is False:
            problems.append("mfa_max_age is set while require_mfa is false")
        return problems


class InstanceRoleConfig(StrictModel):
    """An EC2 instance role and its instance profile."""

    name: IamName
    """The IAM role name; the instance profile gets the same name."""
    path: IamPath = "/"
    """IAM path of the role and the profile."""
    max_session_duration: SessionDuration = 3600
    """Longest session: ``1h`` to ``12h``."""
    sandbox_bucket: BucketAccess = BucketAccess.NONE
    """Access to the sandbox bucket: ``none`` or ``read``."""
    managed_policies: ManagedPolicies = []
    """ARNs of managed policies to attach (at most 10 without a quota increase, 20 with)."""
