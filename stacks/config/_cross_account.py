"""The cross-account section of the config (docs/cross-account.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from stacks.config._base import (
    AccountId,
    ExternalId,
    GroupName,
    IamName,
    MfaMaxAge,
    OrgId,
    Region,
    RoleSettings,
    ShortName,
    StrictModel,
    flag,
    repeated,
    rule_field,
)
from sts_constructs import validation as rules
from sts_constructs.validation import quote_value

AccountName = ShortName


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
OuId = Annotated[str, rule_field(rules.validate_organizational_unit_id)]


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

    @classmethod
    def _entry_problems(cls, data: Mapping[str, Any]) -> list[str]:
        if not data.get("groups") and not data.get("users") and not data.get("roles"):
            return ["groups, users and roles are all empty: name who may assume it"]
        return [
            problem
            for field in ("groups", "users", "roles")
            if (problem := repeated(field, data.get(field), ignore_case=True)) is not None
        ]


class ThirdPartyConfig(StrictModel):
    """A vendor's account that assumes the role; it must pass the ExternalId."""

    account: AccountId
    """The vendor's 12-digit account ID (not one of ``accounts``)."""
    external_id: ExternalId
    """The ``sts:ExternalId`` the vendor gave you (2-1224 characters of ``[\\w+=,.@:/-]``)."""
    roles: list[PrincipalName] = []
    """The vendor's roles that may assume it; omitted: any principal of the vendor account."""


class _CrossAccountRoleBase(RoleSettings):
    role: IamName
    """The role's name; both halves derive its ARN from account, path and this name."""
    require_mfa: bool = True
    """Require MFA of human principals (groups' members, users); roles never have it."""
    mfa_max_age: MfaMaxAge | None = None
    """Refuse MFA sign-ins older than this, e.g. ``1h``."""

    @classmethod
    def _entry_problems(cls, data: Mapping[str, Any]) -> list[str]:
        if data.get("mfa_max_age") is not None and flag(data, "require_mfa", True) is False:
            return ["mfa_max_age is set while require_mfa is false"]
        return []


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

    @classmethod
    def _entry_problems(cls, data: Mapping[str, Any]) -> list[str]:
        problems = super()._entry_problems(data)
        source, third_party = data.get("source"), data.get("third_party")
        if (source is None) == (third_party is None):
            problems.append(
                "name exactly one of source (an account of yours) and third_party (a vendor)"
            )
        if source is not None and data.get("grant_to") is None:
            problems.append(
                f"source: {quote_value(source)} without grant_to: name the groups, users or "
                "roles of the source account that may assume the role, or nobody can"
            )
        if third_party is not None and data.get("grant_to") is not None:
            problems.append(
                "grant_to is set with third_party: the vendor grants its own principals in its "
                "own account; list its roles in third_party.roles"
            )
        if third_party is not None and "mfa_max_age" in data:
            problems.append("mfa_max_age is set with third_party: third parties use ExternalId")
        return problems


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

    @classmethod
    def _entry_problems(cls, data: Mapping[str, Any]) -> list[str]:
        problems = []
        organizational_units, accounts = data.get("organizational_units"), data.get("accounts")
        if bool(organizational_units) == bool(accounts):
            problems.append(
                "name exactly one of organizational_units (service-managed, with automatic "
                "deployment) and accounts (self-managed)"
            )
        for field in ("organizational_units", "accounts"):
            if (problem := repeated(field, data.get(field), ignore_case=True)) is not None:
                problems.append(problem)
        if accounts and data.get("call_as", "self") != "self":
            problems.append("call_as: 'delegated_admin' works only with organizational_units")
        if (
            flag(data, "retain_stacks_on_account_removal", False) is True
            and flag(data, "auto_deployment", True) is False
        ):
            problems.append("retain_stacks_on_account_removal needs auto_deployment")
        return problems


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
