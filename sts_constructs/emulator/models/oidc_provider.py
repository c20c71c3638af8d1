"""``AWS::IAM::OIDCProvider``: moto reports it created but creates nothing."""

from __future__ import annotations

from moto.core.common_models import CloudFormationModel

from sts_constructs.emulator.models._base import Call, Physical, ResourceModel

__all__ = ["OidcProviderModel"]


class OidcProviderModel(ResourceModel, CloudFormationModel):
    """Create ``AWS::IAM::OIDCProvider``; ``Ref`` gives its ARN."""

    TYPE = "AWS::IAM::OIDCProvider"
    ATTRIBUTES = frozenset({"Arn"})

    @classmethod
    def create(cls, call: Call) -> Physical:
        properties = call.template["Properties"]
        provider = call.iam.create_open_id_connect_provider(
            properties["Url"],
            properties.get("ThumbprintList") or [],
            properties.get("ClientIdList") or [],
            properties.get("Tags") or [],
        )
        return Physical(provider.arn, {"Arn": provider.arn})

    @classmethod
    def delete(cls, call: Call) -> None:
        call.iam.delete_open_id_connect_provider(call.name)
