"""The cross-account section of the config (docs/cross-account.md)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import (
    Field,
    model_validator,
)

from stacks.config._base import (
    AccountId,
    ExternalId,
    GroupName,
    IamName,
    IamPath,
    MfaMaxAge,
    OrgId,
    PolicyArn,
    Region,
    SessionDuration,
    StrictModel,
    rule_field,
)
from sts_constructs import validation as rules

if TYPE_CHECKING:
    pass


AccountName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,30}$")]


def _check_principal_name(field: str, value: str) -> str:
    """Check a role or user name, optionally after its path: ``deployer``, ``ci/deployer``."""
    path, _, name = value.rpartition("/")
    try:
        rules.validate_iam_name(field, name)
        rules.validate_iam_path(field, f"/{path}/" if path else "/")
    except ValueError:
        raise ValueError(
            f"{field}: {value!r} must be an IAM name, or a path and a name like 'ci/deployer'"
        ) from None
    return value


PrincipalName = Annotated[str, rule_field(_check_principal_name)]
_OU_ID = re.compile(r"^(?:ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$")


def _check_ou_id(field: str, value: str) -> str:
    """Check an organizational unit ID (``ou-ab12-cdefgh34``) or a root ID (``r-ab12``)."""
    if not _OU_ID.match(value):
        raise ValueError(f"{field}: {value!r} is not an OU ID like 'ou-ab12-cdefgh34' or 'r-ab12'")
    return value


OuId = Annotated[str, rule_field(_check_ou_id)]


class AccountConfig(StrictModel):
    """An AWS account of the app, by a short name the rest of ``cross_account`` uses."""

    name: AccountName
    """Short name (``tools``, ``prod``); stacks are named ``sts-<config>-<name>-...``."""
    id: AccountId
    """The 12-digit account ID."""
    region: Region
    """The one region the account's IAM stacks deploy to (IAM itself is global)."""


class GrantToConfig(StrictModel):
    """Who in the source account may assume the role; they get the sts:AssumeRole policy."""

    groups: list[GroupName] = []
    """Groups the source stack creates; their members (users) must sign in with MFA."""
    users: list[PrincipalName] = []
    """Existing users of the source account (``name`` or ``path/name``), trusted by name."""
    roles: list[PrincipalName] = []
    """Existing roles of the source account (``name`` or ``path/name``), trusted by name;
    workloads, so no MFA."""

    @model_validator(mode="after")
    def _names_someone(self) -> Self:
        if not self.groups and not self.users and not self.roles:
            raise ValueError("groups, users and roles are all empty: name who may assume it")
        for field, values in (("groups", self.groups), ("users", self.users)):
            rules.require_unique(field, [v.lower() for v in values])
        rules.require_unique("roles", [v.lower() for v in self.roles])
        return self


class ThirdPartyConfig(StrictModel):
    """A vendor's account that assumes the role; it must pass the ExternalId."""

    account: AccountId
    """The vendor's 12-digit account ID (not one of ``accounts``)."""
    external_id: ExternalId
    """The ``sts:ExternalId`` the vendor gave you (2-1224 characters of ``[\\w+=,.@:/-]``)."""
    roles: list[PrincipalName] = []
    """The vendor's roles that may assume it; omitted: any principal of the vendor account."""


class _CrossAccountRoleBase(StrictModel):
    role: IamName
    """The role's name; both halves derive its ARN from account, path and this name."""
    path: IamPath = "/"
    """IAM path of the role."""
    description: str | None = None
    """Shown in the IAM console."""
    max_session_duration: SessionDuration = 3600
    """Longest session a caller may ask for: ``1h`` to ``12h``."""
    permissions_boundary: PolicyArn | None = None
    """ARN of a managed policy that caps the role's permissions."""
    managed_policies: list[PolicyArn] = []
    """ARNs of managed policies to attach (what the role may do)."""
    require_mfa: bool = True
    """Require MFA of human principals (groups' members, users); roles never have it."""
    mfa_max_age: MfaMaxAge | None = None
    """Refuse MFA sign-ins older than this, e.g. ``1h``."""

    @model_validator(mode="after")
    def _mfa_age_needs_mfa(self) -> Self:
        if self.mfa_max_age is not None and not self.require_mfa:
            raise ValueError("mfa_max_age is set while require_mfa is false")
        return self


