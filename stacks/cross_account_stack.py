"""Cross-account stacks: one per account side, plus the StackSets of organization-wide roles.

From one ``cross_account`` declaration the app emits, per account of the config:

- ``sts-<config>-<account>-roles``: the roles other accounts may assume (the target side);
- ``sts-<config>-<account>-grants``: the groups and policies that let this account's
  principals assume roles elsewhere (the source side);
- ``sts-<config>-<account>-stacksets``: the StackSets of organization-wide roles, in the
  management or delegated-admin account.

Every stack has an explicit account and region, and every name is derived from the config,
so no stack reads another's outputs and they deploy in any order. The halves are checked
against each other before anything is synthesized.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from aws_cdk import CfnOutput, Duration, Environment, Stack, Stage
from aws_cdk import aws_iam as iam
from constructs import Construct

from stacks._errors import EntryError, collect
from stacks._names import pascal
from stacks._roles import config_role
from stacks.config import (
    AccountConfig,
    CrossAccountAccessConfig,
    CrossAccountConfig,
    GrantToConfig,
    OrganizationRoleConfig,
)
from sts_constructs import (
    CrossAccountGrant,
    CrossAccountRole,
    FirstParty,
    Grantee,
    OrganizationStackSet,
    SelfManagedStackSet,
    StackSetCallAs,
    ThirdParty,
    acknowledge,
    verify_cross_account,
)
from sts_constructs.conventions import (
    CrossAccountStackKind,
    cross_account_stack_name,
    stack_set_name,
)

__all__ = [
    "CrossAccountGrantsStack",
    "CrossAccountRolesStack",
    "CrossAccountStacks",
    "OrganizationStackSetsStack",
    "add_cross_account_stacks",
    "role_stack_count",
    "role_stack_index",
]

ROLES_PER_STACK = 100
"""Roles per roles stack on average: each role has one output and CloudFormation allows 200
outputs (and 500 resources) per stack, so half of it leaves room for hash imbalance.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"""
MAX_ROLES_PER_STACK = 200
"""CloudFormation's 200 outputs per stack, one per role."""

S = TypeVar("S", bound=Stack)


