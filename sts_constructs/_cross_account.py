"""Cross-account access: the role in the target account and the grant in the source account.

The two halves meet through names, never through references: the grant computes the role's
ARN from the target account, the role's path and its name, so neither stack needs the other's
outputs and they deploy in any order.
See https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_cross-account-with-roles.html
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias, cast

import jsii
from aws_cdk import Aws, Duration, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._acknowledge import acknowledge
from sts_constructs._arguments import check_arguments, check_fields
from sts_constructs._assumable_role import AssumableRole
from sts_constructs._role_interface import RoleMethods
from sts_constructs._role_resource import RoleResource
from sts_constructs._trust import PolicyDocument, Trust
from sts_constructs.validation import (
    is_unresolved,
    require_unique,
    validate_account_id,
    validate_external_id,
    validate_iam_name,
    validate_iam_path,
    validate_partition,
    validate_principal_org_id,
)

__all__ = [
    "CrossAccountGrant",
    "CrossAccountRole",
    "FirstParty",
    "Grantee",
    "ThirdParty",
    "cross_account_role_arn",
    "verify_cross_account",
]

# A group, user or role of the source account.
Grantee: TypeAlias = "iam.IGroup | iam.IUser | iam.IRole"


@dataclass(frozen=True, kw_only=True)
class FirstParty:
    """Define first-party access: the source account is one of your own.

    Human principals (named users, and the source account as a whole, which is how the members
    of a group get in) must have signed in with MFA; named roles are workloads and cannot.
    """

    require_mfa: bool = True
    """Require ``aws:MultiFactorAuthPresent`` for human principals. Default: True. Pass False
    only where no person assumes the role (or the local emulator, which cannot check MFA)."""

    mfa_max_age: Duration | None = None
    """Refuse MFA sign-ins older than this; needs ``require_mfa``. Default: any age."""

    def __post_init__(self) -> None:
        check_fields(self)
        if self.mfa_max_age is not None and not self.require_mfa:
            raise ValueError("mfa_max_age: set while require_mfa=False; an MFA age limit needs MFA")


@dataclass(frozen=True, kw_only=True)
class ThirdParty:
    """Define third-party access: a vendor's account assumes the role on your behalf.

    The vendor must pass the ``sts:ExternalId`` it gave you, which keeps it from being tricked
    into using your role for another customer (the confused deputy).
    See https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
    """

    external_id: str
    """The ExternalId the third party gave you: 2-1224 characters of letters, digits and
    ``+=,.@:/_-``. Required: third-party access is refused without one."""

    def __post_init__(self) -> None:
        check_fields(self)
        if not self.external_id:
            raise ValueError(
                f"external_id: {self.external_id!r}: third-party access requires the "
                "sts:ExternalId the third party gave you"
            )
        validate_external_id("external_id", self.external_id)


def cross_account_role_arn(
    *,
    account_id: str,
    role_name: str,
    path: str = "/",  # Default: "/".
    partition: str | None = None,  # Default: the partition of the stack it is used in.
) -> str:
    """Return the ARN of a role in another account, built from its account, path and name.

    No token of the other account's stack is involved, so the two stacks stay independent.
    """
    check_arguments(cross_account_role_arn, locals())
    validate_account_id("account_id", account_id)
    validate_iam_name("role_name", role_name)
    validate_iam_path("path", path)
    return f"arn:{_partition(partition)}:iam::{account_id}:role{path}{role_name}"


@jsii.implements(iam.IGrantable)
class CrossAccountRole(Construct, RoleMethods):
    """Define a role in this (target) account that principals of a source account may assume.

    Trust goes to the source account's root, narrowed by an ``aws:PrincipalArn`` condition when
    ``trusted_roles`` or ``trusted_users`` name principals. Naming a role ARN as the principal
    instead would break in two ways: IAM resolves a principal ARN to the principal's unique ID
    when the policy is saved, so deploying this role before the source role exists fails with
    "Invalid principal in policy"; and when the source role is deleted and recreated, the trust
    keeps the old ID and silently stops working. A condition on ``aws:PrincipalArn`` is a string
    compared at request time, so the halves deploy in any order and survive re-creation.
    See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles

    ``FirstParty()`` (the default) requires MFA of human principals; ``ThirdParty(external_id=
    ...)`` requires the ExternalId. ``principal_org_id`` adds ``aws:PrincipalOrgID``.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        source_account_id: str,
        role_name: str,
        access: FirstParty | ThirdParty | None = None,  # Default: FirstParty() (MFA required).
        path: str = "/",  # Default: "/".
        trusted_roles: Sequence[str] = (),  # Default: no named role (see trusted_users).
        # Default: no named user. With neither roles nor users named, any principal of the
        # source account whose own IAM policy allows it (a group's members, say) may assume.
        trusted_users: Sequence[str] = (),
        # Default: False. True also trusts every principal of the source account whose own
        # policy allows it (how a group's members get in), beside the named roles.
        trust_source_account: bool = False,
        principal_org_id: str | None = None,  # Default: no aws:PrincipalOrgID condition.
        description: str | None = None,  # Default: none.
        max_session_duration: Duration | None = None,  # Default: 1 hour (IAM's default).
        permissions_boundary: iam.IManagedPolicy | None = None,  # Default: no boundary.
        managed_policies: Sequence[iam.IManagedPolicy] = (),  # Default: none.
        inline_policies: Mapping[str, PolicyDocument] | None = None,  # Default: none.
        partition: str | None = None,  # Default: this stack's partition (AWS::Partition).
    ) -> None:
        check_arguments(CrossAccountRole.__init__, locals())
        super().__init__(scope, construct_id)
        validate_account_id("source_account_id", source_account_id)
        validate_iam_name("role_name", role_name)
        validate_iam_path("path", path)
        if principal_org_id is not None:
            validate_principal_org_id("principal_org_id", principal_org_id)
        access = FirstParty() if access is None else access
        if not isinstance(access, FirstParty | ThirdParty):
            raise ValueError(f"access: {access!r} must be FirstParty(...) or ThirdParty(...)")
        roles = [_principal_name(f"trusted_roles[{i}]", n) for i, n in enumerate(trusted_roles)]
        users = [_principal_name(f"trusted_users[{i}]", n) for i, n in enumerate(trusted_users)]
        require_unique("trusted_roles", [name.lower() for _, name in roles])
        require_unique("trusted_users", [name.lower() for _, name in users])
        if trust_source_account and users:
            raise ValueError(
                f"trusted_users: {[name for _, name in users]} with trust_source_account=True: "
                "the account's users are trusted already; name roles only, or no one"
            )
        own = Stack.of(self).account
        if not is_unresolved(own) and own == source_account_id:
            raise ValueError(
                f"source_account_id: {source_account_id!r} is this stack's own account; a "
                "cross-account role trusts another account (use AssumableRole within one)"
            )

        self.source_account_id = source_account_id
        """The account whose principals may assume the role."""
        self.access: FirstParty | ThirdParty = access
        """First- or third-party access, with its MFA or ExternalId requirement."""
        self.path = path
        """The role's IAM path."""
        self.trusted_roles: tuple[str, ...] = tuple(name for _, name in roles)
        """Names of the source account's roles the trust names (``aws:PrincipalArn``)."""
        self.trusted_users: tuple[str, ...] = tuple(name for _, name in users)
        """Names of the source account's users the trust names (``aws:PrincipalArn``)."""
        self.partition = _partition(partition)
        """The partition the ARNs are built in (a token by default)."""
        self.trusts_whole_account = trust_source_account or not (roles or users)
        """Whether any principal of the source account may assume the role."""
        self._role_name = role_name

        self.resource = AssumableRole(
            self,
            "Resource",
            trust=_SourceTrust(
                root=f"arn:{self.partition}:iam::{source_account_id}:root",
                access=access,
                role_arns=[self._arn("role", p, n) for p, n in roles],
                user_arns=[self._arn("user", p, n) for p, n in users],
                whole_account=self.trusts_whole_account,
                principal_org_id=principal_org_id,
            ),
            role_name=role_name,
            path=path,
            description=description,
            max_session_duration=max_session_duration,
            permissions_boundary=permissions_boundary,
            managed_policies=managed_policies,
            inline_policies=inline_policies,
        )
        """The ``AssumableRole`` that holds the role and its trust policy."""
        self.role: RoleResource = self.resource.role
        """The role (an ``iam.IRole``): attach permissions to it, pass it to CDK."""
        self.trust_policy: PolicyDocument = self.resource.trust_policy
        """The rendered trust policy."""

    @property
    def grant_principal(self) -> iam.IPrincipal:
        """The role: ``bucket.grant_read(construct)`` grants to it."""
        return self.role

    @property
    def role_name(self) -> str:
        """The role's name, as given (``role.role_name`` is a token)."""
        return self._role_name

    @property
    def account_id(self) -> str:
        """The account the role lives in: this stack's (a token in an account-agnostic stack)."""
        return Stack.of(self).account

    @property
    def role_arn(self) -> str:
        """The role's ARN, built from account, path and name: what the source side grants."""
        return f"arn:{self.partition}:iam::{self.account_id}:role{self.path}{self.role_name}"

    def _arn(self, kind: str, path: str, name: str) -> str:
        return f"arn:{self.partition}:iam::{self.source_account_id}:{kind}{path}{name}"


