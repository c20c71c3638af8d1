"""An IAM OpenID Connect identity provider on the native ``AWS::IAM::OIDCProvider`` resource."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Aws
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._arguments import check_arguments
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs.federation._references import ExistingOidcProvider
from sts_constructs.federation._validation import issuer_host, require_items
from sts_constructs.validation import (
    OIDC_CLIENT_IDS_MAX,
    OIDC_THUMBPRINTS_MAX,
    is_unresolved,
    parse_oidc_provider_arn,
    require_unique,
    validate_oidc_client_id,
    validate_oidc_issuer_url,
    validate_thumbprint,
)

__all__ = ["OidcProvider"]


class OidcProvider(Construct, NamedInErrors):
    """Define an IAM OIDC identity provider for one issuer URL (``AWS::IAM::OIDCProvider``).

    A native CloudFormation resource, no Lambda-backed custom resource, and no thumbprint
    fetched at synth: IAM verifies the issuer's key endpoint with its library of trusted root
    certificate authorities, and uses thumbprints only for an issuer whose certificate does not
    chain to one of them. Left out, IAM records the issuer's top intermediate CA itself.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html

    Args:
        url: The issuer URL: ``https://`` and a host with an optional path, no port, query
            or fragment, at most 255 characters; a literal, not a token (the trusts'
            condition keys name it).
        client_ids: The audiences IAM accepts in the issuer's tokens: 1-100, each 1-255
            printable ASCII characters without spaces, not ``*``, each named once.
        thumbprints: Up to 5 SHA-1 certificate thumbprints, 40 hexadecimal characters
            each. Default: none; IAM uses its trusted root CAs.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a URL, client ID or thumbprint outside the rules above, no client IDs
            or more than 100, a client ID named twice, or more than 5 thumbprints.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        url: str,
        client_ids: Sequence[str],
        thumbprints: Sequence[str] = (),
    ) -> None:
        check_arguments(OidcProvider.__init__, locals())
        super().__init__(scope, construct_id)
        validate_oidc_issuer_url("url", url)
        _check_client_ids(client_ids, required=True)
        if len(thumbprints) > OIDC_THUMBPRINTS_MAX:
            raise ValueError(
                f"thumbprints: {len(thumbprints)} thumbprints; IAM allows {OIDC_THUMBPRINTS_MAX}"
            )
        for i, thumbprint in enumerate(thumbprints):
            validate_thumbprint(f"thumbprints[{i}]", thumbprint)

        self.url = url
        """The issuer URL (``https://...``)."""
        self.issuer = issuer_host(url)
        """The issuer without ``https://``: the prefix of this provider's condition keys."""
        self.client_ids: tuple[str, ...] = tuple(client_ids)
        """The audiences IAM accepts in tokens of this issuer."""
        self.resource = iam.OidcProviderNative(
            self,
            "Resource",
            url=url,
            client_ids=list(client_ids),
            thumbprints=list(thumbprints) or None,
        )
        """The underlying ``iam.OidcProviderNative``."""
        self.provider_arn: str = self.resource.oidc_provider_arn
        """The provider's ARN (a token until deploy)."""

    @staticmethod
    def from_arn(provider_arn: str, *, client_ids: Sequence[str] = ()) -> ExistingOidcProvider:
        """Name an existing provider by its literal ARN; the issuer is read from the ARN.

        ``client_ids``: the provider's client IDs, to check trusts' audiences against.
        Default: unknown, not checked. Raises ``TypeError`` for an argument of the wrong type,
        ``ValueError`` for a token or anything but an OIDC provider ARN, or a bad client ID.
        """
        check_arguments(OidcProvider.from_arn, locals())
        issuer = None if is_unresolved(provider_arn) else parse_oidc_provider_arn(provider_arn)
        if issuer is None:
            raise ValueError(
                f"provider_arn: {provider_arn!r} is not a literal OIDC provider ARN like "
                "'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com'"
            )
        validate_oidc_issuer_url("provider_arn", f"https://{issuer}")
        _check_client_ids(client_ids, required=False)
        return ExistingOidcProvider(
            provider_arn=provider_arn, issuer=issuer, client_ids=tuple(client_ids)
        )

    @staticmethod
    def from_issuer(url: str, *, client_ids: Sequence[str] = ()) -> ExistingOidcProvider:
        """Name the provider of ``url`` that already exists in the deploying account.

        ``client_ids``: the provider's client IDs, to check trusts' audiences against.
        Default: unknown, not checked. Raises ``TypeError`` for an argument of the wrong type,
        ``ValueError`` for a URL outside ``url``'s rule (see the class) or a bad client ID.
        """
        check_arguments(OidcProvider.from_issuer, locals())
        validate_oidc_issuer_url("url", url)
        _check_client_ids(client_ids, required=False)
        issuer = issuer_host(url)
        arn = f"arn:{Aws.PARTITION}:iam::{Aws.ACCOUNT_ID}:oidc-provider/{issuer}"
        return ExistingOidcProvider(provider_arn=arn, issuer=issuer, client_ids=tuple(client_ids))


def _check_client_ids(client_ids: Sequence[str], *, required: bool) -> None:
    if required:
        require_items("client_ids", client_ids, "audience (client ID) such as 'sts.amazonaws.com'")
    if len(client_ids) > OIDC_CLIENT_IDS_MAX:
        raise ValueError(
            f"client_ids: {len(client_ids)} client IDs; IAM allows {OIDC_CLIENT_IDS_MAX} per "
            "provider"
        )
    for i, client_id in enumerate(client_ids):
        validate_oidc_client_id(f"client_ids[{i}]", client_id)
    require_unique("client_ids", client_ids)
