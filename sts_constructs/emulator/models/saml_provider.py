"""``AWS::IAM::SAMLProvider``: moto reports it created but creates nothing."""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel

from sts_constructs.emulator.models._base import Physical, ResourceModel, iam_backend

__all__ = ["SamlProviderModel"]


class SamlProviderModel(ResourceModel, CloudFormationModel):
    """Create ``AWS::IAM::SAMLProvider``; ``Ref`` gives its ARN."""

    TYPE = "AWS::IAM::SAMLProvider"
    NAME_PROPERTY = "Name"
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
        provider = iam_backend(account_id, region_name).create_saml_provider(
            resource_name, properties["SamlMetadataDocument"]
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
        iam_backend(account_id, region_name).delete_saml_provider(resource_name)
