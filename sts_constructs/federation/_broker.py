"""A GetFederationToken identity broker: one user that mints sessions for federated users.

https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html#api_getfederationtoken
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Aws
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._access_key import access_key_in_secret
from sts_constructs._acknowledge import acknowledge
from sts_constructs._arguments import check_arguments
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._trust import PolicyDocument
from sts_constructs.federation._group import group_inline_policy
from sts_constructs.federation._validation import check_identity
from sts_constructs.validation import USER_NAME_MAX_CHARS, validate_federated_user_prefix

__all__ = ["FederationTokenBroker"]


class FederationTokenBroker(Construct, NamedInErrors):
    """Define an identity-broker user whose only right is ``sts:GetFederationToken``.

    The broker (your sign-in service) authenticates people itself, then calls
    ``GetFederationToken`` with ``Name=<prefix><person>`` and a session policy. A federated
    user's permissions are the intersection of that session policy and the broker's
    policies: the permission ceiling. The broker's own key cannot use the ceiling: a deny
    applies to the broker user itself (``aws:PrincipalType`` ``User``), not to the federated
    users it creates (``FederatedUser``). The access key is kept in Secrets Manager.
    https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html

    Args:
        federated_user_prefix: The start of every federated user name the broker may use:
            1-31 characters of letters, digits and ``+=,.@_-`` (no ``*``, no token), so a
            full ``Name`` (2-32 characters) fits.
        permission_ceiling: Managed policies, the most any federated user may do; at most
            10 (they attach to the broker's group). Default: none, but give this or
            ``ceiling_document``: without a ceiling the federated users can do nothing.
        ceiling_document: An identity-policy document, attached inline, for the same
            ceiling. Default: none.
        user_name: The broker user's name, 1-64 characters of letters, digits and
            ``+=,.@_-``. Default: a name CloudFormation generates.
        path: The IAM path of the user and its group, ``/`` or ``/a/b/``. Default: ``/``.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a prefix, user name or path outside the rules above, neither
            ``permission_ceiling`` nor ``ceiling_document``, or more than 10 managed
            policies (IAM's limit for a group).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        federated_user_prefix: str,
        permission_ceiling: Sequence[iam.IManagedPolicy] = (),
        ceiling_document: PolicyDocument | None = None,
        user_name: str | None = None,
        path: str | None = None,
    ) -> None:
        check_arguments(FederationTokenBroker.__init__, locals())
        super().__init__(scope, construct_id)
        validate_federated_user_prefix("federated_user_prefix", federated_user_prefix)
        check_identity(
            name=("user_name", user_name, USER_NAME_MAX_CHARS),
            path=path,
            policies=("permission_ceiling", permission_ceiling),
            document=("ceiling_document", ceiling_document),
            without_policies="a federated user gets at most the broker's permissions, so name "
            "the ceiling",
        )

        self.federated_user_prefix = federated_user_prefix
        """Federated user names the broker may use start with this."""
        self.federated_user_arns = (
            f"arn:{Aws.PARTITION}:sts::{Aws.ACCOUNT_ID}:federated-user/{federated_user_prefix}*"
        )
        """The ARN pattern of the federated users the broker may create."""

        self.group = iam.Group(
            self, "Group", path=path, managed_policies=list(permission_ceiling) or None
        )
        """The broker's group: the ceiling and the GetFederationToken right."""
        self.broker_policy = iam.Policy(
            self,
            "BrokerPolicy",
            groups=[self.group],
            document=iam.PolicyDocument.from_json(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "GetFederationTokenForPrefix",
                            "Effect": "Allow",
                            "Action": "sts:GetFederationToken",
                            "Resource": self.federated_user_arns,
                        },
                        {
                            # The ceiling is for federated users; the broker's key may do
                            # nothing else itself.
                            "Sid": "BrokerItselfMayOnlyGetFederationToken",
                            "Effect": "Deny",
                            "NotAction": "sts:GetFederationToken",
                            "Resource": "*",
                            "Condition": {"StringEquals": {"aws:PrincipalType": "User"}},
                        },
                    ],
                }
            ),
        )
        """The policy that allows ``sts:GetFederationToken`` on the prefix only."""
        acknowledge(
            self.broker_policy,
            f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sts::<AWS::AccountId>:"
            f"federated-user/{federated_user_prefix}*]",
            "GetFederationToken names a new federated user per session; the wildcard is "
            "limited to the broker's own name prefix.",
        )
        self.ceiling_policy = group_inline_policy(
            self, "PermissionCeiling", self.group, ceiling_document
        )
        """The inline ceiling (an ``iam.Policy``), when ``ceiling_document`` is given."""

        self.user = iam.User(self, "Resource", user_name=user_name, path=path, groups=[self.group])
        """The underlying ``iam.User``."""
        # GetFederationToken needs a long-term access key of an IAM user: no role can call it.
        self.access_key, self.access_key_secret = access_key_in_secret(
            self, user=self.user, description="Access key of a GetFederationToken identity broker."
        )
        """The broker's access key, and the secret that holds it: give the broker service read
        access to the secret."""
        acknowledge(
            self.access_key,
            "STS-IAM3",
            "GetFederationToken accepts only an IAM user's long-term key; this one may call "
            "nothing else and is kept in Secrets Manager.",
        )

    @property
    def user_arn(self) -> str:
        """The broker user's ARN (a token until deploy)."""
        return self.user.user_arn