class CrossAccountAccessConfig(_CrossAccountRoleBase):
    """One cross-account access, declared once: the role in ``target``, the grant in
    ``source`` (first party), or the role alone for a ``third_party``."""

    target: AccountName
    """The account the role is created in."""
    source: AccountName | None = None
    """The account whose ``grant_to`` principals may assume it (first party)."""
    grant_to: GrantToConfig | None = None
    """Who in ``source`` may assume the role; required with ``source``."""
    third_party: ThirdPartyConfig | None = None
    """A vendor account instead of ``source``; requires its ExternalId."""

    @model_validator(mode="after")
    def _one_kind_of_source(self) -> Self:
        if (self.source is None) == (self.third_party is None):
            raise ValueError(
                "name exactly one of source (an account of yours) and third_party (a vendor)"
            )
        if self.source is not None and self.grant_to is None:
            raise ValueError(
                f"source: {self.source!r} without grant_to: name the groups, users or roles of "
                "the source account that may assume the role, or nobody can"
            )
        if self.third_party is not None and self.grant_to is not None:
            raise ValueError(
                "grant_to is set with third_party: the vendor grants its own principals in its "
                "own account; list its roles in third_party.roles"
            )
        if self.third_party is not None and "mfa_max_age" in self.model_fields_set:
            raise ValueError("mfa_max_age is set with third_party: third parties use ExternalId")
        return self


class StackSetConfig(StrictModel):
    """Where a CloudFormation StackSet deploys an organization-wide role."""

    admin: AccountName
    """The account that holds the StackSet: the management account or a delegated admin."""
    call_as: Literal["self", "delegated_admin"] = "self"
    """``self`` from the management account, ``delegated_admin`` from a delegated admin."""
    organizational_units: list[OuId] = []
    """Service-managed: every account of these OUs (``ou-...`` or the root ``r-...``)."""
    accounts: list[AccountId] = []
    """Self-managed: these accounts, for accounts outside an Organization."""
    region: Region | None = None
    """The one region the role is deployed from; omitted: the admin account's region."""
    auto_deployment: bool = True
    """Service-managed: accounts that join the OUs get the role, leavers lose it."""
    retain_stacks_on_account_removal: bool = False
    """Service-managed: keep the role in an account that leaves the OUs."""

    @model_validator(mode="after")
    def _one_kind_of_target(self) -> Self:
        if bool(self.organizational_units) == bool(self.accounts):
            raise ValueError(
                "name exactly one of organizational_units (service-managed, with automatic "
                "deployment) and accounts (self-managed)"
            )
        rules.require_unique("organizational_units", self.organizational_units)
        rules.require_unique("accounts", self.accounts)
        if self.accounts and self.call_as != "self":
            raise ValueError("call_as: 'delegated_admin' works only with organizational_units")
        if self.retain_stacks_on_account_removal and not self.auto_deployment:
            raise ValueError("retain_stacks_on_account_removal needs auto_deployment")
        return self


class OrganizationRoleConfig(_CrossAccountRoleBase):
    """A role in every account of chosen OUs (or named accounts), trusted by one central
    account and rolled out by a StackSet; the central account gets the grant."""

    source: AccountName
    """The central account whose ``grant_to`` principals may assume the role everywhere."""
    grant_to: GrantToConfig
    """Who in ``source`` may assume the role."""
    stack_set: StackSetConfig
    """Where the StackSet lives and what it deploys to."""


