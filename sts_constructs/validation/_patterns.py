"""The patterns of IAM and STS values, and the predicates built on them (whole-value matches)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from ._quotas import IAM_PATH_MAX_CHARS, MESSAGE_VALUE_MAX_CHARS

__all__ = [
    "is_account_id",
    "is_external_id",
    "is_iam_name",
    "is_iam_path",
    "is_principal_arn",
    "is_region",
    "is_role_arn",
    "is_service_principal",
    "is_session_name",
    "is_thumbprint",
    "is_unresolved",
    "matches",
    "parse_role_arn",
    "policy_size",
    "policy_size_lower_bound",
    "quote_value",
    "rule_validator",
]


_NAME = re.compile(r"[\w+=,.@-]+", re.ASCII)
_PATH = re.compile(r"/(?:[\x21-\x7E]+/)*")
_ACCOUNT_ID = re.compile(r"\d{12}", re.ASCII)
_EXTERNAL_ID = re.compile(r"[\w+=,.@:/-]{2,1224}", re.ASCII)
_ORG_ID = re.compile(r"o-[a-z0-9]{10,32}")
_SERVICE = re.compile(r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?")
_TAG_KEY = re.compile(r"[\w+=,.@:/-]{1,128}", re.ASCII)
# Tag values: letters, digits, spaces and +=,.@:/-_ in any script IAM accepts (\p{L}, \p{Z}).
_TAG_VALUE = re.compile(r"[\w\s+=,.@:/-]{0,256}")
_PARTITION = r"aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?"
_IAM_ARN = re.compile(
    rf"arn:{_PARTITION}:(?:iam|sts)::\d{{12}}:"
    r"(?:root|(?:user|role)/(?:[\x21-\x7E]+/)*[\w+=,.@-]+|assumed-role/[\w+=,.@-]+/[\w+=,.@-]+)",
    re.ASCII,
)
_ROLE_ARN = re.compile(
    rf"arn:{_PARTITION}:iam::(?P<account>\d{{12}}):role/(?P<path>(?:[\x21-\x7E]+/)*)"
    r"(?P<name>[\w+=,.@-]{1,64})",
    re.ASCII,
)
_MFA_SERIAL = re.compile(
    rf"arn:{_PARTITION}:iam::\d{{12}}:(?:mfa|u2f)/[\w+=,.@/-]{{1,512}}|[\w+=/:,.@-]{{9,256}}",
    re.ASCII,
)
_TOKEN_CODE = re.compile(r"\d{6}", re.ASCII)
# IAM's description character set: tab, newline, carriage return, U+0020-U+007E, U+00A1-U+00FF.
_DESCRIPTION = re.compile(r"[\t\n\r\x20-\x7E\xA1-\xFF]*")
_CONTROL = re.compile(r"[\x00-\x1F\x7F-\x9F\u2028\u2029]")
# OIDC issuer: https:// and a host, an optional path; IAM refuses a port, query and fragment.
_ISSUER = re.compile(r"https://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?:/[^\s?#]*)?")
_CLIENT_ID = re.compile(r"[\x21-\x7E]{1,255}")
_THUMBPRINT = re.compile(r"[0-9A-Fa-f]{40}")
_SAML_NAME = re.compile(r"[\w.-]{1,128}", re.ASCII)
# Region codes: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1.
_REGION_TEXT = r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}"
_REGION = re.compile(_REGION_TEXT, re.ASCII)
# GetFederationToken's Name: 2-32 of [\w+=,.@-].
_FEDERATED_USER = re.compile(r"[\w+=,.@-]{2,32}", re.ASCII)
# CDK renders unresolved string tokens as "${Token[...]}" and number tokens as huge negatives.
_STRING_TOKEN = "${Token["
_NUMBER_TOKEN_BELOW: Final = -1e280


def is_unresolved(value: Any) -> bool:
    """Return whether ``value`` holds a CDK token that resolves only at synth or deploy time."""
    if isinstance(value, str):
        return _STRING_TOKEN in value
    if isinstance(value, int | float):
        return value < _NUMBER_TOKEN_BELOW
    if isinstance(value, Mapping):
        return any(is_unresolved(k) or is_unresolved(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(is_unresolved(v) for v in value)
    return False


def policy_size(document: Mapping[str, Any]) -> int:
    """Return the length IAM counts for a policy: its JSON without whitespace, in characters."""
    return len(json.dumps(document, separators=(",", ":")))


# A token's text in a policy's JSON: a string token inside a string, a list token as a whole
# string (its list may be empty), a number token as a huge negative number.
_TOKEN_TEXT = re.compile(
    r'"#\{Token\[[^\]]*\]\}"|\$\{Token\[[^\]]*\]\}|-\d(?:\.\d+)?e\+(?:2[89]\d|3\d\d)'
)


def policy_size_lower_bound(document: Mapping[str, Any]) -> int:
    """Return the least length a policy with unresolved tokens can have: its literal part.

    A token's text is not counted (a number token counts as one digit), so the result never
    exceeds the deployed policy's size; without tokens it equals ``policy_size``.
    """
    text = json.dumps(document, separators=(",", ":"))
    return len(_TOKEN_TEXT.sub(lambda m: "0" if m[0].startswith("-") else "", text))


def quote_value(value: Any) -> str:
    """Return ``repr(value)``, cut to ``MESSAGE_VALUE_MAX_CHARS`` characters for messages.

    A cut one says how long the value is: a string's own length (not its quotes' too), else
    the length of its ``repr``.
    """
    text = repr(value)
    if len(text) <= MESSAGE_VALUE_MAX_CHARS:
        return text
    length = len(value) if isinstance(value, str) else len(text)
    return f"{text[:MESSAGE_VALUE_MAX_CHARS]}... ({length} characters)"


def _fail(field: str, value: Any, rule: str) -> ValueError:
    return ValueError(f"{field}: {quote_value(value)} {rule}")


def _full(pattern: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _whole_number_in(
    field: str, value: Any, low: int, high: int, *, rule: str, whole_rule: str
) -> int:
    """Return ``value`` if it is an ``int`` (not a ``bool``) from ``low`` to ``high``, else fail
    with ``whole_rule`` (not a whole number) or ``rule`` (out of range)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(field, value, whole_rule)
    if not low <= value <= high:
        raise _fail(field, value, rule)
    return value


