"""CloudFormation models that moto 5.2 lacks or applies only in part, for its server process.

moto builds its CloudFormation type map from the direct subclasses of ``CloudFormationModel``
(``moto.cloudformation.parsing.get_model_map``); when two subclasses name the same type, the one
defined last wins. Importing this module and calling :func:`install` therefore teaches the
emulator's CloudFormation the types below, each implemented on moto's own backends:

- ``AWS::IAM::Group`` (moto reports it created but creates nothing, so an ``AWS::IAM::Policy``
  attached to it fails with "Group None not found"), with ``Policies`` and ``ManagedPolicyArns``;
- ``AWS::IAM::UserToGroupAddition``;
- ``AWS::IAM::User``: moto applies only ``Path``; this adds ``Groups``, ``Policies``,
  ``ManagedPolicyArns``, ``PermissionsBoundary``, ``LoginProfile`` and ``Tags``;
- ``AWS::IAM::Role``: moto stores inline ``Policies`` as dicts (every call fails with HTTP 500
  once authorization is enforced), ignores ``ManagedPolicyArns``, and on update resets
  ``MaxSessionDuration``; this stores the documents as JSON, attaches the managed policies and
  updates trust, description, duration and policies in place;
- ``AWS::IAM::OIDCProvider`` and ``AWS::IAM::SAMLProvider``;
- ``AWS::SecretsManager::Secret`` (``SecretString`` or ``GenerateSecretString``).

Not modelled on purpose: ``AWS::S3::BucketPolicy``. moto evaluates bucket policies without
their conditions, so the usual "deny unless aws:SecureTransport" statement would deny every
call to a bucket (the emulator speaks plain HTTP). It stays "skipped by the emulator".

The module depends on moto only, never on sts-constructs, so that it can go upstream as is.
"""

from __future__ import annotations

import json
import string
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.iam.models import Role, User, iam_backends
from moto.secretsmanager.models import secretsmanager_backends
from moto.utilities.utils import get_partition

__all__ = [
    "GroupModel",
    "OidcProviderModel",
    "RoleModel",
    "SamlProviderModel",
    "SecretModel",
    "UserModel",
    "UserToGroupAdditionModel",
    "install",
]


def install() -> list[str]:
    """Make moto's CloudFormation use the models of this module; return the types they cover.

    Clears moto's cached type map, so that it also works after moto parsed a template.
    """
    from moto.cloudformation import parsing

    parsing.get_model_list.cache_clear()
    parsing.get_model_map.cache_clear()
    parsing.get_name_type_map.cache_clear()
    model_map = parsing.get_model_map()
    ours = [model.cloudformation_type() for model in _MODELS]
    missing = [name for name in ours if model_map.get(name) not in _MODELS]
    if missing:  # pragma: no cover - a moto release changed how it builds its type map
        raise RuntimeError(f"moto did not take the models for {', '.join(missing)}")
    return ours


def _iam(account_id: str, region_name: str) -> Any:
    return iam_backends[account_id][get_partition(region_name)]


def _document(document: Any) -> str:
    """Return a policy document as the JSON text IAM stores (CloudFormation passes dicts)."""
    return document if isinstance(document, str) else json.dumps(document)


def _inline_policies(properties: dict[str, Any]) -> dict[str, str]:
    return {
        policy["PolicyName"]: _document(policy["PolicyDocument"])
        for policy in properties.get("Policies") or []
    }


class _Physical:
    """A resource moto has no model object for: its physical ID and ``Fn::GetAtt`` values."""

    def __init__(self, physical_resource_id: str, attributes: dict[str, str]) -> None:
        self.physical_resource_id = physical_resource_id
        self.attributes = attributes

    def is_created(self) -> bool:
        """Return True: the backend call that made the resource has returned."""
        return True

    def get_cfn_attribute(self, attribute_name: str) -> str:
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        if attribute_name in self.attributes:
            return self.attributes[attribute_name]
        raise UnformattedGetAttTemplateException()


