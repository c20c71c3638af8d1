"""``AWS::IAM::SAMLProvider``: moto reports it created but creates nothing."""

from __future__ import annotations

from moto.core.common_models import CloudFormationModel

from sts_constructs.emulator.models._base import Call, Physical, ResourceModel

__all__ = ["SamlProviderModel"]


class SamlProviderModel(ResourceModel, CloudFormationModel):
    """Create ``AWS::IAM::SAMLProvider``; ``Ref`` gives its ARN."""

    TYPE = "AWS::IAM::SAMLProvider"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"Arn"})

    @classmethod
    def create(cls, call: Call) -> Physical:
        metadata = call.template["Properties"]["SamlMetadataDocument"]
        provider = call.iam.create_saml_provider(call.name, metadata)
        return Physical(provider.arn, {"Arn": provider.arn})

    @classmethod
    def delete(cls, call: Call) -> None:
        call.iam.delete_saml_provider(call.name)
