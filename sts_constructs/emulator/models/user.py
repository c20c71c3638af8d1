"""``AWS::IAM::User``: moto applies only ``Path``; this applies every property our stacks set."""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.iam.models import User

from sts_constructs.emulator.models._base import (
    ResourceModel,
    apply_policies,
    iam_backend,
    remove_policies,
)

__all__ = ["UserModel"]


class UserModel(ResourceModel, CloudFormationModel):
    """Create ``AWS::IAM::User`` through moto's own ``User``, then ``Groups``, ``Policies``,
    ``ManagedPolicyArns``, ``PermissionsBoundary``, ``LoginProfile`` and ``Tags``."""

    TYPE = "AWS::IAM::User"
    NAME_PROPERTY = "UserName"
    ATTRIBUTES = frozenset({"Arn"})

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
        backend = iam_backend(account_id, region_name)
        for group_name in properties.get("Groups") or []:
            backend.add_user_to_group(group_name, user.name)
        apply_policies(backend, "user", user.name, properties)
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
        backend = iam_backend(account_id, region_name)
        name = original_resource.name
        original_resource.path = properties.get("Path", "/")
        wanted = set(properties.get("Groups") or [])
        for group in backend.groups.values():
            if original_resource in group.users and group.name not in wanted:
                group.users.remove(original_resource)
        for group_name in wanted:
            backend.add_user_to_group(group_name, name)
        remove_policies(backend, "user", name, original_resource)
        apply_policies(backend, "user", name, properties)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        backend = iam_backend(account_id, region_name)
        user = backend.users.get(resource_name)
        if user is None:
            return
        for group in backend.groups.values():
            if user in group.users:
                group.users.remove(user)
        remove_policies(backend, "user", resource_name, user)
        backend.delete_user(resource_name)
