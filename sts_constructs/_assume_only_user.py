"""An IAM user that holds no permissions of its own and may only assume roles."""

from __future__ import annotations

import json
from collections.abc import Sequence

from aws_cdk import Aws, SecretValue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from sts_constructs._access_key import access_key_in_secret
from sts_constructs._acknowledge import acknowledge
from sts_constructs._arguments import check_arguments
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs.validation import (
    require_unique,
    validate_iam_name,
    validate_iam_path,
    validate_role_arn,
)

__all__ = ["AssumeOnlyUser"]

# What a user may still do without MFA when ``enforce_mfa`` is on: set up and use its MFA
# device. From https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html
_MFA_SELF_SERVICE_ACTIONS = [
    "iam:ChangePassword",
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
]


class AssumeOnlyUser(Construct, NamedInErrors):
    """Define an IAM user with no permissions of its own that may assume the given roles.

    The user is put in a group whose only policy allows ``sts:AssumeRole`` on the roles
    passed as ``assumable_roles`` or later to ``allow_assume``. Credentials are opt-in: a
    console password (to be reset at first sign-in) and an access key, each kept in Secrets
    Manager, never in an output.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html

    Args:
        user_name: 1-64 characters of letters, digits and ``+=,.@_-``. Default: a name
            CloudFormation generates.
        path: The IAM path of the user and its group, ``/`` or ``/a/b/``. Default: ``/``.
        assumable_roles: The roles the user may assume. Default: none yet (see
            ``allow_assume``).
        console_password: Make a console password (reset required at first sign-in), kept
            in Secrets Manager. Default: False (no console sign-in).
        access_key: Make an access key, kept in Secrets Manager. Default: False.
        enforce_mfa: Deny everything but managing one's own MFA device until the user signs
            in with MFA. Default: False (MFA is left to the roles' trust policies).

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a user name or path IAM does not accept.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        user_name: str | None = None,
        path: str | None = None,
        assumable_roles: Sequence[iam.IRole] = (),
        console_password: bool = False,
        access_key: bool = False,
        enforce_mfa: bool = False,
    ) -> None:
        check_arguments(AssumeOnlyUser.__init__, locals())
        super().__init__(scope, construct_id)
        if user_name is not None:
            validate_iam_name("user_name", user_name)
        if path is not None:
            validate_iam_path("path", path)

        self.group = iam.Group(self, "Group", path=path)
        """The group that carries the user's only permissions."""

        self.password_secret: secretsmanager.Secret | None = None
        """The generated console password (key ``password``), when ``console_password``."""
        password: SecretValue | None = None
        if console_password:
            self.password_secret = secretsmanager.Secret(
                self,
                "ConsolePassword",
                description="Initial console password; IAM requires a reset at first sign-in.",
                generate_secret_string=secretsmanager.SecretStringGenerator(
                    secret_string_template=json.dumps({"userName": user_name or ""}),
                    generate_string_key="password",
                    password_length=32,
                ),
            )
            acknowledge(
                self.password_secret,
                "AwsSolutions-SMG4",
                "An initial password, replaced by the user at first sign-in "
                "(password_reset_required); rotating it would sign the user out.",
            )
            password = self.password_secret.secret_value_from_json("password")
            # A user told to reset its password needs the right to do it.
            self.group.add_to_policy(
                iam.PolicyStatement(actions=["iam:ChangePassword"], resources=[_own_arn("user")])
            )

        self.user = iam.User(
            self,
            "Resource",
            user_name=user_name,
            path=path,
            groups=[self.group],
            password=password,
            password_reset_required=True if console_password else None,
        )
        """The underlying ``iam.User``."""

        self.access_key: iam.AccessKey | None = None
        """The user's access key, when ``access_key``."""
        self.access_key_secret: secretsmanager.Secret | None = None
        """Holds ``{"accessKeyId", "secretAccessKey"}`` of the access key."""
        if access_key:
            self.access_key, self.access_key_secret = access_key_in_secret(
                self, user=self.user, description="Access key of an assume-only IAM user."
            )

        if enforce_mfa:
            self._enforce_mfa()

        self._assumable: list[str] = []
        for role in assumable_roles:
            self.allow_assume(role)

    def allow_assume(self, role: iam.IRole) -> None:
        """Let the user call ``sts:AssumeRole`` on ``role`` (its trust must name the user).

        Raises ``ValueError`` for a role whose ARN is a wildcard (``.../role/*``): the user
        could assume every role whose trust lets it in.
        """
        check_arguments(AssumeOnlyUser.allow_assume, locals())
        arn = role.role_arn
        validate_role_arn("assumable_roles", arn)
        require_unique("assumable_roles", [*self._assumable, arn])
        self._assumable.append(arn)
        self.group.add_to_policy(
            iam.PolicyStatement(actions=["sts:AssumeRole"], resources=[arn]),
        )

    def _enforce_mfa(self) -> None:
        # Deny everything but MFA self-service to a caller without MFA. BoolIfExists is right
        # in a Deny: a call signed with a long-term access key has no MFA key and is denied.
        self.group.add_to_policy(
            iam.PolicyStatement.from_json(
                {
                    "Sid": "DenyAllButMfaSelfServiceWithoutMfa",
                    "Effect": "Deny",
                    "NotAction": _MFA_SELF_SERVICE_ACTIONS,
                    "Resource": "*",
                    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
                }
            )
        )
        self.group.add_to_policy(
            iam.PolicyStatement.from_json(
                {
                    "Sid": "AllowMfaSelfService",
                    "Effect": "Allow",
                    "Action": _MFA_SELF_SERVICE_ACTIONS[:-1],
                    "Resource": [_own_arn("user"), _own_arn("mfa")],
                }
            )
        )

    @property
    def user_arn(self) -> str:
        """The user's ARN (a token until deploy)."""
        return self.user.user_arn

    @property
    def user_name(self) -> str:
        """The user's name (a token unless ``user_name`` was given)."""
        return self.user.user_name


def _own_arn(resource_type: str) -> str:
    """Return the ARN of the calling user's own ``user`` or ``mfa`` resource."""
    return f"arn:{Aws.PARTITION}:iam::{Aws.ACCOUNT_ID}:{resource_type}/${{aws:username}}"
