"""Validators: raise ``ValueError`` naming the field, the value and the rule."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ._patterns import (
    _CLIENT_ID,
    _CONTROL,
    _DESCRIPTION,
    _FEDERATED_USER,
    _ISSUER,
    _MFA_SERIAL,
    _ORG_ID,
    _SAML_NAME,
    _TAG_KEY,
    _TAG_VALUE,
    _TOKEN_CODE,
    _fail,
    _full,
    _whole_number_in,
    is_account_id,
    is_external_id,
    is_iam_name,
    is_iam_path,
    is_principal_arn,
    is_region,
    is_role_arn,
    is_service_principal,
    is_session_name,
    is_thumbprint,
    is_unresolved,
    matches,
    rule_validator,
)
from ._quotas import (
    ASSUME_ROLE_MIN_DURATION_SECONDS,
    DESCRIPTION_MAX_CHARS,
    FEDERATION_TOKEN_MAX_SECONDS,
    MAX_SESSION_DURATION_SECONDS,
    MIN_SESSION_DURATION_SECONDS,
    TRUST_POLICY_HARD_MAX_CHARS,
    TRUST_POLICY_MAX_CHARS,
)

__all__ = [
    "require_items",
    "require_unique",
    "validate_account_id",
    "validate_description",
    "validate_duration_seconds",
    "validate_external_id",
    "validate_federated_user_name",
    "validate_iam_name",
    "validate_iam_path",
    "validate_max_session_duration",
    "validate_mfa_max_age",
    "validate_mfa_serial",
    "validate_mfa_token_code",
    "validate_no_control_characters",
    "validate_oidc_client_id",
    "validate_oidc_issuer_url",
    "validate_principal_org_id",
    "validate_region",
    "validate_role_arn",
    "validate_role_session_name",
    "validate_saml_provider_name",
    "validate_service_principal",
    "validate_session_tag_key",
    "validate_session_tag_value",
    "validate_source_identity",
    "validate_thumbprint",
    "validate_trust_policy_max_chars",
    "validate_trusted_principal",
]


# --- Validators ------------------------------------------------------------------------------
def validate_iam_name(field: str, value: str, *, max_length: int = 64) -> str:
    """Check a role or user name (1-64 characters) or a group or profile name (1-128)."""
    if is_unresolved(value):
        return value
    if not is_iam_name(value, max_length=max_length):
        raise _fail(
            field,
            value,
            f"must be 1-{max_length} characters of letters, digits and +=,.@_- (IAM names)",
        )
    return value


def validate_description(field: str, value: str) -> str:
    """Check an IAM description: at most 1,000 characters of tab, newline, U+0020-U+007E and
    U+00A1-U+00FF (no emoji, no other scripts), as CreateRole and CreateUser accept."""
    if is_unresolved(value):
        return value
    if not isinstance(value, str):
        raise _fail(field, value, f"must be a text of at most {DESCRIPTION_MAX_CHARS} characters")
    if len(value) > DESCRIPTION_MAX_CHARS:
        raise _fail(
            field,
            value,
            f"has {len(value)} characters; IAM allows at most {DESCRIPTION_MAX_CHARS}",
        )
    if not _DESCRIPTION.fullmatch(value):
        bad = next(c for c in value if not _DESCRIPTION.fullmatch(c))
        raise _fail(
            field,
            value,
            f"has {bad!r} (U+{ord(bad):04X}); IAM descriptions take only tab, newline and "
            "characters U+0020-U+007E and U+00A1-U+00FF",
        )
    return value


def validate_no_control_characters(field: str, value: str) -> str:
    """Refuse control characters (newlines included) in a value written into a file or line."""
    if not isinstance(value, str) or _CONTROL.search(value):
        raise _fail(field, value, "must be one line of text without control characters")
    return value


def validate_max_session_duration(field: str, seconds: float) -> float:
    """Check a role's maximum session duration: 3,600 to 43,200 seconds (1 to 12 hours)."""
    if is_unresolved(seconds):
        return seconds
    if seconds < MIN_SESSION_DURATION_SECONDS:
        raise _fail(field, _hours(seconds), "is below the 1h IAM minimum for a role's sessions")
    if seconds > MAX_SESSION_DURATION_SECONDS:
        raise _fail(field, _hours(seconds), "is above the 12h IAM maximum for a role's sessions")
    return seconds


