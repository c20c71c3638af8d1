"""Cross-account stacks: one per account side, plus the StackSets of organization-wide roles.

From one ``cross_account`` declaration the app emits, per account of the config:

- ``sts-<config>-<account>-roles``: the roles other accounts may assume (the target side);
- ``sts-<config>-<account>-grants``: the groups and policies that let this account's
  principals assume roles elsewhere (the source side);
- ``sts-<config>-<account>-stacksets``: the StackSets of organization-wide roles, in the
  management or delegated-admin account.

An account with more roles or grants than CloudFormation's limits allow in one stack gets
several of that side (``sts-<config>-<account>-2-roles``, ...), placed by a stable key
(``stacks._placement``). Every stack has an explicit account and region, and every name is
derived from the config, so no stack reads another's outputs and they deploy in any order,
except that a grants stack after the first deploys after it (the first holds the groups).
The halves are checked against each other before anything is synthesized.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from aws_cdk import CfnOutput, Duration, Environment, Stack, Stage
from aws_cdk import aws_iam as iam
from constructs import Construct

from stacks._errors import EntryError, collect
from stacks._names import grant_id, organization_grant_ids, pascal
from stacks._placement import check_placement, part_key, stack_count, stack_index
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
from sts_constructs.validation import STACK_OUTPUTS_MAX, STACK_RESOURCES_MAX

__all__ = [
    "CrossAccountGrantsStack",
    "CrossAccountRolesStack",
    "CrossAccountStacks",
    "OrganizationStackSetsStack",
    "add_cross_account_stacks",
    "role_stack_count",
    "role_stack_index",
    "stack_count",
    "stack_index",
]

MAX_OUTPUTS_PER_STACK = STACK_OUTPUTS_MAX
"""CloudFormation's outputs per stack (``sts_constructs.validation.STACK_OUTPUTS_MAX``).
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"""
MAX_ROLES_PER_STACK = MAX_OUTPUTS_PER_STACK
"""One output per role."""
ROLES_PER_STACK = MAX_ROLES_PER_STACK // 2
"""Roles per roles stack on average: each role has one output, so half of the outputs a stack
may hold leaves room for hash imbalance."""
MAX_GRANTS_PER_STACK = STACK_RESOURCES_MAX - 1
"""CloudFormation's resources per stack (``STACK_RESOURCES_MAX``), less CDK's ``CDKMetadata``."""
GRANTS_PER_STACK = STACK_RESOURCES_MAX // 2
"""Grants per grants stack on average: each grant is one ``AWS::IAM::Policy``, so half the
resources leave room for hash imbalance and the account's groups (in its first grants stack)."""

S = TypeVar("S", bound=Stack)


class _PartStack(Stack):
    """A stack of one account's side, ``part`` of ``parts``: it holds the items whose key
    ``stack_index`` places here (``_compose``, in the subclass, adds them)."""

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
        super().__init__(scope, construct_id, **kwargs)
        self.part = part
        """This stack's index among the account's stacks of its side (0: the first)."""
        self.parts = parts
        """How many stacks the account's side has."""
        self._compose(config, account)

    def _compose(self, config: CrossAccountConfig, account: AccountConfig) -> None:
        raise NotImplementedError

    def _holds(self, key: str) -> bool:
        return stack_index(key, self.parts) == self.part