class CrossAccountGrant(Construct):
    """Define the source-account half: let groups, users or roles assume a role elsewhere.

    The policy allows ``sts:AssumeRole`` on exactly one role ARN, computed from the target
    account, the role's path and its name; with ``organization_id`` and no
    ``target_account_id`` it allows the role of that name in every account of the
    organization (``aws:ResourceOrgID``), for roles rolled out with a StackSet.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        role_name: str,
        grantees: Sequence[Grantee],
        target_account_id: str | None = None,  # Default: any account of organization_id.
        role_path: str = "/",  # Default: "/".
        organization_id: str | None = None,  # Default: no aws:ResourceOrgID condition.
        partition: str | None = None,  # Default: this stack's partition (AWS::Partition).
    ) -> None:
        check_arguments(CrossAccountGrant.__init__, locals())
        super().__init__(scope, construct_id)
        validate_iam_name("role_name", role_name)
        validate_iam_path("role_path", role_path)
        if organization_id is not None:
            validate_principal_org_id("organization_id", organization_id)
        if target_account_id is None:
            if organization_id is None:
                raise ValueError(
                    "target_account_id: None: name the role's account, or pass organization_id "
                    "to allow the role in every account of your organization"
                )
        else:
            validate_account_id("target_account_id", target_account_id)
            own = Stack.of(self).account
            if not is_unresolved(own) and own == target_account_id:
                raise ValueError(
                    f"target_account_id: {target_account_id!r} is this stack's own account; "
                    "a cross-account grant names another account"
                )
        if not grantees:
            raise ValueError("grantees: []: name the groups, users or roles that may assume")
        self.grantees: tuple[tuple[Literal["group", "user", "role"], str], ...] = tuple(
            _grantee(f"grantees[{i}]", grantee) for i, grantee in enumerate(grantees)
        )
        """Each grantee as ``(kind, name)``, the form the halves are checked in."""
        require_unique("grantees", [f"{kind}/{name}" for kind, name in self.grantees])

        self.target_account_id = target_account_id
        """The role's account; None: any account of ``organization_id``."""
        self.organization_id = organization_id
        """The organization the role must belong to (``aws:ResourceOrgID``), if any."""
        self.role_name = role_name
        """The name of the role the grantees may assume."""
        self.role_path = role_path
        """The IAM path of that role."""
        self.partition = _partition(partition)
        """The partition the ARN is built in (a token by default)."""
        self.role_arn = (
            f"arn:{self.partition}:iam::{target_account_id or '*'}:role{role_path}{role_name}"
        )
        """The ARN the grantees may assume (account ``*`` for an organization-wide role)."""

        statement: dict[str, Any] = {
            "Sid": "AssumeCrossAccountRole",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": self.role_arn,
        }
        if organization_id is not None:
            statement["Condition"] = {"StringEquals": {"aws:ResourceOrgID": organization_id}}
        self.policy = iam.Policy(
            self,
            "Resource",
            statements=[iam.PolicyStatement.from_json(statement)],
            groups=[cast(iam.IGroup, g) for g in grantees if _kind(g) == "group"],
            users=[cast(iam.IUser, u) for u in grantees if _kind(u) == "user"],
            roles=[cast(iam.IRole, r) for r in grantees if _kind(r) == "role"],
        )
        """The ``iam.Policy`` attached to the grantees."""
        if target_account_id is None:
            partition_shown = "<AWS::Partition>" if partition is None else self.partition
            acknowledge(
                self.policy,
                f"AwsSolutions-IAM5[Resource::arn:{partition_shown}:iam::*:role{role_path}"
                f"{role_name}]",
                f"The role {role_name} exists in every account of {organization_id}, including "
                "accounts that join later, so only its account is a wildcard; aws:ResourceOrgID "
                "keeps it inside the organization.",
            )


