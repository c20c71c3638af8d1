"""``AWS::IAM::Group`` with its inline and managed policies.

moto reports the type created but creates nothing, so an ``AWS::IAM::Policy`` attached to the
group fails with "Group None not found".
"""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel

from sts_constructs.emulator.models._base import (
    Physical,
    ResourceModel,
    apply_policies,
    iam_backend,
    remove_policies,
)

__all__ = ["GroupModel"]


class GroupModel(ResourceModel, CloudFormationModel):
    """Create ``AWS::IAM::Group`` with ``Path``, ``Policies`` and ``ManagedPolicyArns``."""

    TYPE = "AWS::IAM::Group"
    NAME_PROPERTY = "GroupName"
    ATTRIBUTES = frozenset({"Arn"})

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Physical:
        properties = cloudformation_json.get("Properties", {})
        backend = iam_backend(account_id, region_name)
        group = backend.create_group(resource_name, properties.get("Path", "/"))
        apply_policies(backend, "group", resource_name, properties)
        return Physical(group.name, {"Arn": group.arn})

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: Physical,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Physical:
        properties = cloudformation_json.get("Properties", {})
        name = original_resource.physical_resource_id
        if properties.get("GroupName", name) != name:
            cls.delete_from_cloudformation_json(name, cloudformation_json, account_id, region_name)
            return cls.create_from_cloudformation_json(
                properties["GroupName"], cloudformation_json, account_id, region_name
            )
        backend = iam_backend(account_id, region_name)
        remove_policies(backend, "group", name, backend.get_group(name))
        apply_policies(backend, "group", name, properties)
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
        group = backend.groups.get(resource_name)
        if group is None:
            return
        remove_policies(backend, "group", resource_name, group)
        backend.delete_group(resource_name)
