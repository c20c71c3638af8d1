"""Identity-provider ARNs and partitions: the IAM rules federation and cross-account use."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from ._patterns import _PARTITION, _full, matches, rule_validator

__all__ = [
    "BUILTIN_WEB_IDENTITY_ISSUERS",
    "is_partition",
    "is_saml_sign_in_endpoint",
    "parse_oidc_provider_arn",
    "validate_partition",
    "validate_saml_provider_arn",
]

# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
_PARTITION_NAME = re.compile(_PARTITION)
_OIDC_PROVIDER_ARN = re.compile(
    rf"arn:{_PARTITION}:iam::\d{{12}}:oidc-provider/(?P<issuer>[\x21-\x7E]{{1,255}})", re.ASCII
)
_SAML_PROVIDER_ARN = re.compile(rf"arn:{_PARTITION}:iam::\d{{12}}:saml-provider/[\w.-]{{1,128}}")
# AWS sign-in's SAML endpoints, global or regional, in the commercial, GovCloud and China
# partitions: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_saml_3rd-party.html
_SAML_SIGN_IN = re.compile(
    r"https://(?:[a-z]{2}(?:-[a-z]+)+-\d{1,2}\.)?"
    r"signin\.(?:aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)/saml"
)

# IAM's built-in web identity issuers, which need no OIDC provider (the trust names them as
# ``Federated``), and the claims STS turns into ``<issuer>:<claim>`` condition keys (``aud``
# is ``azp`` when the token has one, the token's ``aud`` is then ``oaud``):
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
BUILTIN_WEB_IDENTITY_ISSUERS: Final[Mapping[str, tuple[str, ...]]] = {
    "cognito-identity.amazonaws.com": ("aud", "sub", "amr"),
    "accounts.google.com": ("aud", "oaud", "sub"),
    "graph.facebook.com": ("app_id", "id"),
    "www.amazon.com": ("app_id", "user_id"),
}


def is_saml_sign_in_endpoint(value: Any) -> bool:
    """Return whether ``value`` is an AWS sign-in SAML endpoint (a value ``SAML:aud`` can take).

    ``https://signin.aws.amazon.com/saml``, ``https://<region>.signin.aws.amazon.com/saml``,
    and the GovCloud (``signin.amazonaws-us-gov.com``) and China (``signin.amazonaws.cn``)
    ones.
    """
    return _full(_SAML_SIGN_IN, value)


def is_partition(value: Any) -> bool:
    """Return whether ``value`` is an AWS partition name (``aws``, ``aws-cn``, ``aws-us-gov``)."""
    return _full(_PARTITION_NAME, value)


def parse_oidc_provider_arn(value: Any) -> str | None:
    """Return the issuer (without ``https://``) of a literal OIDC provider ARN, else None."""
    if not isinstance(value, str):
        return None
    match = _OIDC_PROVIDER_ARN.fullmatch(value)
    return match["issuer"] if match is not None else None


validate_partition = rule_validator(
    "validate_partition",
    is_partition,
    "is not a partition like 'aws', 'aws-cn' or 'aws-us-gov'",
    "Check an AWS partition name such as ``aws`` or ``aws-cn``.",
)
validate_saml_provider_arn = rule_validator(
    "validate_saml_provider_arn",
    matches(_SAML_PROVIDER_ARN),
    "is not a SAML provider ARN like 'arn:aws:iam::111111111111:saml-provider/corp-idp'",
    "Check a SAML provider ARN (``arn:aws:iam::123456789012:saml-provider/NAME``).",
)
