"""An EC2 instance role and the instance profile that hands it to an instance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._arguments import check_arguments
from sts_constructs._assumable_role import AssumableRole
from sts_constructs._trust import PolicyDocument, Trust
from sts_constructs.validation import validate_iam_name

__all__ = ["Ec2InstanceRole"]

EC2_SERVICE_PRINCIPAL = "ec2.amazonaws.com"


class Ec2InstanceRole(Construct):
    """Define a role that EC2 assumes for an instance, and its instance profile.

    Applications on the instance get the role's temporary credentials from the instance
    metadata service; no access key is stored on the instance.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        role_name: str | None = None,  # Default: a name CloudFormation generates.
        instance_profile_name: str | None = None,  # Default: a generated name.
        path: str | None = None,  # Default: "/", for the role and the profile.
        description: str | None = None,  # Default: none.
        max_session_duration: Duration | None = None,  # Default: 1 hour.
        permissions_boundary: iam.IManagedPolicy | None = None,  # Default: no boundary.
        managed_policies: Sequence[iam.IManagedPolicy] = (),  # Default: none.
        inline_policies: Mapping[str, PolicyDocument] | None = None,  # Default: none.
    ) -> None:
        check_arguments(Ec2InstanceRole.__init__, locals())
        super().__init__(scope, construct_id)
        if instance_profile_name is not None:
            validate_iam_name("instance_profile_name", instance_profile_name, max_length=128)
        self.assumable_role = AssumableRole(
            self,
            "Role",
            trust=Trust(services=[EC2_SERVICE_PRINCIPAL]),
            role_name=role_name,
            path=path,
            description=description,
            max_session_duration=max_session_duration,
            permissions_boundary=permissions_boundary,
            managed_policies=managed_policies,
            inline_policies=inline_policies,
        )
        self.role: iam.Role = self.assumable_role.role
        """The underlying ``iam.Role``: grant to it (``bucket.grant_read(x.role)``)."""
        self.instance_profile = iam.InstanceProfile(
            self,
            "InstanceProfile",
            role=self.role,
            instance_profile_name=instance_profile_name,
            path=path,
        )
        """The profile to give an instance (``instance_profile=`` on ``ec2.Instance``)."""