class GroupModel(CloudFormationModel):
    """Create ``AWS::IAM::Group`` with its inline and managed policies."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return "GroupName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::IAM::Group"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> _Physical:
        properties = cloudformation_json.get("Properties", {})
        backend = _iam(account_id, region_name)
        group = backend.create_group(resource_name, properties.get("Path", "/"))
        cls._apply_policies(backend, resource_name, properties)
        return _Physical(group.name, {"Arn": group.arn})

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: _Physical,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> _Physical:
        properties = cloudformation_json.get("Properties", {})
        name = original_resource.physical_resource_id
        if properties.get("GroupName", name) != name:
            cls.delete_from_cloudformation_json(name, cloudformation_json, account_id, region_name)
            return cls.create_from_cloudformation_json(
                properties["GroupName"], cloudformation_json, account_id, region_name
            )
        backend = _iam(account_id, region_name)
        group = backend.get_group(name)
        for policy_name in list(group.policies):
            backend.delete_group_policy(name, policy_name)
        for arn in list(group.managed_policies):
            backend.detach_group_policy(arn, name)
        cls._apply_policies(backend, name, properties)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        backend = _iam(account_id, region_name)
        group = backend.groups.get(resource_name)
        if group is None:
            return
        for arn in list(group.managed_policies):
            backend.detach_group_policy(arn, resource_name)
        backend.delete_group(resource_name)

    @staticmethod
    def _apply_policies(backend: Any, name: str, properties: dict[str, Any]) -> None:
        for policy_name, document in _inline_policies(properties).items():
            backend.put_group_policy(name, policy_name, document)
        for arn in properties.get("ManagedPolicyArns") or []:
            backend.attach_group_policy(arn, name)


class UserToGroupAdditionModel(CloudFormationModel):
    """Create ``AWS::IAM::UserToGroupAddition``: add users to an existing group."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::IAM::UserToGroupAddition"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> _Physical:
        properties = cloudformation_json["Properties"]
        backend = _iam(account_id, region_name)
        for user_name in properties["Users"]:
            backend.add_user_to_group(properties["GroupName"], user_name)
        return _Physical(resource_name, {})


class UserModel(CloudFormationModel):
    """Create ``AWS::IAM::User`` with all of its properties, through moto's own ``User``."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return "UserName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::IAM::User"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Any:
        properties = cloudformation_json.get("Properties", {})
        user = User.create_from_cloudformation_json(
            resource_name, cloudformation_json, account_id, region_name, **kwargs
        )
        backend = _iam(account_id, region_name)
        for group_name in properties.get("Groups") or []:
            backend.add_user_to_group(group_name, user.name)
        for policy_name, document in _inline_policies(properties).items():
            backend.put_user_policy(user.name, policy_name, document)
        for arn in properties.get("ManagedPolicyArns") or []:
            backend.attach_user_policy(arn, user.name)
        if properties.get("PermissionsBoundary"):
            backend.put_user_permissions_boundary(user.name, properties["PermissionsBoundary"])
        if properties.get("LoginProfile"):
            backend.create_login_profile(user.name, properties["LoginProfile"]["Password"])
        if properties.get("Tags"):
            backend.tag_user(user.name, properties["Tags"])
        return user

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        properties = cloudformation_json.get("Properties", {})
        if properties.get("UserName", original_resource.name) != original_resource.name:
            cls.delete_from_cloudformation_json(
                original_resource.name, cloudformation_json, account_id, region_name
            )
            return cls.create_from_cloudformation_json(
                properties["UserName"], cloudformation_json, account_id, region_name
            )
        backend = _iam(account_id, region_name)
        name = original_resource.name
        original_resource.path = properties.get("Path", "/")
        wanted = set(properties.get("Groups") or [])
        for group in backend.groups.values():
            if original_resource in group.users and group.name not in wanted:
                group.users.remove(original_resource)
        for group_name in wanted:
            backend.add_user_to_group(group_name, name)
        for policy_name in list(original_resource.policies):
            backend.delete_user_policy(name, policy_name)
        for policy_name, document in _inline_policies(properties).items():
            backend.put_user_policy(name, policy_name, document)
        for arn in list(original_resource.managed_policies):
            backend.detach_user_policy(arn, name)
        for arn in properties.get("ManagedPolicyArns") or []:
            backend.attach_user_policy(arn, name)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        backend = _iam(account_id, region_name)
        user = backend.users.get(resource_name)
        if user is None:
            return
        for group in backend.groups.values():
            if user in group.users:
                group.users.remove(user)
        for policy_name in list(user.policies):
            backend.delete_user_policy(resource_name, policy_name)
        for arn in list(user.managed_policies):
            backend.detach_user_policy(arn, resource_name)
        backend.delete_user(resource_name)


class RoleModel(CloudFormationModel):
    """Create ``AWS::IAM::Role`` with JSON inline policies and attached managed policies."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return "RoleName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::IAM::Role"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return bool(Role.has_cfn_attr(attr))

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Any:
        properties = cloudformation_json.get("Properties", {})
        without_policies = {
            **cloudformation_json,
            "Properties": {k: v for k, v in properties.items() if k != "Policies"},
        }
        role = Role.create_from_cloudformation_json(
            resource_name, without_policies, account_id, region_name, **kwargs
        )
        cls._apply_policies(_iam(account_id, region_name), role.name, properties)
        return role

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        properties = cloudformation_json.get("Properties", {})
        name = original_resource.name
        if properties.get("RoleName", name) != name or properties.get("Path", "/") != (
            original_resource.path
        ):
            Role.delete_from_cloudformation_json(name, cloudformation_json, account_id, region_name)
            return cls.create_from_cloudformation_json(
                properties.get("RoleName", new_resource_name),
                cloudformation_json,
                account_id,
                region_name,
            )
        backend = _iam(account_id, region_name)
        backend.update_assume_role_policy(name, _document(properties["AssumeRolePolicyDocument"]))
        backend.update_role(
            name, properties.get("Description", ""), properties.get("MaxSessionDuration", 3600)
        )
        if properties.get("PermissionsBoundary"):
            backend.put_role_permissions_boundary(name, properties["PermissionsBoundary"])
        else:
            backend.delete_role_permissions_boundary(name)
        for policy_name in list(original_resource.policies):
            backend.delete_role_policy(name, policy_name)
        for arn in list(original_resource.managed_policies):
            backend.detach_role_policy(arn, name)
        cls._apply_policies(backend, name, properties)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        Role.delete_from_cloudformation_json(
            resource_name, cloudformation_json, account_id, region_name
        )

    @staticmethod
    def _apply_policies(backend: Any, name: str, properties: dict[str, Any]) -> None:
        for policy_name, document in _inline_policies(properties).items():
            backend.put_role_policy(name, policy_name, document)
        for arn in properties.get("ManagedPolicyArns") or []:
            backend.attach_role_policy(arn, name)


