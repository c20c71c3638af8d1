"""How config names become construct IDs and output keys (both are public API).

The stacks build their IDs with these functions, and the config checks that no two entries
claim one ID in one stack (``stacks.config._references``): CDK would stop with a stack trace.
Each ``*_ids`` function lists every ID an entry adds directly under its stack.
"""

from __future__ import annotations

import re
from typing import Final

from sts_constructs.conventions import access_key_secret_output_key, role_arn_output_key

__all__ = [
    "SANDBOX_BUCKET_IDS",
    "broker_ids",
    "existing_principal_id",
    "grant_id",
    "group_ids",
    "instance_role_ids",
    "mfa_group_ids",
    "mfa_group_member_id",
    "oidc_provider_ids",
    "organization_grant_ids",
    "pascal",
    "role_ids",
    "saml_provider_ids",
    "stack_set_ids",
    "user_ids",
]

_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")

SANDBOX_BUCKET_IDS: Final = ("SandboxBucket", "SandboxBucketName")
"""The sandbox bucket and its output."""


def pascal(name: str) -> str:
    """Return ``sts-user`` as ``StsUser``: the form construct IDs and output keys use."""
    return "".join(part[:1].upper() + part[1:] for part in _SEPARATORS.split(name))


def _managed(prefix: str, count: int) -> list[str]:
    return [f"{prefix}Managed{i}" for i in range(count)]


def user_ids(name: str, *, access_key: bool, console_password: bool) -> list[str]:
    """A sandbox user: ``User<Name>``, the outputs ``<Name>Name`` and its secrets' ARNs."""
    key = pascal(name)
    return [
        f"User{key}",
        f"{key}Name",
        *([access_key_secret_output_key(key)] if access_key else []),
        *([f"{key}PasswordSecretArn"] if console_password else []),
    ]


def role_ids(name: str, *, boundary: bool, managed_policies: int) -> list[str]:
    """A role: ``Role<Name>``, its boundary and managed policies, the output ``<Name>RoleArn``."""
    key = pascal(name)
    return [
        f"Role{key}",
        *([f"Role{key}Boundary"] if boundary else []),
        *_managed(f"Role{key}", managed_policies),
        role_arn_output_key(key),
    ]


def instance_role_ids(name: str, *, managed_policies: int) -> list[str]:
    """An instance role: ``InstanceRole<Name>``, its policies, its role and profile outputs."""
    key = pascal(name)
    return [
        f"InstanceRole{key}",
        *_managed(key, managed_policies),
        role_arn_output_key(key),
        f"{key}InstanceProfileName",
    ]


def oidc_provider_ids(name: str) -> list[str]:
    """An OIDC provider the stack creates: ``OidcProvider<Name>`` and its ARN output."""
    key = pascal(name)
    return [f"OidcProvider{key}", f"{key}OidcProviderArn"]


def saml_provider_ids(name: str) -> list[str]:
    """A SAML provider: ``SamlProvider<Name>`` and its ARN output."""
    key = pascal(name)
    return [f"SamlProvider{key}", f"{key}SamlProviderArn"]


def broker_ids(name: str, *, permission_ceiling: int) -> list[str]:
    """A GetFederationToken broker: ``Broker<Name>``, its ceiling, its user and secret outputs."""
    key = pascal(name)
    return [
        f"Broker{key}",
        *_managed(f"Broker{key}", permission_ceiling),
        f"{key}UserName",
        access_key_secret_output_key(key),
    ]


def mfa_group_ids(name: str, *, managed_policies: int) -> list[str]:
    """An MFA session group: ``MfaGroup<Name>``, its policies and the output ``<Name>GroupName``."""
    key = pascal(name)
    return [f"MfaGroup{key}", *_managed(f"MfaGroup{key}", managed_policies), f"{key}GroupName"]


def mfa_group_member_id(group: str, member: str) -> str:
    """The reference to an existing user an MFA session group adds."""
    return f"MfaGroup{pascal(group)}Member{pascal(member)}"


def grant_id(role: str) -> str:
    """The grant of a cross-account access, in the source account's grants stack."""
    return f"Grant{pascal(role)}"


def organization_grant_ids(role: str, *, target_accounts: list[str] | None) -> list[str]:
    """The grants of an organization-wide role: one, or one per account of a self-managed set."""
    key = pascal(role)
    if target_accounts is None:
        return [f"OrganizationGrant{key}"]
    return [f"OrganizationGrant{key}{account}" for account in target_accounts]


def group_ids(name: str) -> list[str]:
    """A group of a grants stack and its output."""
    key = pascal(name)
    return [f"Group{key}", f"{key}GroupName"]


def existing_principal_id(kind: str, name: str) -> str:
    """The reference to an existing role (``kind`` ``roles``) or user of the source account."""
    return f"Existing{'Role' if kind == 'roles' else 'User'}{pascal(name)}"


def stack_set_ids(role: str) -> list[str]:
    """The StackSet of an organization-wide role and its name output."""
    key = pascal(role)
    return [f"StackSet{key}", f"{key}StackSetName"]
