"""References to identity providers: the ones this app creates and ones that already exist.

Plain values, no CDK: trusts and the config model use them without starting Node.js.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, runtime_checkable

from sts_constructs._arguments import check_fields
from sts_constructs.validation import is_unresolved, quote_value

if TYPE_CHECKING:
    from aws_cdk import aws_iam as iam

__all__ = [
    "ExistingOidcProvider",
    "ExistingSamlProvider",
    "OidcProviderLike",
    "OidcProviderReference",
    "SamlProviderLike",
    "SamlProviderReference",
]


@runtime_checkable
class OidcProviderReference(Protocol):
    """An OIDC provider a web-identity trust can name: created here or already in the account."""

    @property
    def provider_arn(self) -> str:
        """The provider's ARN: the trust policy's ``Federated`` principal."""
        ...

    @property
    def issuer(self) -> str:
        """The issuer without ``https://``: the prefix of the condition keys (``<issuer>:sub``)."""
        ...


@dataclass(frozen=True, kw_only=True)
class ExistingOidcProvider:
    """Name an OIDC provider that already exists in the account (IAM holds one per issuer URL).

    Build it with ``OidcProvider.from_arn`` or ``OidcProvider.from_issuer``.
    """

    provider_arn: str
    """The provider's ARN."""
    issuer: str
    """The issuer without ``https://``, such as ``token.actions.githubusercontent.com``."""
    client_ids: Sequence[str] = ()
    """The provider's client IDs, when known: trusts check their audience against them.
    Default: unknown, not checked."""

    def __post_init__(self) -> None:
        """Raise ``TypeError`` for a field of the wrong type."""
        check_fields(self)


@runtime_checkable
class SamlProviderReference(Protocol):
    """A SAML provider a trust can name: created here or already in the account."""

    @property
    def provider_arn(self) -> str:
        """The provider's ARN: the trust policy's ``Federated`` principal."""
        ...


@dataclass(frozen=True, kw_only=True)
class ExistingSamlProvider:
    """Name a SAML provider that already exists; build it with ``SamlProvider.from_arn``."""

    provider_arn: str
    """The provider's ARN."""

    def __post_init__(self) -> None:
        """Raise ``TypeError`` for a field of the wrong type."""
        check_fields(self)


# What a trust takes: ours, or CDK's own (``iam.OidcProviderNative``, ``iam.IOidcProvider``
# imported with ``from_oidc_provider_arn``; ``iam.SamlProvider``, ``iam.ISamlProvider``).
OidcProviderLike: TypeAlias = "OidcProviderReference | iam.IOidcProvider"
SamlProviderLike: TypeAlias = "SamlProviderReference | iam.ISamlProvider"


def as_oidc_provider(field: str, provider: Any) -> OidcProviderReference:
    """Return ``provider`` (ours, or CDK's ``iam.IOidcProvider``) as an ``OidcProviderReference``.

    A CDK provider's issuer must be known as text (trust condition keys start with it): an
    imported one (``OidcProviderNative.from_oidc_provider_arn`` with a literal ARN) or an
    ``iam.OidcProviderNative`` made in this app with a literal URL (its client IDs are then
    checked against the trust's audiences too). Raises ``TypeError`` for anything else and
    ``ValueError`` for a CDK provider whose issuer is known only at deploy time.
    """
    if isinstance(provider, OidcProviderReference):
        return provider
    arn = _cdk_provider_arn(
        field,
        provider,
        "open_id_connect_provider_arn",
        "an OidcProvider, OidcProvider.from_arn(...)/from_issuer(...) or a CDK iam.IOidcProvider",
    )
    issuer: Any = getattr(provider, "open_id_connect_provider_issuer", None)
    client_ids: tuple[str, ...] = ()
    if not isinstance(issuer, str) or is_unresolved(issuer):
        # Made in this app: the L1 under an iam.OidcProviderNative holds the URL as given.
        node = getattr(provider, "node", None)
        cfn = getattr(node, "default_child", None) if node is not None else None
        url = getattr(cfn, "url", None)
        issuer = url.removeprefix("https://") if isinstance(url, str) else None
        client_ids = tuple(getattr(cfn, "client_id_list", None) or ())
    if not isinstance(issuer, str) or is_unresolved(issuer):
        raise ValueError(
            f"{field}: the issuer of this CDK OIDC provider is known only at deploy time; a "
            "trust's condition keys start with it: use iam.OidcProviderNative with a literal "
            "url, sts_constructs.federation.OidcProvider, or OidcProvider.from_issuer(...)"
        )
    return ExistingOidcProvider(provider_arn=arn, issuer=issuer, client_ids=client_ids)


def as_saml_provider(field: str, provider: Any) -> SamlProviderReference:
    """Return ``provider`` (ours, or CDK's ``iam.ISamlProvider``) as a ``SamlProviderReference``.

    Raises ``TypeError`` for anything else.
    """
    if isinstance(provider, SamlProviderReference):
        return provider
    arn = _cdk_provider_arn(
        field,
        provider,
        "saml_provider_arn",
        "a SamlProvider, SamlProvider.from_arn(...) or a CDK iam.ISamlProvider",
    )
    return ExistingSamlProvider(provider_arn=arn)


def _cdk_provider_arn(field: str, provider: Any, attribute: str, expected: str) -> str:
    """Return a CDK provider's ARN (its ``attribute``); raise ``TypeError`` for anything else."""
    arn = getattr(provider, attribute, None)
    if not isinstance(arn, str):
        raise TypeError(
            f"{field}: {quote_value(provider)} is a {type(provider).__name__}; expected {expected}"
        )
    return arn
