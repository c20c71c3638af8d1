"""The target-account half of cross-account access: the role other accounts assume."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import jsii
from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._arguments import check_arguments
from sts_constructs._assumable_role import AssumableRole, role_arguments
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._cross_account_registry import register
from sts_constructs._cross_account_shared import (
    FirstParty,
    ThirdParty,
    partition_of,
    principal_name,
)
from sts_constructs._role_interface import RoleMethods
from sts_constructs._role_resource import RoleResource
from sts_constructs._trust import PolicyDocument, Trust
from sts_constructs.validation import (
    is_unresolved,
    require_unique,
    validate_account_id,
    validate_iam_name,
    validate_iam_path,
    validate_principal_org_id,
)

__all__ = ["CrossAccountRole"]


@jsii.implements(iam.IGrantable)
class CrossAccountRole(Construct, RoleMethods, NamedInErrors):
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

    Args:
        source_account_id: The 12-digit account whose principals may assume the role.
        role_name: The role's name, 1-64 characters of letters, digits and ``+=,.@_-``.
        access: ``FirstParty(...)`` or ``ThirdParty(external_id=...)``.
            Default: ``FirstParty()`` (MFA required).
        path: The role's IAM path, ``/`` or ``/a/b/``. Default: ``/``.
        trusted_roles: Names (optionally with a path) of source-account roles the trust names
            through ``aws:PrincipalArn``. Default: none.
        trusted_users: Names of source-account users the trust names. Default: none. With
            neither roles nor users named, any principal of the source account whose own
            IAM policy allows it (a group's members, say) may assume the role.
        trust_source_account: Also trust every principal of the source account whose own
            policy allows it (how a group's members get in), beside the named roles.
            Default: False.
        principal_org_id: Adds an ``aws:PrincipalOrgID`` condition (``o-`` and 10-32
            characters). Default: no such condition.
        description: Up to 1,000 characters. Default: none.
        max_session_duration: 1-12 hours. Default: 1 hour (IAM's default).
        permissions_boundary: A managed policy that caps the role. Default: no boundary.
        managed_policies: Up to 20 managed policies. Default: none.
        inline_policies: Policy name to identity-policy document. Default: none.
        partition: The partition ARNs are built in. Default: this stack's partition
            (``AWS::Partition``).

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an account ID, role name, path, organization ID or principal name IAM
            does not accept; a principal named twice; ``trusted_users`` together with
            ``trust_source_account=True``; ``source_account_id`` equal to this stack's own
            account; or any value ``AssumableRole`` refuses (description, duration, policies).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        source_account_id: str,
        role_name: str,
        access: FirstParty | ThirdParty | None = None,
        path: str = "/",
        trusted_roles: Sequence[str] = (),
        trusted_users: Sequence[str] = (),
        trust_source_account: bool = False,
        principal_org_id: str | None = None,
        description: str | None = None,
        max_session_duration: Duration | None = None,
        permissions_boundary: iam.IManagedPolicy | None = None,
        managed_policies: Sequence[iam.IManagedPolicy] = (),
        inline_policies: Mapping[str, PolicyDocument] | None = None,
        partition: str | None = None,
    ) -> None:
        arguments = dict(locals())
        check_arguments(CrossAccountRole.__init__, arguments)
        super().__init__(scope, construct_id)
        validate_account_id("source_account_id", source_account_id)
        validate_iam_name("role_name", role_name)
        validate_iam_path("path", path)
        if principal_org_id is not None:
            validate_principal_org_id("principal_org_id", principal_org_id)
        access = FirstParty() if access is None else access
        if not isinstance(access, FirstParty | ThirdParty):
            raise ValueError(f"access: {access!r} must be FirstParty(...) or ThirdParty(...)")
        roles = [principal_name(f"trusted_roles[{i}]", n) for i, n in enumerate(trusted_roles)]
        users = [principal_name(f"trusted_users[{i}]", n) for i, n in enumerate(trusted_users)]
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
        self.partition = partition_of(partition)
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
            **role_arguments(arguments),
        )
        """The ``AssumableRole`` that holds the role and its trust policy."""
        self.trust_policy: PolicyDocument = self.resource.trust_policy
        """The rendered trust policy."""
        register(self)

    @property
    def grant_principal(self) -> iam.IPrincipal:
        """The role: ``bucket.grant_read(construct)`` grants to it."""
        return self.role

    @property
    def role(self) -> RoleResource:
        """The role (an ``iam.IRole``, made on first use): attach permissions, pass it to CDK."""
        return self.resource.role

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
