"""References to identity providers: the ones this app creates and ones that already exist.

Plain values, no CDK: trusts and the config model use them without starting Node.js.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from sts_constructs._arguments import check_fields

__all__ = [
    "ExistingOidcProvider",
    "ExistingSamlProvider",
    "OidcProviderReference",
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
