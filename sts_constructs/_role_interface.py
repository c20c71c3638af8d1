"""The base of every role construct: its ``CfnRole``, a lazily made ``iam.IRole``, grants.

A role construct makes its ``AWS::IAM::Role`` as one ``iam.CfnRole`` child ``Resource``
(one call into Node.js, 150-250 µs each) and nothing else. Its ``role``, the ``iam.IRole``
other CDK APIs take, is made the first time something asks for it (a grant, an ARN, a
policy), so a role nobody grants to costs three calls (the construct, its ``CfnRole``, the
override that keeps its deployed logical ID): about twice a raw ``CfnRole``, where an
``iam.Role`` with the same trust costs more (``benchmarks/run.py``).

A role construct is an ``iam.IGrantable`` (``bucket.grant_read(construct)`` grants to its
role) and has the grant methods of aws-cdk's ``iam.Role`` (role.ts, role-grants.ts); its
``role`` is the full ``iam.IRole``. Why not the whole ``iam.IRole`` on the construct: jsii
lists, for every object Python makes, the members JavaScript must call back into Python for,
and with the thirty members of ``iam.IRole`` that listing cost about a fifth of a role's
construction. ``RoleMethods`` is therefore mixed in *after* the jsii base class, where jsii
does not look (its members are for Python callers only), and each construct declares only
``grant_principal``, the one member CDK's grants call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import jsii
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._role_resource import (
    RoleProperties,
    RoleResource,
    cdk_logical_id,
    create_cfn_role,
)

__all__ = ["RoleConstruct", "RoleMethods", "role_arn_of"]


def role_arn_of(field: str, role: iam.IRole | Any) -> str:
    """Return the ARN of ``role``: an ``iam.IRole`` or a role construct of this package.

    Raise ``ValueError`` naming ``field`` for anything else (a role's ARN as text, say).
    """
    arn = getattr(role, "role_arn", None)
    if not isinstance(arn, str):
        raise ValueError(f"{field}: {role!r} is not an IRole or AssumableRole")
    return arn


def role_of(field: str, role: iam.IRole | Any) -> iam.IRole:
    """Return ``role`` as an ``iam.IRole``: itself, or the ``role`` of a role construct.

    Raise ``ValueError`` naming ``field`` for anything else (a role's ARN as text, say).
    """
    role_arn_of(field, role)
    candidate = role.role if isinstance(role, RoleMethods) else role
    if not all(hasattr(candidate, name) for name in ("role_name", "attach_inline_policy")):
        raise ValueError(f"{field}: {role!r} is not an IRole or AssumableRole")
    return cast(iam.IRole, candidate)


class RoleMethods:
    """Grant methods and the role's name and ARN, forwarded to ``self.role``."""

    @property
    def role(self) -> RoleResource:
        """The role as an ``iam.IRole``; each role construct says where it comes from."""
        raise NotImplementedError

    def grant(self, grantee: iam.IPrincipal, *actions: str) -> iam.Grant:
        """Let ``grantee`` perform ``actions`` on the role (an identity policy on the grantee)."""
        return self.role.grant(grantee, *actions)

    def grant_pass_role(self, grantee: iam.IPrincipal) -> iam.Grant:
        """Let ``grantee`` pass the role to a service (``iam:PassRole``)."""
        return self.role.grant_pass_role(grantee)

    def grant_assume_role(self, grantee: iam.IPrincipal) -> iam.Grant:
        """Let ``grantee`` call ``sts:AssumeRole`` on the role (its identity policy only).

        The trust must admit the grantee too. Raises ``ValueError`` for a service or account
        principal: those are let in by the trust, not granted.
        """
        return self.role.grant_assume_role(grantee)

    def add_to_principal_policy(
        self, statement: iam.PolicyStatement
    ) -> iam.AddToPrincipalPolicyResult:
        """Add ``statement`` to the role's inline policy ``DefaultPolicy`` (made on first use)."""
        return self.role.add_to_principal_policy(statement)

    @property
    def role_arn(self) -> str:
        """The role's ARN (a token until deploy)."""
        return self.role.role_arn

    @property
    def role_name(self) -> str:
        """The role's name (a token unless a name was given)."""
        return self.role.role_name


@jsii.implements(iam.IGrantable)
class RoleConstruct(Construct, RoleMethods, NamedInErrors):
    """A construct that owns one ``AWS::IAM::Role``: the child ``Resource`` (an ``iam.CfnRole``).

    Subclasses validate their arguments, call ``super().__init__(scope, construct_id)``, then
    ``_add_role(props, logical_id_path=...)``.
    """

    resource: iam.CfnRole
    """The ``AWS::IAM::Role`` (``iam.CfnRole``): the escape hatch for any property."""

    def _add_role(self, props: RoleProperties, *, logical_id_path: Sequence[str]) -> None:
        """Make the ``CfnRole`` child ``Resource`` from ``props``.

        ``logical_id_path``: the construct path (below the stack) whose logical IDs the role
        and its ``DefaultPolicy`` keep, ``[..., "Resource"]`` for a role that was the child
        ``Resource`` of this construct before the ``CfnRole`` moved up.
        """
        self._props = props
        self._logical_id_path = tuple(logical_id_path)
        self._role: RoleResource | None = None
        self.resource = create_cfn_role(
            self, "Resource", props, logical_id=cdk_logical_id([*logical_id_path, "Resource"])
        )

    @property
    def role(self) -> RoleResource:
        """The role as an ``iam.IRole`` (made on first use, at the child ``Role``)."""
        if self._role is None:
            self._role = RoleResource(
                self,
                "Role",
                resource=self.resource,
                props=self._props,
                logical_id_path=self._logical_id_path,
            )
        return self._role

    @property
    def grant_principal(self) -> iam.IPrincipal:
        """The role: ``bucket.grant_read(construct)`` grants to it."""
        return self.role