def verify_cross_account(
    *, roles: Sequence[CrossAccountRole], grants: Sequence[CrossAccountGrant]
) -> None:
    """Check the two halves against each other; raise ``ValueError`` on the first mismatch.

    Every grant must name a role that exists among ``roles`` and whose trust lets the grant's
    principals in; every role that names principals must have a grant for each of them; and no
    account may hold two roles of one name (IAM names are global per account, stacks regional).
    Roles whose source account has no grant here (third parties) are not checked in reverse.
    """
    check_arguments(verify_cross_account, locals())
    by_account_and_name: dict[tuple[str, str], CrossAccountRole] = {}
    for role in roles:
        key = (role.account_id, role.role_name.lower())
        if key in by_account_and_name:
            other = by_account_and_name[key]
            raise ValueError(
                f"role_name: {role.role_name!r} is defined twice in account {role.account_id} "
                f"({other.node.path} in {Stack.of(other).region}, {role.node.path} in "
                f"{Stack.of(role).region}); IAM names are global per account: create each "
                "named role from one region only"
            )
        by_account_and_name[key] = role

    granted: set[tuple[int, str, str]] = set()
    for grant in grants:
        source = Stack.of(grant).account
        candidates = [
            role
            for role in roles
            if role.role_name == grant.role_name
            and role.path == grant.role_path
            # A role of an account-agnostic stack (a StackSet's template) is in every account.
            and (
                grant.target_account_id in (None, role.account_id) or is_unresolved(role.account_id)
            )
        ]
        if not candidates:
            raise ValueError(
                f"{grant.node.path}: grants sts:AssumeRole on {_describe_arn(grant)}, but no "
                "cross-account role of that account, path and name is defined"
            )
        for role in candidates:
            if not is_unresolved(source) and role.source_account_id != source:
                raise ValueError(
                    f"{grant.node.path}: grants account {source} sts:AssumeRole on "
                    f"{role.node.path}, whose trust names account {role.source_account_id}"
                )
            for kind, name in grant.grantees:
                if not _trust_admits(role, kind, name):
                    raise ValueError(
                        f"{grant.node.path}: grants {kind} {_show(name)} sts:AssumeRole on "
                        f"{role.node.path}, whose trust does not let it in (trusted roles: "
                        f"{list(role.trusted_roles)}, users: {list(role.trusted_users)})"
                    )
                granted.add((id(role), kind, name.lower()))

    grant_sources = {Stack.of(grant).account for grant in grants}
    for role in roles:
        if role.source_account_id not in grant_sources:
            continue  # A third party or an account outside this app grants on its own.
        named = [("role", n) for n in role.trusted_roles] + [
            ("user", n) for n in role.trusted_users
        ]
        for wanted, name in named:
            if (id(role), wanted, name.lower()) not in granted:
                raise ValueError(
                    f"{role.node.path}: trusts {wanted} {name!r} of account "
                    f"{role.source_account_id}, but no grant there lets it assume the role"
                )
        if role.trusts_whole_account and not any(key[0] == id(role) for key in granted):
            raise ValueError(
                f"{role.node.path}: trusts account {role.source_account_id}, but no grant there "
                "names the role"
            )