def matches(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    """Return a predicate: is the value a text ``pattern`` matches whole (``re.fullmatch``)?"""
    return functools.partial(_full, pattern)


def rule_validator(
    name: str, accepts: Callable[[Any], bool], rule: str, doc: str, *, tokens_pass: bool = True
) -> Callable[[str, str], str]:
    """Return the validator ``name(field, value) -> value`` of one rule.

    It returns ``value`` when ``accepts(value)`` (or, with ``tokens_pass``, when ``value`` holds
    an unresolved CDK token) and raises ``ValueError("<field>: <value> <rule>")`` otherwise.
    ``doc`` is its docstring (what ``help()`` shows).
    """

    def validate(field: str, value: str) -> str:
        if (tokens_pass and is_unresolved(value)) or accepts(value):
            return value
        raise _fail(field, value, rule)

    validate.__name__ = validate.__qualname__ = name
    validate.__doc__ = doc
    return validate


# --- Predicates ------------------------------------------------------------------------------
def is_account_id(value: Any) -> bool:
    """Return whether ``value`` is a 12-digit AWS account ID string."""
    return _full(_ACCOUNT_ID, value)


def is_iam_name(value: Any, *, max_length: int = 64) -> bool:
    """Return whether ``value`` is an IAM user/role (1-64) or group/profile (1-128) name."""
    return _full(_NAME, value) and len(value) <= max_length


def is_iam_path(value: Any) -> bool:
    """Return whether ``value`` is an IAM path: ``/`` or ``/a/b/``, at most 512 characters."""
    return _full(_PATH, value) and len(value) <= IAM_PATH_MAX_CHARS


def is_external_id(value: Any) -> bool:
    """Return whether ``value`` is a valid ``sts:ExternalId`` (2-1,224 of ``[\\w+=,.@:/-]``)."""
    return _full(_EXTERNAL_ID, value)


def is_session_name(value: Any) -> bool:
    """Return whether ``value`` is a valid RoleSessionName (2-64 of ``[\\w+=,.@-]``)."""
    return _full(_NAME, value) and 2 <= len(value) <= 64


def is_service_principal(value: Any) -> bool:
    """Return whether ``value`` has the form of a service principal (``ec2.amazonaws.com``)."""
    return _full(_SERVICE, value)


def is_principal_arn(value: Any) -> bool:
    """Return whether ``value`` is an IAM root, user, role or assumed-role ARN (no wildcards)."""
    return _full(_IAM_ARN, value)


def is_region(value: Any) -> bool:
    """Return whether ``value`` has the form of an AWS Region code (``eu-west-1``).

    https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints
    """
    return _full(_REGION, value)


def is_role_arn(value: Any) -> bool:
    """Return whether ``value`` is an IAM role ARN (no wildcards)."""
    return parse_role_arn(value) is not None


def is_thumbprint(value: Any) -> bool:
    """Return whether ``value`` is a certificate thumbprint: 40 hexadecimal characters."""
    return _full(_THUMBPRINT, value)


def parse_role_arn(value: Any) -> tuple[str, str, str] | None:
    """Return ``(account ID, path, role name)`` of a role ARN, or ``None`` when it is not one."""
    if not isinstance(value, str):
        return None
    match = _ROLE_ARN.fullmatch(value)
    if match is None:
        return None
    return match["account"], "/" + match["path"], match["name"]
