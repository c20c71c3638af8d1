"""``AWS::IAM::OIDCProvider``: moto reports it created but creates nothing."""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel

from sts_constructs.emulator.models._base import Physical, ResourceModel, iam_backend

__all__ = ["OidcProviderModel"]


class OidcProviderModel(ResourceModel, CloudFormationModel):
    """Create ``AWS::IAM::OIDCProvider``; ``Ref`` gives its ARN."""

    TYPE = "AWS::IAM::OIDCProvider"
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
        properties = cloudformation_json["Properties"]
        provider = iam_backend(account_id, region_name).create_open_id_connect_provider(
            properties["Url"],
            properties.get("ThumbprintList") or [],
            properties.get("ClientIdList") or [],
            properties.get("Tags") or [],
        )
        return Physical(provider.arn, {"Arn": provider.arn})

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        iam_backend(account_id, region_name).delete_open_id_connect_provider(resource_name)