def validate_duration_seconds(
    field: str, seconds: int, *, maximum: int, minimum: int = ASSUME_ROLE_MIN_DURATION_SECONDS
) -> int:
    """Check a session's DurationSeconds against ``minimum``-``maximum`` seconds."""
    rule = f"must be {minimum}-{maximum} seconds"
    whole_rule = "must be a whole number of seconds"
    return _whole_number_in(field, seconds, minimum, maximum, rule=rule, whole_rule=whole_rule)


def validate_mfa_max_age(field: str, seconds: float) -> float:
    """Check an MFA age limit: more than 0 and at most 129,600 seconds (the longest session)."""
    if is_unresolved(seconds):
        return seconds
    if not 0 < seconds <= FEDERATION_TOKEN_MAX_SECONDS:
        raise _fail(field, _hours(seconds), "must be more than 0 and at most 36h")
    return seconds


def validate_session_tag_key(field: str, value: str) -> str:
    """Check a session tag key: 1-128 characters of letters, digits and +=,.@:/_-, not ``aws:``."""
    if is_unresolved(value):
        return value
    if not _full(_TAG_KEY, value):
        raise _fail(field, value, "is not a valid session tag key (1-128 of letters, +=,.@:/_-)")
    if value.lower().startswith("aws:"):
        raise _fail(field, value, "must not start with 'aws:' (reserved for AWS)")
    return value


def validate_trust_policy_max_chars(field: str, value: int) -> int:
    """Check a trust-policy size quota: 1 to IAM's hard maximum of 4,096 characters."""
    rule = (
        f"must be 1-{TRUST_POLICY_HARD_MAX_CHARS}: IAM's hard maximum for a role trust "
        f"policy (the default quota is {TRUST_POLICY_MAX_CHARS})"
    )
    whole_rule = "must be a whole number of characters"
    return _whole_number_in(
        field, value, 1, TRUST_POLICY_HARD_MAX_CHARS, rule=rule, whole_rule=whole_rule
    )


def validate_oidc_issuer_url(field: str, value: str) -> str:
    """Check an OIDC issuer URL: ``https://`` and a host, an optional path, at most 255."""
    if is_unresolved(value):
        raise _fail(
            field,
            value,
            "must be a literal URL, not a token: the trust policy's condition keys name it",
        )
    if not _full(_ISSUER, value) or len(value) > 255:
        raise _fail(
            field,
            value,
            "is not an OIDC issuer URL: https:// and a host with an optional path, no port, "
            "query or fragment, at most 255 characters "
            "(like 'https://token.actions.githubusercontent.com')",
        )
    return value


def require_items(field: str, values: Sequence[object], what: str, why: str = "") -> None:
    """Refuse an empty list, saying what it must name (and, given ``why``, what empty means)."""
    if not values:
        reason = f"{why}: " if why else ""
        raise _fail(field, list(values), f"names nothing; {reason}name at least one {what}")


def require_unique(field: str, values: Iterable[str], *, ignore_case: bool = False) -> None:
    """Refuse repeated values, naming the first repeat (IAM names are unique ignoring case)."""
    seen: set[str] = set()
    for value in values:
        key = value.lower() if ignore_case else value
        if key in seen:
            rule = "appears more than once" + (
                " (ignoring case, as IAM does)" if ignore_case else ""
            )
            raise _fail(field, value, rule)
        seen.add(key)