class OidcProviderModel(CloudFormationModel):
    """Create ``AWS::IAM::OIDCProvider``; ``Ref`` gives its ARN."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::IAM::OIDCProvider"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> _Physical:
        properties = cloudformation_json["Properties"]
        provider = _iam(account_id, region_name).create_open_id_connect_provider(
            properties["Url"],
            properties.get("ThumbprintList") or [],
            properties.get("ClientIdList") or [],
            properties.get("Tags") or [],
        )
        return _Physical(provider.arn, {"Arn": provider.arn})

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        _iam(account_id, region_name).delete_open_id_connect_provider(resource_name)


class SamlProviderModel(CloudFormationModel):
    """Create ``AWS::IAM::SAMLProvider``; ``Ref`` gives its ARN."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::IAM::SAMLProvider"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> _Physical:
        properties = cloudformation_json["Properties"]
        provider = _iam(account_id, region_name).create_saml_provider(
            resource_name, properties["SamlMetadataDocument"]
        )
        return _Physical(provider.arn, {"Arn": provider.arn})

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        _iam(account_id, region_name).delete_saml_provider(resource_name)


class SecretModel(CloudFormationModel):
    """Create ``AWS::SecretsManager::Secret``; ``Ref`` and ``Fn::GetAtt Id`` give its ARN."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SecretsManager::Secret"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Id"

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> _Physical:
        properties = cloudformation_json.get("Properties", {})
        backend = secretsmanager_backends[account_id][region_name]
        secret_string = properties.get("SecretString")
        if secret_string is None and "GenerateSecretString" in properties:
            secret_string = _generate_secret_string(properties["GenerateSecretString"])
        backend.create_secret(
            name=resource_name,
            secret_string=secret_string,
            secret_binary=None,
            description=properties.get("Description"),
            tags=properties.get("Tags"),
            kms_key_id=properties.get("KmsKeyId"),
            client_request_token=None,
            replica_regions=[],
            force_overwrite=False,
        )
        arn: str = backend.describe_secret(resource_name).arn
        return _Physical(arn, {"Id": arn})

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        secretsmanager_backends[account_id][region_name].delete_secret(
            resource_name, recovery_window_in_days=None, force_delete_without_recovery=True
        )


def _generate_secret_string(spec: dict[str, Any]) -> str:
    """Return a secret as ``GenerateSecretString`` describes it (a password, or JSON with one)."""
    import secrets

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


_MODELS: tuple[type[CloudFormationModel], ...] = (
    GroupModel,
    OidcProviderModel,
    RoleModel,
    SamlProviderModel,
    SecretModel,
    UserModel,
    UserToGroupAdditionModel,
)
