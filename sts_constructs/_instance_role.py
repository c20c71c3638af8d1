"""An EC2 instance role and the instance profile that hands it to an instance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._arguments import check_arguments
from sts_constructs._assumable_role import role_arguments, role_properties
from sts_constructs._role_interface import RoleConstruct
from sts_constructs._role_resource import path_below_stack
from sts_constructs._trust import PolicyDocument, Trust
from sts_constructs.validation import INSTANCE_PROFILE_NAME_MAX_CHARS, validate_iam_name

__all__ = ["Ec2InstanceRole"]

EC2_SERVICE_PRINCIPAL = "ec2.amazonaws.com"


class Ec2InstanceRole(RoleConstruct):
    """Define a role that EC2 assumes for an instance, and its instance profile.

    Applications on the instance get the role's temporary credentials from the instance
    metadata service; no access key is stored on the instance. Grant to the construct
    directly (``bucket.grant_read(app)``); its main child ``Resource`` (``resource``) is the
    ``iam.CfnRole``, ``role`` the ``iam.IRole``, and ``instance_profile`` goes to
    ``ec2.Instance(instance_profile=...)``.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html

    The role and its ``DefaultPolicy`` keep the logical IDs they had when the role was the
    child ``Role`` (``<id>Role<hash>``), so deployed stacks update in place.

    Args:
        role_name: The role's name, 1-64 characters of letters, digits and ``+=,.@_-``.
            Default: a name CloudFormation generates.
        instance_profile_name: 1-128 characters of letters, digits and ``+=,.@_-``.
            Default: a name CloudFormation generates.
        path: The IAM path of the role and the profile. Default: ``/``.
        description: Up to 1,000 characters. Default: none.
        max_session_duration: 1-12 hours. Default: 1 hour.
        permissions_boundary: A managed policy that caps the role. Default: no boundary.
        managed_policies: Up to 20 managed policies. Default: none.
        inline_policies: Policy name (1-128 characters) to identity-policy document, all
            together at most 10,240 characters. Default: none.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an instance profile name IAM does not accept, or any value
            ``AssumableRole`` refuses (name, path, description, duration, policies).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        role_name: str | None = None,
        instance_profile_name: str | None = None,
        path: str | None = None,
        description: str | None = None,
        max_session_duration: Duration | None = None,
        permissions_boundary: iam.IManagedPolicy | None = None,
        managed_policies: Sequence[iam.IManagedPolicy] = (),
        inline_policies: Mapping[str, PolicyDocument] | None = None,
    ) -> None:
        check_arguments(Ec2InstanceRole.__init__, locals())
        if instance_profile_name is not None:
            validate_iam_name(
                "instance_profile_name",
                instance_profile_name,
                max_length=INSTANCE_PROFILE_NAME_MAX_CHARS,
            )
        trust = Trust(services=[EC2_SERVICE_PRINCIPAL])
        props = role_properties(trust_policy=trust.policy_document(), **role_arguments(locals()))
        super().__init__(scope, construct_id)
        self.trust = trust
        """What the role trusts: the EC2 service."""
        self.trust_policy: PolicyDocument = props.trust_policy
        """The rendered trust policy."""
        # The role was the child "Role" (an AssumableRole over an iam.Role) until the main
        # child became "Resource": keep its deployed logical IDs.
        self._add_role(
            props, logical_id_path=[*path_below_stack(scope), construct_id, "Role", "Resource"]
        )
        self.instance_profile = iam.InstanceProfile(
            self,
            "InstanceProfile",
            role=self.role,
            instance_profile_name=instance_profile_name,
            path=path,
        )
        """The profile to give an instance (``instance_profile=`` on ``ec2.Instance``)."""
