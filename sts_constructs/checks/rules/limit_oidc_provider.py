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


# Per list: what IAM calls its items, how many it allows, what each must be (the test and
# how a message says it), and the fix a message suggests.
_ITEM_RULES = (
    (
        "client IDs",
        OIDC_CLIENT_IDS_MAX,
        _is_client_id,
        "1-255 characters",
        "client IDs of 1-255 characters per provider",
        "Remove unused client IDs.",
    ),
    (
        "thumbprints",
        OIDC_THUMBPRINTS_MAX,
        is_thumbprint,
        "40 hex digits",
        "SHA-1 thumbprints of 40 hex digits",
        "Keep the current and the next certificate's thumbprint only.",
    ),
)


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per OIDC provider setting IAM refuses."""
    url = resource.properties.get("Url")
    if isinstance(url, str) and not url.startswith("https://"):
        yield (
            f"Url '{url}' does not start with https://. IAM only accepts https issuers, so "
            "the provider fails to deploy. Use the issuer URL exactly as the tokens' 'iss'."
        )
    for key, (items, maximum, valid, shape, allowed, fix) in zip(
        _LISTS[resource.type], _ITEM_RULES, strict=True
    ):
        values = as_list(resource.properties.get(key))
        bad = [v for v in values if isinstance(v, str) and not valid(v)]
        if len(values) > maximum or bad:
            yield (
                f"{key} has {len(values)} {items}"
                + (f", {len(bad)} of them not {shape}" if bad else "")
                + f". IAM allows up to {maximum} {allowed}, so the provider fails to deploy. "
                + fix
            )


RULE = Rule(
    id="STS-LIMIT12",
    severity="error",
    title="OIDC provider URL, client IDs or thumbprints IAM refuses",
    link="https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html",
    resource_types=frozenset(_LISTS),
    check_resource=check,
)
