"""The MFA-gated ``sts:GetSessionToken`` pattern: permissions usable only with MFA sessions.

https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aws_cdk import Aws, Duration
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._arguments import check_arguments
from sts_constructs._assume_only_user import _MFA_SELF_SERVICE_ACTIONS
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._trust import PolicyDocument
from sts_constructs.federation._group import group_inline_policy
from sts_constructs.federation._validation import check_identity
from sts_constructs.validation import (
    GROUP_NAME_MAX_CHARS,
    validate_mfa_max_age,
)

__all__ = ["MfaSessionGroup"]


class MfaSessionGroup(Construct, NamedInErrors):
    """Define an IAM group whose permissions work only in sessions signed in with MFA.

    Members call ``aws sts get-session-token --serial-number <mfa-arn> --token-code <code>``
    with their access key and use the temporary credentials it returns. Every action but MFA
    self-service and ``sts:GetSessionToken`` is denied to a request without MFA (or, with
    ``mfa_max_age``, with an older MFA sign-in), so managed policies are gated too.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html

    Args:
        managed_policies: What members may do with MFA, as managed policies; at most 10.
            Default: none, but give this or ``inline_policy``: the group would grant nothing.
        inline_policy: What members may do with MFA, as an identity-policy document attached
            inline. Default: none.
        mfa_max_age: Also deny requests whose MFA sign-in is older than this
            (``aws:MultiFactorAuthAge``): more than 0, at most 36 hours (129,600 seconds).
            Default: any age within the session (``GetSessionToken`` sessions last at most
            36 hours).
        members: Users to add to the group. Default: none; add users later with
            ``add_user``.
        group_name: 1-128 characters of letters, digits and ``+=,.@_-``. Default: a name
            CloudFormation generates.
        path: The group's IAM path, ``/`` or ``/a/b/``. Default: ``/``.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a group name or path outside the rules above, neither
            ``managed_policies`` nor ``inline_policy``, more than 10 managed policies, or an
            ``mfa_max_age`` of 0 or over 36 hours.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        managed_policies: Sequence[iam.IManagedPolicy] = (),
        inline_policy: PolicyDocument | None = None,
        mfa_max_age: Duration | None = None,
        members: Sequence[iam.IUser] = (),
        group_name: str | None = None,
        path: str | None = None,
    ) -> None:
        check_arguments(MfaSessionGroup.__init__, locals())
        super().__init__(scope, construct_id)
        check_identity(
            name=("group_name", group_name, GROUP_NAME_MAX_CHARS),
            path=path,
            policies=("managed_policies", managed_policies),
            document=("inline_policy", inline_policy),
            without_policies="the group would grant nothing to gate with MFA",
        )
        if mfa_max_age is not None:
            validate_mfa_max_age("mfa_max_age", mfa_max_age.to_seconds())

        self.group = iam.Group(
            self,
            "Resource",
            group_name=group_name,
            path=path,
            managed_policies=list(managed_policies) or None,
        )
        """The underlying ``iam.Group``."""
        self.gate_policy = iam.Policy(
            self,
            "MfaGate",
            groups=[self.group],
            document=iam.PolicyDocument.from_json(_gate(mfa_max_age)),
        )
        """Denies all but MFA self-service to sessions without (recent) MFA."""
        self.permissions_policy = group_inline_policy(
            self, "Permissions", self.group, inline_policy
        )
        """The inline permissions (an ``iam.Policy``), when ``inline_policy`` is given."""
        for member in members:
            self.add_user(member)

    def add_user(self, user: iam.IUser) -> None:
        """Add ``user`` (created here or imported by name) to the group."""
        check_arguments(MfaSessionGroup.add_user, locals())
        if isinstance(user, iam.User):
            self.group.add_user(user)
            return
        # An imported user ignores add_to_group: add it through its name.
        iam.CfnUserToGroupAddition(
            self,
            f"Member{user.node.id}",
            group_name=self.group.group_name,
            users=[user.user_name],
        )


def _gate(mfa_max_age: Duration | None) -> PolicyDocument:
    own = [
        f"arn:{Aws.PARTITION}:iam::{Aws.ACCOUNT_ID}:user/${{aws:username}}",
        f"arn:{Aws.PARTITION}:iam::{Aws.ACCOUNT_ID}:mfa/${{aws:username}}",
    ]
    statements: list[dict[str, Any]] = [
        {
            "Sid": "AllowMfaSelfService",
            "Effect": "Allow",
            "Action": [a for a in _MFA_SELF_SERVICE_ACTIONS if a != "sts:GetSessionToken"],
            "Resource": own,
        },
        {
            # BoolIfExists is right in a Deny: a long-term access key has no MFA context.
            "Sid": "DenyAllButMfaSelfServiceWithoutMfa",
            "Effect": "Deny",
            "NotAction": _MFA_SELF_SERVICE_ACTIONS,
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        },
    ]
    if mfa_max_age is not None:
        statements.append(
            {
                "Sid": "DenyAllButMfaSelfServiceWithOldMfa",
                "Effect": "Deny",
                "NotAction": _MFA_SELF_SERVICE_ACTIONS,
                "Resource": "*",
                "Condition": {
                    "NumericGreaterThanIfExists": {
                        "aws:MultiFactorAuthAge": str(int(mfa_max_age.to_seconds()))
                    }
                },
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}
