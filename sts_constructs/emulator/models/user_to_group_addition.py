"""``AWS::IAM::UserToGroupAddition``: moto has no model for it."""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel

from sts_constructs.emulator.models._base import Physical, ResourceModel, iam_backend

__all__ = ["UserToGroupAdditionModel"]


class UserToGroupAdditionModel(ResourceModel, CloudFormationModel):
    """Create ``AWS::IAM::UserToGroupAddition``: add users to an existing group."""

    TYPE = "AWS::IAM::UserToGroupAddition"

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Physical:
        properties = cloudformation_json["Properties"]
        backend = iam_backend(account_id, region_name)
        for user_name in properties["Users"]:
            backend.add_user_to_group(properties["GroupName"], user_name)
        return Physical(resource_name, {})