class CrossAccountRolesStack(Stack):
    """Compose the target side of one account: the roles other accounts may assume."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: CrossAccountConfig,
        account: AccountConfig,
        part: int = 0,
        parts: int = 1,
        **kwargs: Any,
    ) -> None:
        """``part`` of ``parts``: hold only the roles ``role_stack_index`` places here."""
        super().__init__(scope, construct_id, **kwargs)
        self.roles: dict[str, CrossAccountRole] = {}
        collect(
            (f"cross_account.access[{i}]", partial(self._add_role, config, access))
            for i, access in enumerate(config.access)
            if access.target == account.name and role_stack_index(access.role, parts) == part
        )

    def _add_role(self, config: CrossAccountConfig, access: CrossAccountAccessConfig) -> None:
        try:
            self.roles[access.role] = self._role(config, access)
        except ValueError as error:
            if not str(error).startswith("trust:"):
                raise
            # The trust names each principal by ARN; past the quota, name the account once.
            fix = (
                "trust the vendor's account (third_party.roles empty) with its ExternalId"
                if access.third_party is not None
                else "name fewer principals, or use grant_to.groups: the trust then names the "
                "source account once (with aws:PrincipalOrgID when cross_account."
                "organization_id is set)"
            )
            raise ValueError(f"role {access.role!r}: {error}; {fix}") from None

    def _role(
        self, config: CrossAccountConfig, access: CrossAccountAccessConfig
    ) -> CrossAccountRole:
        if access.third_party is not None:
            source_account = access.third_party.account
            mode: FirstParty | ThirdParty = ThirdParty(external_id=access.third_party.external_id)
            trusted_roles: Sequence[str] = access.third_party.roles
            trusted_users: Sequence[str] = ()
            trust_source_account = False
        else:
            assert access.source is not None and access.grant_to is not None
            source_account = config.account(access.source).id
            mode = _first_party(access)
            grant_to = access.grant_to
            trusted_roles = grant_to.roles
            # A group's members are users the trust cannot name: the account is trusted (with
            # MFA), and the group's policy is what lets them in.
            trust_source_account = bool(grant_to.groups)
            trusted_users = () if trust_source_account else grant_to.users
        role = config_role(
            CrossAccountRole,
            self,
            access,
            access.role,
            source_account_id=source_account,
            access=mode,
            trusted_roles=trusted_roles,
            trusted_users=trusted_users,
            trust_source_account=trust_source_account,
            principal_org_id=config.organization_id if access.third_party is None else None,
        )
        if access.third_party is None and config.organization_id is None:
            acknowledge(
                role.role.resource,
                "STS-TRUST2",
                f"First-party access from {access.source}, an account of this config: the "
                "ExternalId protects against a third party's confused deputy, which does not "
                "apply; set cross_account.organization_id to add aws:PrincipalOrgID.",
            )
        return role


class CrossAccountGrantsStack(Stack):
    """Compose the source side of one account: who here may assume which roles elsewhere."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: CrossAccountConfig,
        account: AccountConfig,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self._principals: dict[str, Grantee] = {}
        self.groups: dict[str, iam.Group] = {}
        self.grants: dict[str, CrossAccountGrant] = {}
        """By role name; ``role@account`` for each account of a self-managed StackSet."""
        for access in config.access:
            if access.source == account.name:
                assert access.grant_to is not None
                target = config.account(access.target)
                self.grants[access.role] = CrossAccountGrant(
                    self,
                    f"Grant{pascal(access.role)}",
                    role_name=access.role,
                    role_path=access.path,
                    target_account_id=target.id,
                    grantees=self._grantees(access.grant_to),
                )
        for org_role in config.organization_roles:
            if org_role.source != account.name:
                continue
            key = pascal(org_role.role)
            grantees = self._grantees(org_role.grant_to)
            if org_role.stack_set.organizational_units:
                # Accounts join the OUs later: any account of the organization, by name.
                self.grants[org_role.role] = CrossAccountGrant(
                    self,
                    f"OrganizationGrant{key}",
                    role_name=org_role.role,
                    role_path=org_role.path,
                    organization_id=config.organization_id,
                    grantees=grantees,
                )
                continue
            # A self-managed StackSet names its accounts: one exact ARN per account.
            for target_id in org_role.stack_set.accounts:
                self.grants[f"{org_role.role}@{target_id}"] = CrossAccountGrant(
                    self,
                    f"OrganizationGrant{key}{target_id}",
                    role_name=org_role.role,
                    role_path=org_role.path,
                    target_account_id=target_id,
                    organization_id=config.organization_id,
                    grantees=grantees,
                )
        for name, group in self.groups.items():
            CfnOutput(self, f"{pascal(name)}GroupName", value=group.group_name)

    def _grantees(self, grant_to: GrantToConfig) -> list[Grantee]:
        grantees: list[Grantee] = []
        for name in grant_to.groups:
            if name not in self.groups:
                self.groups[name] = iam.Group(self, f"Group{pascal(name)}", group_name=name)
            grantees.append(self.groups[name])
        for kind, names in (("Role", grant_to.roles), ("User", grant_to.users)):
            for path_and_name in names:
                name = path_and_name.rpartition("/")[2]
                key = f"{kind}:{name.lower()}"
                if key not in self._principals:
                    construct_id = f"Existing{kind}{pascal(name)}"
                    self._principals[key] = (
                        iam.Role.from_role_name(self, construct_id, name)
                        if kind == "Role"
                        else iam.User.from_user_name(self, construct_id, name)
                    )
                grantees.append(self._principals[key])
        return grantees


