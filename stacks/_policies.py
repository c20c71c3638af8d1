"""Managed policies and boundaries named by ARN in a config, the same way in every stack."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import aws_iam as iam
from constructs import Construct, IConstruct

from sts_constructs import acknowledge

__all__ = ["acknowledge_aws_managed", "managed_policies", "permissions_boundary"]


def permissions_boundary(
    scope: Construct, prefix: str, arn: str | None
) -> iam.IManagedPolicy | None:
    """Return the boundary a config names by ARN (construct ``<prefix>Boundary``), or None."""
    if arn is None:
        return None
    return iam.ManagedPolicy.from_managed_policy_arn(scope, f"{prefix}Boundary", arn)


def managed_policies(
    scope: Construct, prefix: str, arns: Sequence[str]
) -> list[iam.IManagedPolicy]:
    """Return the managed policies a config names by ARN (constructs ``<prefix>Managed<i>``)."""
    return [
        iam.ManagedPolicy.from_managed_policy_arn(scope, f"{prefix}Managed{i}", arn)
        for i, arn in enumerate(arns)
    ]


def acknowledge_aws_managed(role: IConstruct, arns: Sequence[str]) -> None:
    """Accept cdk-nag's AWS-managed-policy finding for the ones the config names on purpose."""
    for arn in arns:
        if ":iam::aws:policy/" in arn:
            acknowledge(
                role,
                f"AwsSolutions-IAM4[Policy::{arn}]",
                "The config names this AWS managed policy as the role's permissions on "
                "purpose; AWS keeps it current as services add actions.",
            )