class CrossAccountConfig(StrictModel):
    """Accounts, the cross-account accesses between them and organization-wide roles."""

    organization_id: OrgId | None = None
    """Your AWS Organization: first-party trusts require ``aws:PrincipalOrgID``, grants on
    organization-wide roles ``aws:ResourceOrgID``."""
    accounts: list[AccountConfig]
    """The accounts the app deploys to, each with the one region of its IAM stacks."""
    access: list[CrossAccountAccessConfig] = []
    """Cross-account accesses, each declared once for both halves."""
    organization_roles: list[OrganizationRoleConfig] = []
    """Roles rolled out to many accounts by a StackSet."""

    def account(self, name: str) -> AccountConfig:
        """Return the account of a short name (the config is validated: it exists)."""
        return next(account for account in self.accounts if account.name == name)

    @model_validator(mode="after")
    def _halves_match(self) -> Self:
        names = [account.name for account in self.accounts]
        rules.require_unique("accounts[].name", names)
        by_id = {account.id: account for account in self.accounts}

        def known(field: str, name: str) -> AccountConfig:
            if name not in names:
                raise ValueError(
                    f"{field}: {name!r} is not in accounts (known: {', '.join(names)})"
                )
            return self.account(name)

        # IAM names are global per account, stacks regional: one creator per (account, name).
        roles: dict[tuple[str, str], tuple[str, AccountConfig]] = {}
        groups: dict[tuple[str, str], tuple[str, AccountConfig]] = {}

        def claim(
            table: dict[tuple[str, str], tuple[str, AccountConfig]],
            kind: str,
            field: str,
            account: AccountConfig,
            name: str,
        ) -> None:
            first = table.setdefault((account.id, name.lower()), (field, account))
            other = first[1]
            if first[0] == field or (kind == "group" and other.name == account.name):
                return  # One group in one stack serves several grants.
            where = (
                f"in {other.name} ({other.region}), the same account {account.id} as "
                f"{account.name} ({account.region}): IAM names are global per account, so "
                "create each named role from one region only"
                if other.name != account.name
                else f"in account {account.name}; IAM names are unique per account"
            )
            raise ValueError(f"{field}: {kind} {name!r} is already created by {first[0]} {where}")

        for i, access in enumerate(self.access):
            field = f"access[{i}]"
            target = known(f"{field}.target", access.target)
            claim(roles, "role", f"{field}.role", target, access.role)
            if access.third_party is not None:
                if access.third_party.account in by_id:
                    ours = by_id[access.third_party.account].name
                    raise ValueError(
                        f"{field}.third_party.account: {access.third_party.account!r} is "
                        f"{ours}, one of your accounts: use source: {ours} and grant_to"
                    )
                continue
            assert access.source is not None and access.grant_to is not None
            source = known(f"{field}.source", access.source)
            if source.id == target.id:
                raise ValueError(
                    f"{field}.source: {access.source!r} is the target account {target.id}; "
                    "cross-account access needs two accounts (use roles for one)"
                )
            for group in access.grant_to.groups:
                claim(groups, "group", f"{field}.grant_to.groups", source, group)
        for i, org_role in enumerate(self.organization_roles):
            field = f"organization_roles[{i}]"
            source = known(f"{field}.source", org_role.source)
            known(f"{field}.stack_set.admin", org_role.stack_set.admin)
            if org_role.stack_set.organizational_units and self.organization_id is None:
                raise ValueError(
                    f"{field}.stack_set.organizational_units: set without "
                    "cross_account.organization_id: the grant allows the role in every account "
                    "of your organization (aws:ResourceOrgID), so name it"
                )
            for (account_id, name), (other, _) in roles.items():
                if name == org_role.role.lower() and (
                    org_role.stack_set.organizational_units
                    or account_id in org_role.stack_set.accounts
                ):
                    raise ValueError(
                        f"{field}.role: {org_role.role!r} is also created by {other} in account "
                        f"{account_id}, which the StackSet may reach; IAM names are unique "
                        "per account"
                    )
            if source.id in org_role.stack_set.accounts:
                raise ValueError(
                    f"{field}.stack_set.accounts: {source.id!r} is the source account "
                    f"{source.name}; the role trusts it from the other accounts"
                )
            for group in org_role.grant_to.groups:
                claim(groups, "group", f"{field}.grant_to.groups", source, group)
        rules.require_unique(
            "organization_roles[].role", [r.role.lower() for r in self.organization_roles]
        )
        return self