class OrganizationStackSetsStack(Stack):
    """Compose the StackSets of organization-wide roles, in the account that administers them."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: CrossAccountConfig,
        account: AccountConfig,
        config_name: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.stack_sets: dict[str, OrganizationStackSet | SelfManagedStackSet] = {}
        self.roles: dict[str, CrossAccountRole] = {}
        collect(
            (
                f"cross_account.organization_roles[{i}]",
                partial(
                    self._rollout, config, org_role, stack_set_name(config_name, org_role.role)
                ),
            )
            for i, org_role in enumerate(config.organization_roles)
            if org_role.stack_set.admin == account.name
        )

    def _rollout(
        self, config: CrossAccountConfig, org_role: OrganizationRoleConfig, stack_set_name: str
    ) -> None:
        key = pascal(org_role.role)
        stack_set = org_role.stack_set
        regions = [stack_set.region] if stack_set.region else None
        description = f"sts-constructs: the role {org_role.role}, trusted by {org_role.source}."
        rollout: OrganizationStackSet | SelfManagedStackSet
        if stack_set.organizational_units:
            rollout = OrganizationStackSet(
                self,
                f"StackSet{key}",
                stack_set_name=stack_set_name,
                organizational_unit_ids=stack_set.organizational_units,
                regions=regions,
                auto_deployment=stack_set.auto_deployment,
                retain_stacks_on_account_removal=stack_set.retain_stacks_on_account_removal,
                call_as=StackSetCallAs(stack_set.call_as.upper()),
                description=description,
            )
        else:
            rollout = SelfManagedStackSet(
                self,
                f"StackSet{key}",
                stack_set_name=stack_set_name,
                accounts=stack_set.accounts,
                regions=regions,
                description=description,
            )
        template = rollout.template
        source = config.account(org_role.source)
        grant_to = org_role.grant_to
        trust_source_account = bool(grant_to.groups)
        role = config_role(
            CrossAccountRole,
            template,
            org_role,
            org_role.role,
            construct_id="Role",
            output=False,
            source_account_id=source.id,
            access=_first_party(org_role),
            trusted_roles=grant_to.roles,
            trusted_users=() if trust_source_account else grant_to.users,
            trust_source_account=trust_source_account,
            principal_org_id=config.organization_id,
        )
        self.stack_sets[org_role.role] = rollout
        self.roles[org_role.role] = role
        CfnOutput(self, f"{key}StackSetName", value=stack_set_name)


@dataclass
class CrossAccountStacks:
    """The stacks of a ``cross_account`` config, by account name."""

    roles: dict[str, CrossAccountRolesStack] = field(default_factory=dict)
    """The first roles stack of each account (the only one below ``ROLES_PER_STACK`` roles)."""
    role_parts: dict[str, list[CrossAccountRolesStack]] = field(default_factory=dict)
    """Every roles stack of each account, in ``role_stack_index`` order."""
    grants: dict[str, CrossAccountGrantsStack] = field(default_factory=dict)
    stack_sets: dict[str, OrganizationStackSetsStack] = field(default_factory=dict)


def add_cross_account_stacks(
    scope: Stage, *, name: str, config: CrossAccountConfig
) -> CrossAccountStacks:
    """Add the stacks of ``config`` to ``scope`` and check their halves against each other."""
    stacks = CrossAccountStacks()
    role_stack_names: dict[str, str] = {}
    targets = {access.target for access in config.access}
    sources = {access.source for access in config.access if access.source is not None}
    sources |= {org_role.source for org_role in config.organization_roles}
    admins = {org_role.stack_set.admin for org_role in config.organization_roles}
    for account in config.accounts:
        side = partial(_account_stack, scope=scope, app_name=name, config=config, account=account)
        if account.name in targets:
            declared = [a.role for a in config.access if a.target == account.name]
            parts = _check_placement(account.name, declared)
            for part in range(parts):
                stack_name = cross_account_stack_name(name, _part_key(account.name, part), "roles")
                other = role_stack_names.setdefault(stack_name, account.name)
                if other != account.name:
                    raise EntryError(
                        f"cross_account.accounts: accounts {other!r} and {account.name!r} "
                        f"both need the roles stack {stack_name!r}; rename one of them"
                    )
            stacks.role_parts[account.name] = [
                side(
                    CrossAccountRolesStack,
                    kind="roles",
                    suffix=f"Roles{part + 1 if part else ''}",
                    key=_part_key(account.name, part),
                    about="roles that other accounts assume.",
                    part=part,
                    parts=parts,
                )
                for part in range(parts)
            ]
            stacks.roles[account.name] = stacks.role_parts[account.name][0]
        if account.name in sources:
            stacks.grants[account.name] = side(
                CrossAccountGrantsStack,
                kind="grants",
                suffix="Grants",
                about="who may assume roles in other accounts.",
            )
        if account.name in admins:
            stacks.stack_sets[account.name] = side(
                OrganizationStackSetsStack,
                kind="stacksets",
                suffix="StackSets",
                about="StackSets of organization-wide roles.",
                config_name=name,
            )
    verify_cross_account(
        roles=[
            *(
                role
                for parts in stacks.role_parts.values()
                for stack in parts
                for role in stack.roles.values()
            ),
            *(role for stack in stacks.stack_sets.values() for role in stack.roles.values()),
        ],
        grants=[grant for stack in stacks.grants.values() for grant in stack.grants.values()],
    )
    return stacks


def _account_stack(
    stack_class: Callable[..., S],
    *,
    scope: Stage,
    app_name: str,
    config: CrossAccountConfig,
    account: AccountConfig,
    kind: CrossAccountStackKind,
    suffix: str,
    about: str,
    key: str | None = None,
    **props: Any,
) -> S:
    """Add a stack of ``account`` (in its account and region): construct
    ``Sts<App><Account><suffix>``, stack ``cross_account_stack_name(app_name, key, kind)``
    (``key`` defaults to the account's name)."""
    return stack_class(
        scope,
        f"Sts{pascal(app_name)}{pascal(account.name)}{suffix}",
        stack_name=cross_account_stack_name(app_name, key or account.name, kind),
        description=f"sts-constructs '{app_name}': {about}",
        env=Environment(account=account.id, region=account.region),
        config=config,
        account=account,
        **props,
    )


def _part_key(account: str, part: int) -> str:
    """The stack-name key of an account's roles stack ``part`` (0 is the account's name)."""
    return f"{account}-{part + 1}" if part else account


def role_stack_count(roles: int) -> int:
    """Return how many roles stacks an account of ``roles`` roles gets.

    The smallest power of two that keeps ``ROLES_PER_STACK`` roles per stack on average. The
    count changes only when an account's roles cross ``ROLES_PER_STACK`` times a power of two;
    until then adding or removing a role moves no other role (``role_stack_index``).
    """
    count = 1
    while count * ROLES_PER_STACK < roles:
        count *= 2
    return count


def role_stack_index(role_name: str, stacks: int) -> int:
    """Return the roles stack (0 to ``stacks`` - 1) of a role: a hash of its name.

    The key is the role's name in lower case (IAM names are unique case-insensitively), so a
    role's stack depends on its own name and the stack count only, never on other roles.
    """
    digest = hashlib.sha256(role_name.lower().encode()).digest()
    return int.from_bytes(digest[:8], "big") % stacks


def _check_placement(account: str, roles: Sequence[str]) -> int:
    """Return the account's roles stack count; refuse a stack over CloudFormation's limits."""
    parts = role_stack_count(len(roles))
    counts = [0] * parts
    for role in roles:
        counts[role_stack_index(role, parts)] += 1
    fullest = max(range(parts), key=counts.__getitem__)
    if counts[fullest] > MAX_ROLES_PER_STACK:
        raise EntryError(
            f"cross_account.accounts: account {account!r}: {counts[fullest]} roles fall in its "
            f"roles stack {fullest + 1} of {parts}, above CloudFormation's "
            f"{MAX_ROLES_PER_STACK} outputs per stack; rename roles or split the account"
        )
    return parts


def _first_party(role: CrossAccountAccessConfig | OrganizationRoleConfig) -> FirstParty:
    return FirstParty(
        require_mfa=role.require_mfa,
        mfa_max_age=Duration.seconds(role.mfa_max_age) if role.mfa_max_age is not None else None,
    )
