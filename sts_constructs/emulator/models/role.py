"""``AWS::IAM::Role``: inline policies as JSON text, managed policies, in-place updates.

moto stores inline ``Policies`` as dicts (every call fails with HTTP 500 once authorization is
enforced), ignores ``ManagedPolicyArns``, and on update resets ``MaxSessionDuration``.
"""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.iam.models import Role

from sts_constructs.emulator.models._base import (
    ResourceModel,
    apply_policies,
    document,
    iam_backend,
    remove_policies,
)

__all__ = ["RoleModel"]


class RoleModel(ResourceModel, CloudFormationModel):
    """Create ``AWS::IAM::Role`` with JSON inline policies and attached managed policies."""

    TYPE = "AWS::IAM::Role"
    NAME_PROPERTY = "RoleName"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        """Return whether ``Fn::GetAtt`` may read ``attr`` (moto's own role answers)."""
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
        apply_policies(iam_backend(account_id, region_name), "role", role.name, properties)
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
        backend = iam_backend(account_id, region_name)
        backend.update_assume_role_policy(name, document(properties["AssumeRolePolicyDocument"]))
        backend.update_role(
            name, properties.get("Description", ""), properties.get("MaxSessionDuration", 3600)
        )
        if properties.get("PermissionsBoundary"):
            backend.put_role_permissions_boundary(name, properties["PermissionsBoundary"])
        else:
            backend.delete_role_permissions_boundary(name)
        remove_policies(backend, "role", name, original_resource)
        apply_policies(backend, "role", name, properties)
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
