"""``AWS::SecretsManager::Secret``: moto reports it created but creates nothing."""

from __future__ import annotations

import json
import secrets
import string
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.secretsmanager.models import secretsmanager_backends

from sts_constructs.emulator.models._base import Call, Physical, ResourceModel

__all__ = ["SecretModel"]


class SecretModel(ResourceModel, CloudFormationModel):
    """Create ``AWS::SecretsManager::Secret`` from ``SecretString`` or ``GenerateSecretString``;
    ``Ref`` and ``Fn::GetAtt Id`` give its ARN."""

    TYPE = "AWS::SecretsManager::Secret"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"Id"})

    @classmethod
    def create(cls, call: Call) -> Physical:
        properties = call.properties
        backend = secretsmanager_backends[call.account_id][call.region_name]
        secret_string = properties.get("SecretString")
        if secret_string is None and "GenerateSecretString" in properties:
            secret_string = generate_secret_string(properties["GenerateSecretString"])
        backend.create_secret(
            name=call.name,
            secret_string=secret_string,
            secret_binary=None,
            description=properties.get("Description"),
            tags=properties.get("Tags"),
            kms_key_id=properties.get("KmsKeyId"),
            client_request_token=None,
            replica_regions=[],
            force_overwrite=False,
        )
        arn: str = backend.describe_secret(call.name).arn
        return Physical(arn, {"Id": arn})

    @classmethod
    def delete(cls, call: Call) -> None:
        secretsmanager_backends[call.account_id][call.region_name].delete_secret(
            call.name, recovery_window_in_days=None, force_delete_without_recovery=True
        )


def generate_secret_string(spec: dict[str, Any]) -> str:
    """Return a secret as ``GenerateSecretString`` describes it (a password, or JSON with one)."""
    alphabet = ""
    if not spec.get("ExcludeLowercase"):
        alphabet += string.ascii_lowercase
    if not spec.get("ExcludeUppercase"):
        alphabet += string.ascii_uppercase
    if not spec.get("ExcludeNumbers"):
        alphabet += string.digits
    if not spec.get("ExcludePunctuation"):
        alphabet += string.punctuation
    if spec.get("IncludeSpace"):
        alphabet += " "
    alphabet = "".join(c for c in alphabet if c not in spec.get("ExcludeCharacters", ""))
    password = "".join(secrets.choice(alphabet) for _ in range(int(spec.get("PasswordLength", 32))))
    template = spec.get("SecretStringTemplate")
    if template is None:
        return password
    document = json.loads(template)
    document[spec["GenerateStringKey"]] = password
    return json.dumps(document)
