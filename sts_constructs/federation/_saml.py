"""SAML 2.0 federation: an IAM SAML provider from IdP metadata, and the trust of SAML roles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, cast

from aws_cdk import Annotations
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._arguments import check_arguments, check_fields
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._policy_values import one_or_list
from sts_constructs._trust import PolicyDocument
from sts_constructs.federation._references import (
    ExistingSamlProvider,
    SamlProviderLike,
    SamlProviderReference,
    as_saml_provider,
)
from sts_constructs.federation._saml_metadata import SamlMetadata
from sts_constructs.validation import (
    quote_value,
    validate_region,
    validate_saml_provider_arn,
    validate_saml_provider_name,
)

__all__ = [
    "SAML_SIGN_IN_ENDPOINT",
    "SamlProvider",
    "SamlTrust",
    "saml_sign_in_endpoint",
]

SAML_ACTION: Final = "sts:AssumeRoleWithSAML"
SAML_SIGN_IN_ENDPOINT: Final = "https://signin.aws.amazon.com/saml"
_HTTPS_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[^\s?#*]*)?", re.ASCII)


def saml_sign_in_endpoint(region: str | None = None) -> str:
    """Return the AWS sign-in SAML endpoint: global, or of ``region`` (Default: global).

    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_saml_3rd-party.html
    """
    check_arguments(saml_sign_in_endpoint, locals())
    if region is None:
        return SAML_SIGN_IN_ENDPOINT
    validate_region("sign_in_region", region)
    return f"https://{region}.signin.aws.amazon.com/saml"


class SamlProvider(Construct, NamedInErrors):
    """Define an IAM SAML 2.0 identity provider from the IdP's metadata document.

    The metadata is checked when it is read (``SamlMetadata``): well-formed XML, one IdP
    ``EntityDescriptor`` for SAML 2.0, at least one signing certificate. An expired signing
    certificate or a past ``validUntil`` is a synth warning, not an error (IAM accepts it).
    https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html

    Args:
        metadata: The IdP's metadata document, read with ``SamlMetadata.from_file(path)``
            or ``SamlMetadata.from_xml(xml)``.
        name: The provider's name, 1-128 characters of letters, digits, ``.``, ``_`` and
            ``-``. Default: a name CloudFormation generates.

    Raises:
        TypeError: ``metadata`` that is not a ``SamlMetadata``, or a ``name`` that is not a
            string.
        ValueError: a name outside the rule above.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        metadata: SamlMetadata,
        name: str | None = None,
    ) -> None:
        if not isinstance(metadata, SamlMetadata):
            raise TypeError(
                f"metadata: {quote_value(metadata)} is a {type(metadata).__name__}; expected "
                "SamlMetadata "
                "(read it with SamlMetadata.from_file(path))"
            )
        check_arguments(SamlProvider.__init__, locals())
        super().__init__(scope, construct_id)
        if name is not None:
            validate_saml_provider_name("name", name)
        self.metadata = metadata
        """The checked metadata document."""
        self.resource = iam.SamlProvider(
            self,
            "Resource",
            metadata_document=iam.SamlMetadataDocument.from_xml(metadata.xml),
            name=name,
        )
        """The underlying ``iam.SamlProvider``."""
        for warning in metadata.warnings():
            Annotations.of(self).add_warning_v2("sts-constructs:saml-metadata-expiry", warning)
        self.provider_arn: str = self.resource.saml_provider_arn
        """The provider's ARN (a token until deploy)."""

    @staticmethod
    def from_arn(provider_arn: str) -> ExistingSamlProvider:
        """Name an existing SAML provider by its ARN.

        Raises ``TypeError`` for a ``provider_arn`` that is not a string, ``ValueError`` for
        one that is not a SAML provider ARN (``arn:aws:iam::<account>:saml-provider/NAME``).
        """
        check_arguments(SamlProvider.from_arn, locals())
        validate_saml_provider_arn("provider_arn", provider_arn)
        return ExistingSamlProvider(provider_arn=provider_arn)


@dataclass(frozen=True, kw_only=True)
class SamlTrust:
    """Define a trust in SAML assertions of one IdP, for the console or the API.

    ``SAML:aud`` is pinned to the AWS sign-in endpoint the IdP posts assertions to, so an
    assertion issued for another service provider is refused. Console sign-in and
    ``aws sts assume-role-with-saml`` both call ``sts:AssumeRoleWithSAML``.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html
    """

    provider: SamlProviderLike
    """The IAM SAML provider: ``SamlProvider``, ``SamlProvider.from_arn``, or CDK's own
    ``iam.SamlProvider`` / ``iam.ISamlProvider``."""
    sign_in_region: str | None = None
    """Pin the regional sign-in endpoint ``https://<region>.signin.aws.amazon.com/saml`` your
    IdP posts to. Default: the global endpoint ``https://signin.aws.amazon.com/saml``."""
    audience: str | None = None
    """Another exact ``SAML:aud`` (another partition's endpoint, such as
    ``https://signin.amazonaws.cn/saml``). Default: the sign-in endpoint above."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession`` (``PrincipalTag`` attributes). Default: False."""
    allow_source_identity: bool = False
    """Also allow ``sts:SetSourceIdentity`` (the ``SourceIdentity`` attribute). Default: False."""

    def __post_init__(self) -> None:
        """Raise ``TypeError`` for a field of the wrong type, ``ValueError`` for a bad value."""
        object.__setattr__(self, "provider", as_saml_provider("provider", self.provider))
        check_fields(self)
        if self.sign_in_region is not None:
            validate_region("sign_in_region", self.sign_in_region)
            if self.audience is not None:
                raise ValueError(
                    f"audience: {self.audience!r} given with sign_in_region "
                    f"{self.sign_in_region!r}; both set SAML:aud, pick one"
                )
        if self.audience is not None and not _HTTPS_URL.fullmatch(self.audience):
            raise ValueError(
                f"audience: {self.audience!r} is not an exact https:// URL (no wildcards); "
                "SAML:aud is the URL the IdP posts assertions to"
            )

    @property
    def pinned_audience(self) -> str:
        """The ``SAML:aud`` the trust requires."""
        return self.audience or saml_sign_in_endpoint(self.sign_in_region)

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        actions = [SAML_ACTION]
        if self.allow_session_tags:
            actions.append("sts:TagSession")
        if self.allow_source_identity:
            actions.append("sts:SetSourceIdentity")
        return {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "SamlProvider",
                    "Effect": "Allow",
                    "Principal": {
                        "Federated": cast(SamlProviderReference, self.provider).provider_arn
                    },
                    "Action": one_or_list(actions),
                    # SAML:aud holds one value: StringEquals, never a set operator.
                    "Condition": {"StringEquals": {"SAML:aud": self.pinned_audience}},
                }
            ],
        }
