"""STS-LIMIT12: an OIDC provider with a non-https URL, or too many or malformed IDs."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import as_list
from ...validation import (
    OIDC_CLIENT_IDS_MAX,
    OIDC_THUMBPRINTS_MAX,
    is_thumbprint,
    validate_oidc_client_id,
)
from .._context import ResourceContext
from .._finding import Rule

# CDK's OpenIdConnectProvider custom resource spells the lists differently.
_LISTS = {
    "AWS::IAM::OIDCProvider": ("ClientIdList", "ThumbprintList"),
    "Custom::AWSCDKOpenIdConnectProvider": ("ClientIDList", "ThumbprintList"),
}


def _is_client_id(value: str) -> bool:
    try:
        validate_oidc_client_id("ClientId", value)
    except ValueError:
        return False
    return True


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per OIDC provider setting IAM refuses."""
    clients_key, thumbprints_key = _LISTS[resource.type]
    url = resource.properties.get("Url")
    if isinstance(url, str) and not url.startswith("https://"):
        yield (
            f"Url '{url}' does not start with https://. IAM only accepts https issuers, so "
            "the provider fails to deploy. Use the issuer URL exactly as the tokens' 'iss'."
        )
    clients = as_list(resource.properties.get(clients_key))
    long_ids = [c for c in clients if isinstance(c, str) and not _is_client_id(c)]
    if len(clients) > OIDC_CLIENT_IDS_MAX or long_ids:
        yield (
            f"{clients_key} has {len(clients)} client IDs"
            + (f", {len(long_ids)} of them not 1-255 characters" if long_ids else "")
            + f". IAM allows up to {OIDC_CLIENT_IDS_MAX} client IDs of 1-255 characters per "
            "provider, so the provider fails to deploy. Remove unused client IDs."
        )
    thumbprints = as_list(resource.properties.get(thumbprints_key))
    bad = [t for t in thumbprints if isinstance(t, str) and not is_thumbprint(t)]
    if len(thumbprints) > OIDC_THUMBPRINTS_MAX or bad:
        yield (
            f"{thumbprints_key} has {len(thumbprints)} thumbprints"
            + (f", {len(bad)} of them not 40 hex digits" if bad else "")
            + f". IAM allows up to {OIDC_THUMBPRINTS_MAX} SHA-1 thumbprints of 40 hex digits, so "
            "the provider fails to deploy. Keep the current and the next certificate's "
            "thumbprint only."
        )


RULE = Rule(
    id="STS-LIMIT12",
    severity="error",
    title="OIDC provider URL, client IDs or thumbprints IAM refuses",
    link="https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html",
    resource_types=frozenset(_LISTS),
    check_resource=check,
)
