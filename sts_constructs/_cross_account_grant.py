"""The source-account half of cross-account access: who may assume a role elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, cast

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs import validation
from sts_constructs._acknowledge import acknowledge
from sts_constructs._arguments import check_arguments
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._cross_account_registry import register
from sts_constructs._cross_account_shared import (
    Grantee,
    grantee_kind,
    grantee_of,
    partition_of,
)

__all__ = ["CrossAccountGrant"]


class CrossAccountGrant(Construct, NamedInErrors):
    """Define the source-account half: let groups, users or roles assume a role elsewhere.

    The policy allows ``sts:AssumeRole`` on exactly one role ARN, computed from the target
    account, the role's path and its name; with ``organization_id`` and no
    ``target_account_id`` it allows the role of that name in every account of the
    organization (``aws:ResourceOrgID``), for roles rolled out with a StackSet.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_cross-account-with-roles.html

    Args:
        role_name: The name of the role in the target account, 1-64 characters.
        grantees: The groups, users or roles (CDK objects) that may assume it; at least one.
        target_account_id: The role's 12-digit account. Default: any account of
            ``organization_id`` (which is then required).
        role_path: The role's IAM path, ``/`` or ``/a/b/``. Default: ``/``.
        organization_id: Adds an ``aws:ResourceOrgID`` condition. Default: no such condition.
        partition: The partition the ARN is built in. Default: this stack's partition
            (``AWS::Partition``).

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a name, path, account ID or organization ID IAM does not accept; neither
            ``target_account_id`` nor ``organization_id``; ``target_account_id`` equal to
            this stack's own account; no grantee, or one named twice.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        role_name: str,
        grantees: Sequence[Grantee],
        target_account_id: str | None = None,
        role_path: str = "/",
        organization_id: str | None = None,
        partition: str | None = None,
    ) -> None:
        check_arguments(CrossAccountGrant.__init__, locals())
        super().__init__(scope, construct_id)
        validation.validate_iam_name("role_name", role_name)
        validation.validate_iam_path("role_path", role_path)
        if organization_id is not None:
            validation.validate_principal_org_id("organization_id", organization_id)
        if target_account_id is None:
            if organization_id is None:
                raise ValueError(
                    "target_account_id: None: name the role's account, or pass organization_id "
                    "to allow the role in every account of your organization"
                )
        else:
            validation.validate_account_id("target_account_id", target_account_id)
            own = Stack.of(self).account
            if not validation.is_unresolved(own) and own == target_account_id:
                raise ValueError(
                    f"target_account_id: {target_account_id!r} is this stack's own account; "
                    "a cross-account grant names another account"
                )
        if not grantees:
            raise ValueError("grantees: []: name the groups, users or roles that may assume")
        self.grantees: tuple[tuple[Literal["group", "user", "role"], str], ...] = tuple(
            grantee_of(f"grantees[{i}]", grantee) for i, grantee in enumerate(grantees)
        )
        """Each grantee as ``(kind, name)``, the form the halves are checked in."""
        validation.require_unique("grantees", [f"{kind}/{name}" for kind, name in self.grantees])

        self.target_account_id = target_account_id
        """The role's account; None: any account of ``organization_id``."""
        self.organization_id = organization_id
        """The organization the role must belong to (``aws:ResourceOrgID``), if any."""
        self.role_name = role_name
        """The name of the role the grantees may assume."""
        self.role_path = role_path
        """The IAM path of that role."""
        self.partition = partition_of(partition)
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
            groups=[cast(iam.IGroup, g) for g in grantees if grantee_kind(g) == "group"],
            users=[cast(iam.IUser, u) for u in grantees if grantee_kind(u) == "user"],
            roles=[cast(iam.IRole, r) for r in grantees if grantee_kind(r) == "role"],
        )
        """The ``iam.Policy`` attached to the grantees."""
        register(self)
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
