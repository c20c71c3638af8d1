"""The AWS Organization the emulator holds, in moto's Organizations backend.

A config's cross-account section names its organization (``organization_id``) and its
accounts; trusts condition on ``aws:PrincipalOrgID``. The emulator creates that organization
in the management account's Organizations backend with the config's own IDs (moto would pick
random ones), and fills ``aws:PrincipalOrgID`` for every caller of a member account.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from moto.organizations.models import FakeAccount, organizations_backends

__all__ = ["create_organization", "organization_of"]


def create_organization(
    *, organization_id: str, management_account_id: str, accounts: Mapping[str, str]
) -> list[str]:
    """Create (or extend) the organization; ``accounts`` maps account ID -> name.

    Return the member account IDs. Raises ``ValueError`` when the management account
    already holds another organization.
    """
    backend: Any = organizations_backends[management_account_id]["aws"]
    if backend.org is None:
        backend.create_organization(region="us-east-1", FeatureSet="ALL")
        organization: Any = backend.org
        organization.id = organization_id
        for account in backend.accounts:
            account.organization_id = organization_id
    elif backend.org.id != organization_id:
        raise ValueError(
            f"organization_id: {organization_id!r}; account {management_account_id} already "
            f"manages {backend.org.id}"
        )
    known = {account.id for account in backend.accounts}
    for account_id, name in accounts.items():
        if account_id in known:
            continue
        account = FakeAccount(backend.org, AccountName=name, Email=f"{name}@example.com")
        account.id = account_id
        account.joined_method = "INVITED"
        backend.accounts.append(account)
    return sorted(account.id for account in backend.accounts)


def organization_of(account_id: str) -> str | None:
    """Return the ID of the organization ``account_id`` belongs to, or None."""
    for account in list(organizations_backends.values()):
        for backend in account.values():
            if backend.org is not None and any(a.id == account_id for a in backend.accounts):
                return str(backend.org.id)
    return None
