"""Check construct arguments against IAM and STS rules before anything is synthesized.

Each function raises ``ValueError`` naming the field, the value received and the rule, and
returns the value unchanged, so config loaders can reuse them as validators. Values that hold
unresolved CDK tokens are skipped: they are only known at deploy time.

Limits: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

__all__ = [
    "MAX_MANAGED_POLICIES_PER_ROLE",
    "MAX_SESSION_DURATION_SECONDS",
    "MIN_SESSION_DURATION_SECONDS",
    "ROLE_INLINE_POLICIES_MAX_CHARS",
    "TRUST_POLICY_MAX_CHARS",
    "is_unresolved",
    "policy_size",
    "require_unique",
    "validate_account_id",
    "validate_external_id",
    "validate_iam_name",
    "validate_iam_path",
    "validate_max_session_duration",
    "validate_mfa_max_age",
    "validate_principal_org_id",
    "validate_service_principal",
    "validate_session_tag_key",
    "validate_trusted_principal",
]

MIN_SESSION_DURATION_SECONDS: Final = 3_600
MAX_SESSION_DURATION_SECONDS: Final = 43_200
# The default quota; it can be raised to 4,096 through Service Quotas.
TRUST_POLICY_MAX_CHARS: Final = 2_048
ROLE_INLINE_POLICIES_MAX_CHARS: Final = 10_240
# The hard maximum: the default quota is 10, raisable to 20.
MAX_MANAGED_POLICIES_PER_ROLE: Final = 20

_NAME = re.compile(r"^[\w+=,.@-]+$", re.ASCII)
_PATH = re.compile(r"^/(?:[\x21-\x7E]+/)*$")
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_EXTERNAL_ID = re.compile(r"^[\w+=,.@:/-]{2,1224}$", re.ASCII)
_ORG_ID = re.compile(r"^o-[a-z0-9]{10,32}$")
_SERVICE = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?$")
_TAG_KEY = re.compile(r"^[\w+=,.@:/-]{1,128}$", re.ASCII)
_IAM_ARN = re.compile(
    r"^arn:aws(?:-cn|-us-gov)?:(?:iam|sts)::\d{12}:"
    r"(?:root|(?:user|role)/(?:[\x21-\x7E]+/)*[\w+=,.@-]+|assumed-role/[\w+=,.@-]+/[\w+=,.@-]+)$",
    re.ASCII,
)
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
    """Return the length IAM counts for a policy: its JSON without whitespace."""
    return len(json.dumps(document, separators=(",", ":")))


def _fail(field: str, value: Any, rule: str) -> ValueError:
    return ValueError(f"{field}: {value!r} {rule}")


def validate_iam_name(field: str, value: str, *, max_length: int = 64) -> str:
    """Check a role or user name (1-64 characters) or a group or profile name (1-128)."""
    if is_unresolved(value):
        return value
    if not 1 <= len(value) <= max_length or not _NAME.match(value):
        raise _fail(
            field,
            value,
            f"must be 1-{max_length} characters of letters, digits and +=,.@_- (IAM names)",
        )
    return value


def validate_iam_path(field: str, value: str) -> str:
    """Check an IAM path: ``/`` or ``/a/b/``, printable ASCII, at most 512 characters."""
    if is_unresolved(value):
        return value
    if len(value) > 512 or not _PATH.match(value):
        raise _fail(
            field,
            value,
            "must be '/' or start and end with '/' (like '/teams/data/'), "
            "with printable ASCII and no spaces, at most 512 characters",
        )
    return value


def validate_max_session_duration(field: str, seconds: float) -> float:
    """Check a role's maximum session duration: 1 to 12 hours."""
    if is_unresolved(seconds):
        return seconds
    if seconds < MIN_SESSION_DURATION_SECONDS:
        raise _fail(field, _hours(seconds), "is below the 1h IAM minimum for a role's sessions")
    if seconds > MAX_SESSION_DURATION_SECONDS:
        raise _fail(field, _hours(seconds), "is above the 12h IAM maximum for a role's sessions")
    return seconds


def validate_mfa_max_age(field: str, seconds: float) -> float:
    """Check an MFA age limit: positive, and no longer than the longest STS session (36 h)."""
    if is_unresolved(seconds):
        return seconds
    if not 0 < seconds <= 129_600:
        raise _fail(field, _hours(seconds), "must be more than 0 and at most 36h")
    return seconds


def validate_account_id(field: str, value: str) -> str:
    """Check an AWS account ID: exactly 12 digits, as a string (leading zeros count)."""
    if is_unresolved(value):
        return value
    if not _ACCOUNT_ID.match(value):
        raise _fail(field, value, "is not an AWS account ID: it must be a 12-digit string")
    return value


def validate_external_id(field: str, value: str) -> str:
    """Check an ExternalId: 2-1,224 characters of letters, digits and +=,.@:/-."""
    if is_unresolved(value):
        return value
    if not _EXTERNAL_ID.match(value):
        raise _fail(
            field,
            value,
            "is not a valid sts:ExternalId: 2-1224 characters of letters, digits and +=,.@:/_-",
        )
    return value


def validate_principal_org_id(field: str, value: str) -> str:
    """Check an AWS Organizations ID (``o-`` and 10-32 lowercase letters or digits)."""
    if is_unresolved(value):
        return value
    if not _ORG_ID.match(value):
        raise _fail(field, value, "is not an organization ID like 'o-a1b2c3d4e5'")
    return value


def validate_service_principal(field: str, value: str) -> str:
    """Check a service principal such as ``ec2.amazonaws.com``."""
    if is_unresolved(value):
        return value
    if not _SERVICE.match(value):
        raise _fail(field, value, "is not a service principal like 'ec2.amazonaws.com'")
    return value


def validate_session_tag_key(field: str, value: str) -> str:
    """Check a session tag key: 1-128 characters of letters, digits and +=,.@:/-."""
    if is_unresolved(value):
        return value
    if not _TAG_KEY.match(value):
        raise _fail(field, value, "is not a valid session tag key (1-128 of letters, +=,.@:/_-)")
    return value


def validate_trusted_principal(field: str, value: str) -> str:
    """Check a trusted AWS principal: a 12-digit account ID or an IAM root, user or role ARN.

    ``*`` is refused: a role that anyone can assume is never a default.
    """
    if is_unresolved(value) or _ACCOUNT_ID.match(value) or _IAM_ARN.match(value):
        return value
    raise _fail(
        field,
        value,
        "must be a 12-digit account ID or an IAM ARN like "
        "'arn:aws:iam::111111111111:role/name' (wildcards are not allowed)",
    )


def require_unique(field: str, values: Iterable[str]) -> None:
    """Refuse repeated values, naming the first repeat."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise _fail(field, value, "appears more than once")
        seen.add(value)


def _hours(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    if rest == 0:
        return f"{hours}h"
    return f"{int(seconds)}s"
