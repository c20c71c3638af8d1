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
    iam_backend,
    inline_policies,
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
        _apply_policies(backend, resource_name, properties)
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
        group = backend.get_group(name)
        for policy_name in list(group.policies):
            backend.delete_group_policy(name, policy_name)
        for arn in list(group.managed_policies):
            backend.detach_group_policy(arn, name)
        _apply_policies(backend, name, properties)
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
        for arn in list(group.managed_policies):
            backend.detach_group_policy(arn, resource_name)
        backend.delete_group(resource_name)


def _apply_policies(backend: Any, name: str, properties: dict[str, Any]) -> None:
    for policy_name, document in inline_policies(properties).items():
        backend.put_group_policy(name, policy_name, document)
    for arn in properties.get("ManagedPolicyArns") or []:
        backend.attach_group_policy(arn, name)
