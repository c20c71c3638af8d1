"""An IAM user's access key whose secret lives only in Secrets Manager."""

from __future__ import annotations

from aws_cdk import SecretValue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from sts_constructs._acknowledge import acknowledge

__all__ = ["access_key_in_secret"]


def access_key_in_secret(
    scope: Construct, *, user: iam.IUser, description: str
) -> tuple[iam.AccessKey, secretsmanager.Secret]:
    """Create ``user``'s access key (``AccessKey``) and the secret that holds it.

    The secret (``AccessKeySecret``) holds ``{"accessKeyId", "secretAccessKey"}``; the template
    carries only a reference to the key's secret, never its value.
    """
    key = iam.AccessKey(scope, "AccessKey", user=user)
    secret = secretsmanager.Secret(
        scope,
        "AccessKeySecret",
        description=description,
        secret_object_value={
            # The key ID is an identifier, not a secret.
            "accessKeyId": SecretValue.unsafe_plain_text(key.access_key_id),
            "secretAccessKey": key.secret_access_key,
        },
    )
    acknowledge(
        secret,
        "AwsSolutions-SMG4",
        "Holds an IAM access key: rotate it by creating a second key on the user "
        "(IAM allows two), not by Secrets Manager rotation, which cannot issue keys.",
    )
    return key, secret