class CrossAccountRolesStack(_PartStack):
    """Compose the target side of one account: the roles other accounts may assume (``part``
    of ``parts``: only the roles ``role_stack_index`` places here)."""

    def _compose(self, config: CrossAccountConfig, account: AccountConfig) -> None:
        self.roles: dict[str, CrossAccountRole] = {}
        collect(
            (f"cross_account.access[{i}]", partial(self._add_role, config, access))
            for i, access in enumerate(config.access)
            if access.target == account.name and self._holds(access.role)
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


@dataclass(frozen=True)
class _GrantSpec:
    """One grant of a source account: its key (placement and ``grants``), construct ID, the
    principals it names and ``CrossAccountGrant``'s other arguments."""

    key: str
    construct_id: str
    grant_to: GrantToConfig
    props: dict[str, Any]


def _grant_specs(config: CrossAccountConfig, account: str) -> list[_GrantSpec]:
    """Return the grants of ``account``: per access entry and per organization-wide role (one
    per account of a self-managed StackSet, keyed ``role@account``)."""
    specs = [
        _GrantSpec(
            access.role,
            grant_id(access.role),
            access.grant_to,
            {
                "role_name": access.role,
                "role_path": access.path,
                "target_account_id": config.account(access.target).id,
            },
        )
        for access in config.access
        if access.source == account and access.grant_to is not None
    ]
    for org_role in config.organization_roles:
        if org_role.source != account:
            continue
        props = {
            "role_name": org_role.role,
            "role_path": org_role.path,
            "organization_id": config.organization_id,
        }
        if org_role.stack_set.organizational_units:
            # Accounts join the OUs later: any account of the organization, by name.
            (construct_id,) = organization_grant_ids(org_role.role, target_accounts=None)
            specs.append(_GrantSpec(org_role.role, construct_id, org_role.grant_to, props))
            continue
        # A self-managed StackSet names its accounts: one exact ARN per account.
        targets = list(org_role.stack_set.accounts)
        for target_id, construct_id in zip(
            targets, organization_grant_ids(org_role.role, target_accounts=targets), strict=True
        ):
            specs.append(
                _GrantSpec(
                    f"{org_role.role}@{target_id}",
                    construct_id,
                    org_role.grant_to,
                    {**props, "target_account_id": target_id},
                )
            )
    return specs


def _groups(specs: Sequence[_GrantSpec]) -> list[str]:
    """The groups the grants name, each once, in the order they are first named."""
    return list(dict.fromkeys(name for spec in specs for name in spec.grant_to.groups))


class CrossAccountGrantsStack(_PartStack):
    """Compose the source side of one account: who here may assume which roles elsewhere.

    ``part`` of ``parts``: hold only the grants ``stack_index`` places here (by key). The
    account's groups all live in part 0 (with their outputs); the other parts attach their
    policies to them by name and deploy after part 0.
    """

    def _compose(self, config: CrossAccountConfig, account: AccountConfig) -> None:
        self._principals: dict[str, Grantee] = {}
        self.groups: dict[str, iam.IGroup] = {}
        """The groups this part's grants name (part 0: every group of the account)."""
        self._owns_groups = self.part == 0
        self.grants: dict[str, CrossAccountGrant] = {}
        """By role name; ``role@account`` for each account of a self-managed StackSet."""
        specs = _grant_specs(config, account.name)
        for spec in specs:
            if self._holds(spec.key):
                self.grants[spec.key] = CrossAccountGrant(
                    self, spec.construct_id, grantees=self._grantees(spec.grant_to), **spec.props
                )
        if not self._owns_groups:
            return
        for name in _groups(specs):
            self._group(name)
        for name, group in self.groups.items():
            CfnOutput(self, f"{pascal(name)}GroupName", value=group.group_name)

    def _group(self, name: str) -> iam.IGroup:
        if name not in self.groups:
            construct_id = f"Group{pascal(name)}"
            self.groups[name] = (
                iam.Group(self, construct_id, group_name=name)
                if self._owns_groups
                else iam.Group.from_group_name(self, construct_id, name)
            )
        return self.groups[name]

    def _grantees(self, grant_to: GrantToConfig) -> list[Grantee]:
        grantees: list[Grantee] = [self._group(name) for name in grant_to.groups]
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


class OrganizationStackSetsStack(_PartStack):
    """Compose the StackSets of organization-wide roles, in the account that administers them
    (one stack per account: the StackSets are few)."""

    def __init__(
        self, scope: Construct, construct_id: str, *, config_name: str, **kwargs: Any
    ) -> None:
        self._config_name = config_name
        super().__init__(scope, construct_id, **kwargs)

    def _compose(self, config: CrossAccountConfig, account: AccountConfig) -> None:
        self.stack_sets: dict[str, OrganizationStackSet | SelfManagedStackSet] = {}
        self.roles: dict[str, CrossAccountRole] = {}
        collect(
            (
                f"cross_account.organization_roles[{i}]",
                partial(
                    self._rollout,
                    config,
                    org_role,
                    stack_set_name(self._config_name, org_role.role),
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
    """The first grants stack of each account: it holds the account's groups."""
    grant_parts: dict[str, list[CrossAccountGrantsStack]] = field(default_factory=dict)
    """Every grants stack of each account, in ``stack_index`` order."""
    stack_sets: dict[str, OrganizationStackSetsStack] = field(default_factory=dict)


def add_cross_account_stacks(
    scope: Stage, *, name: str, config: CrossAccountConfig
) -> CrossAccountStacks:
    """Add the stacks of ``config`` to ``scope`` and check their halves against each other."""
    stacks = CrossAccountStacks()
    stack_names: dict[str, str] = {}
    targets = {access.target for access in config.access}
    admins = {org_role.stack_set.admin for org_role in config.organization_roles}
    for account in config.accounts:
        side = partial(_account_stack, scope=scope, app_name=name, config=config, account=account)
        if account.name in targets:
            declared = [a.role for a in config.access if a.target == account.name]
            parts = check_placement(
                account.name,
                declared,
                kind="roles",
                per_stack=ROLES_PER_STACK,
                limit=MAX_ROLES_PER_STACK,
                rule="CloudFormation's outputs per stack, one per role",
            )
            stacks.role_parts[account.name] = _parts(
                side, CrossAccountRolesStack, "roles", parts, stack_names, name, account.name
            )
            stacks.roles[account.name] = stacks.role_parts[account.name][0]
        specs = _grant_specs(config, account.name)
        if specs:
            groups = len(_groups(specs))
            if groups > MAX_OUTPUTS_PER_STACK:
                raise EntryError(
                    f"cross_account.accounts: account {account.name!r}: its grants name "
                    f"{groups} groups, above CloudFormation's {MAX_OUTPUTS_PER_STACK} outputs "
                    "per stack (one per group, all in its first grants stack)"
                )
            parts = check_placement(
                account.name,
                [spec.key for spec in specs],
                kind="grants",
                per_stack=GRANTS_PER_STACK,
                limit=MAX_GRANTS_PER_STACK,
                reserved=groups,
                rule="CloudFormation's resources per stack, one per grant, less one for CDK's "
                "metadata and, in the first, one per group",
            )
            grant_parts = _parts(
                side, CrossAccountGrantsStack, "grants", parts, stack_names, name, account.name
            )
            for stack in grant_parts[1:]:
                if stack.groups:
                    stack.add_stack_dependency(grant_parts[0], "it attaches policies to its groups")
            stacks.grant_parts[account.name] = grant_parts
            stacks.grants[account.name] = grant_parts[0]
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
        grants=[
            grant
            for parts in stacks.grant_parts.values()
            for stack in parts
            for grant in stack.grants.values()
        ],
    )
    return stacks


def _parts(
    side: Callable[..., S],
    stack_class: type[S],
    kind: CrossAccountStackKind,
    parts: int,
    stack_names: dict[str, str],
    app_name: str,
    account: str,
) -> list[S]:
    """Add an account's ``parts`` stacks of ``kind`` (construct ``...Roles``, ``...Roles2``...;
    stack ``sts-<config>-<account>-roles``, ``sts-<config>-<account>-2-roles``...)."""
    for part in range(parts):
        stack_name = cross_account_stack_name(app_name, part_key(account, part), kind)
        other = stack_names.setdefault(stack_name, account)
        if other != account:
            raise EntryError(
                f"cross_account.accounts: accounts {other!r} and {account!r} both need the "
                f"{kind} stack {stack_name!r}; rename one of them"
            )
    about = {
        "roles": "roles that other accounts assume.",
        "grants": "who may assume roles in other accounts.",
    }[kind]
    return [
        side(
            stack_class,
            kind=kind,
            suffix=f"{kind.capitalize()}{part + 1 if part else ''}",
            key=part_key(account, part),
            about=about,
            part=part,
            parts=parts,
        )
        for part in range(parts)
    ]


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


def role_stack_count(roles: int) -> int:
    """Return how many roles stacks an account of ``roles`` roles gets: ``stack_count`` at
    ``ROLES_PER_STACK`` roles per stack on average."""
    return stack_count(roles, ROLES_PER_STACK)


role_stack_index = stack_index
"""The roles stack of a role: ``stack_index`` of its name."""


def _first_party(role: CrossAccountAccessConfig | OrganizationRoleConfig) -> FirstParty:
    return FirstParty(
        require_mfa=role.require_mfa,
        mfa_max_age=Duration.seconds(role.mfa_max_age) if role.mfa_max_age is not None else None,
    )