def _hours(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    if rest == 0:
        return f"{hours}h"
    return f"{int(seconds)}s"


# --- Validators of one rule each: (name, what it accepts, the rule, the docstring) -----------
validate_iam_path = rule_validator(
    "validate_iam_path",
    is_iam_path,
    "must be '/' or start and end with '/' (like '/teams/data/'), "
    "with printable ASCII and no spaces, at most 512 characters",
    "Check an IAM path: ``/`` or ``/a/b/``, printable ASCII, at most 512 characters.",
)
validate_account_id = rule_validator(
    "validate_account_id",
    is_account_id,
    "is not an AWS account ID: it must be a 12-digit string",
    "Check an AWS account ID: exactly 12 digits, as a string (leading zeros count).",
)
validate_external_id = rule_validator(
    "validate_external_id",
    is_external_id,
    "is not a valid sts:ExternalId: 2-1224 characters of letters, digits and +=,.@:/_-",
    "Check an ExternalId: 2-1,224 characters of ASCII letters, digits and +=,.@:/_-.",
)
_SESSION_NAME_RULE = "must be 2-64 characters of letters, digits and +=,.@_-"
validate_role_session_name = rule_validator(
    "validate_role_session_name",
    is_session_name,
    _SESSION_NAME_RULE,
    "Check a RoleSessionName: 2-64 characters of ASCII letters, digits and +=,.@_-.",
    tokens_pass=False,
)
validate_source_identity = rule_validator(
    "validate_source_identity",
    is_session_name,
    _SESSION_NAME_RULE,
    "Check a SourceIdentity: 2-64 characters of ``[\\w+=,.@-]``, not starting with ``aws:``.\n\n"
    "The character set leaves out ``:``, so the reserved prefix cannot pass either.",
    tokens_pass=False,
)
validate_federated_user_name = rule_validator(
    "validate_federated_user_name",
    matches(_FEDERATED_USER),
    "must be 2-32 characters of letters, digits and +=,.@_-",
    "Check a GetFederationToken Name: 2-32 characters of ``[\\w+=,.@-]``.",
    tokens_pass=False,
)
validate_mfa_serial = rule_validator(
    "validate_mfa_serial",
    matches(_MFA_SERIAL),
    "is not an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) or a hardware serial",
    "Check an MFA device serial: a virtual device ARN or a hardware serial (9-256).",
    tokens_pass=False,
)
validate_mfa_token_code = rule_validator(
    "validate_mfa_token_code",
    matches(_TOKEN_CODE),
    "must be the 6 digits the MFA device shows",
    "Check an MFA token code: the 6 digits the device shows.",
    tokens_pass=False,
)
validate_role_arn = rule_validator(
    "validate_role_arn",
    is_role_arn,
    "is not an IAM role ARN like 'arn:aws:iam::111111111111:role/name'",
    "Check an IAM role ARN (``arn:aws:iam::123456789012:role/path/name``), no wildcards.",
)
validate_region = rule_validator(
    "validate_region",
    is_region,
    "is not an AWS Region code like 'eu-west-1'",
    "Check an AWS Region code such as ``eu-west-1`` (lowercase, dashes, a final number).\n\n"
    "https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints",
)
validate_principal_org_id = rule_validator(
    "validate_principal_org_id",
    matches(_ORG_ID),
    "is not an organization ID like 'o-a1b2c3d4e5'",
    "Check an AWS Organizations ID (``o-`` and 10-32 lowercase letters or digits).",
)
validate_service_principal = rule_validator(
    "validate_service_principal",
    is_service_principal,
    "is not a service principal like 'ec2.amazonaws.com'",
    "Check a service principal such as ``ec2.amazonaws.com``.",
)
validate_session_tag_value = rule_validator(
    "validate_session_tag_value",
    matches(_TAG_VALUE),
    "is not a valid session tag value (0-256 of letters, spaces, +=,.@:/_-)",
    "Check a session tag value: 0-256 characters of letters, digits, spaces and +=,.@:/_-.",
)
validate_trusted_principal = rule_validator(
    "validate_trusted_principal",
    lambda value: is_account_id(value) or is_principal_arn(value),
    "must be a 12-digit account ID or an IAM ARN like "
    "'arn:aws:iam::111111111111:role/name' (wildcards are not allowed)",
    "Check a trusted AWS principal: a 12-digit account ID or an IAM root, user or role ARN.\n\n"
    "``*`` and wildcard ARNs are refused: a role that anyone can assume is never a default.",
)
validate_oidc_client_id = rule_validator(
    "validate_oidc_client_id",
    lambda value: _full(_CLIENT_ID, value) and value != "*",
    "is not a client ID: 1-255 printable characters, not '*'",
    "Check an OIDC client ID (an audience IAM accepts): 1-255 printable characters.",
)
validate_thumbprint = rule_validator(
    "validate_thumbprint",
    is_thumbprint,
    "is not a thumbprint: 40 hexadecimal characters",
    "Check a certificate thumbprint: 40 hexadecimal characters (SHA-1).",
    tokens_pass=False,
)
validate_saml_provider_name = rule_validator(
    "validate_saml_provider_name",
    matches(_SAML_NAME),
    "is not a SAML provider name: 1-128 of letters, digits, '._-'",
    "Check a SAML provider name: 1-128 of letters, digits, ``.``, ``_`` and ``-``.",
)
