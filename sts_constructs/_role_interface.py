"""The role methods every role construct offers, forwarded to its ``role``.

A role construct is an ``iam.IGrantable`` (``bucket.grant_read(construct)`` grants to its
role) and has the grant methods of aws-cdk's ``iam.Role`` (role.ts, role-grants.ts); its
``role`` is the full ``iam.IRole`` for any other CDK API.

Why not the whole ``iam.IRole`` on the construct: jsii lists, for every object Python makes,
the members JavaScript must call back into Python for; with the thirty members of
``iam.IRole`` on two objects per role that listing alone cost about a fifth of a role's
construction. ``RoleMethods`` is therefore mixed in *after* the jsii base class, where jsii
does not look (its members are for Python callers only), and each construct declares only
``grant_principal``, the one member CDK's grants call.
"""

from __future__ import annotations

from aws_cdk import aws_iam as iam

from sts_constructs._role_resource import RoleResource

__all__ = ["RoleMethods"]


class RoleMethods:
    """Grant methods and the role's name and ARN, forwarded to ``self.role``."""

    role: RoleResource

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