class _SourceTrust:
    """Render the trust of a cross-account role: one statement per kind of principal."""

    def __init__(
        self,
        *,
        root: str,
        access: FirstParty | ThirdParty,
        role_arns: list[str],
        user_arns: list[str],
        whole_account: bool,
        principal_org_id: str | None,
    ) -> None:
        self._parts: list[tuple[str, Trust]] = []
        if isinstance(access, ThirdParty):
            self._parts.append(
                (
                    "ThirdParty",
                    Trust(
                        principals=[root],
                        require_mfa=False,
                        external_id=access.external_id,
                        principal_org_id=principal_org_id,
                        principal_arns=[] if whole_account else [*role_arns, *user_arns],
                    ),
                )
            )
            return

        def humans(principal_arns: list[str]) -> Trust:
            return Trust(
                principals=[root],
                require_mfa=access.require_mfa,
                mfa_max_age=access.mfa_max_age,
                principal_org_id=principal_org_id,
                principal_arns=principal_arns,
            )

        if whole_account:
            self._parts.append(("SourceAccount", humans([])))
        if user_arns:
            self._parts.append(("SourceUsers", humans(user_arns)))
        if role_arns:
            # Roles are workloads: a role session carries no MFA of its own.
            self._parts.append(
                (
                    "SourceRoles",
                    Trust(
                        principals=[root],
                        require_mfa=False,
                        principal_org_id=principal_org_id,
                        principal_arns=role_arns,
                    ),
                )
            )

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy: the parts' statements, each with its own Sid."""
        statements = [
            {**statement, "Sid": sid}
            for sid, trust in self._parts
            for statement in trust.policy_document()["Statement"]
        ]
        return {"Version": "2012-10-17", "Statement": statements}


