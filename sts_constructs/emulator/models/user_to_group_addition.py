"""``AWS::IAM::UserToGroupAddition``: moto has no model for it."""

from __future__ import annotations

from moto.core.common_models import CloudFormationModel

from sts_constructs.emulator.models._base import Call, Physical, ResourceModel

__all__ = ["UserToGroupAdditionModel"]


class UserToGroupAdditionModel(ResourceModel, CloudFormationModel):
    """Create ``AWS::IAM::UserToGroupAddition``: add users to an existing group."""

    TYPE = "AWS::IAM::UserToGroupAddition"

    @classmethod
    def create(cls, call: Call) -> Physical:
        properties = call.template["Properties"]
        for user_name in properties["Users"]:
            call.iam.add_user_to_group(properties["GroupName"], user_name)
        return Physical(call.name, {})