def _partition(partition: str | None) -> str:
    if partition is None:
        return Aws.PARTITION
    return validate_partition("partition", partition)


def _principal_name(field: str, value: str) -> tuple[str, str]:
    """Split ``"ci/deployer"`` into the path ``/ci/`` and the name ``deployer``."""
    path, _, name = value.rpartition("/")
    path = f"/{path}/" if path else "/"
    validate_iam_name(field, name)
    try:
        validate_iam_path(field, path)
    except ValueError:
        raise ValueError(
            f"{field}: {value!r} must be a name, or a path and a name like 'ci/deployer'"
        ) from None
    return path, name


def _kind(grantee: Grantee) -> Literal["group", "user", "role"]:
    # jsii interfaces are not runtime-checkable; the name attribute tells them apart.
    kinds: tuple[Literal["group", "user", "role"], ...] = ("group", "user", "role")
    for kind in kinds:
        if hasattr(grantee, f"{kind}_name"):
            return kind
    raise ValueError(f"grantees: {grantee!r} is neither an IAM group, user nor role")


def _grantee(field: str, grantee: Grantee) -> tuple[Literal["group", "user", "role"], str]:
    try:
        kind = _kind(grantee)
    except ValueError:
        raise ValueError(
            f"{field}: {grantee!r} is neither an iam.IGroup, an iam.IUser nor an iam.IRole"
        ) from None
    name: str = getattr(grantee, f"{kind}_name")
    return kind, name


def _trust_admits(role: CrossAccountRole, kind: str, name: str) -> bool:
    if role.trusts_whole_account:
        return True
    if kind == "group":
        return False  # A group's members are users the trust cannot name in advance.
    if is_unresolved(name):
        return True  # A generated name: only known at deploy time.
    if kind == "role":
        return name.lower() in {n.lower() for n in role.trusted_roles}
    return name.lower() in {n.lower() for n in role.trusted_users}


def _show(name: str) -> str:
    return "(a name known at deploy time)" if is_unresolved(name) else repr(name)


def _describe_arn(grant: CrossAccountGrant) -> str:
    account = grant.target_account_id or f"any account of {grant.organization_id}"
    return f"role {grant.role_path}{grant.role_name} in {account}"
