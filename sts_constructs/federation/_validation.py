"""Check federation arguments that are not IAM or STS rules: GitHub, GitLab, Kubernetes,
Cognito and Google names, subjects and git refs.

The IAM and STS rules federation uses (issuer URLs, client IDs, thumbprints, SAML provider
names, federated user names, regions) live in ``sts_constructs.validation`` and are
re-exported here under the names the config model imports. Pure functions, no CDK. Each
raises ``ValueError`` naming the field, the value received and the rule, and returns the
value unchanged. Every pattern is matched against the whole value (``re.fullmatch``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from sts_constructs.validation import (
    OIDC_CLIENT_IDS_MAX,
    is_unresolved,
    matches,
    quote_value,
    require_items,
    rule_validator,
    validate_federated_user_prefix,
    validate_iam_name,
    validate_iam_path,
    validate_managed_policy_count,
    validate_oidc_client_id,
    validate_oidc_issuer_url,
    validate_region,
    validate_saml_provider_name,
    validate_thumbprint,
)

__all__ = [
    "MAX_CLIENT_IDS",
    "UUID_PATTERN",
    "check_identity",
    "issuer_host",
    "require_items",
    "validate_audience",
    "validate_client_id",
    "validate_cognito_identity_pool_id",
    "validate_federated_user_prefix",
    "validate_git_ref_pattern",
    "validate_github_environment",
    "validate_github_owner",
    "validate_github_repository",
    "validate_gitlab_project_path",
    "validate_google_subject",
    "validate_issuer_url",
    "validate_region",
    "validate_saml_provider_name",
    "validate_subject",
    "validate_thumbprint",
    "validate_uuid",
]

# The IAM rules under the names this module has always exported.
MAX_CLIENT_IDS: Final = OIDC_CLIENT_IDS_MAX
validate_issuer_url = validate_oidc_issuer_url
validate_client_id = validate_oidc_client_id

# GitHub: letters, digits and hyphens, not at either end; "_" appears in Enterprise Managed
# Users' handles (alice_acme).
_GITHUB_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]{0,37}[A-Za-z0-9])?")
_GITHUB_REPOSITORY = re.compile(r"[A-Za-z0-9._-]{1,100}")
_GITLAB_SEGMENT = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,253}[A-Za-z0-9_-])?")
_COGNITO_POOL = re.compile(
    r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
)
_GOOGLE_SUBJECT = re.compile(r"\d{1,255}", re.ASCII)
# A UUID: a CI service's organization, project, repository or environment (braces optional).
UUID_PATTERN: Final = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_BRACED_UUID = re.compile(r"\{?(" + UUID_PATTERN + r")\}?")
# A git ref name, with "*" allowed as an IAM StringLike wildcard.
# https://git-scm.com/docs/git-check-ref-format
_GIT_REF_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?\[\\]|\.\.|@\{|//|^/|/\Z|\.\Z|\$\{")
# Control characters (a trailing newline included) and policy syntax in a free-form claim.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _fail(field: str, value: object, rule: str) -> ValueError:
    return ValueError(f"{field}: {quote_value(value)} {rule}")


def issuer_host(url: str) -> str:
    """Return an issuer URL without its scheme: the prefix IAM uses in condition keys."""
    return url.removeprefix("https://")


def validate_audience(field: str, value: str) -> str:
    """Check an ``aud`` value a trust pins: a client ID with no wildcard or policy variable."""
    validate_oidc_client_id(field, value)
    if "*" in value or "?" in value or "${" in value:
        raise _fail(field, value, "must be the exact audience: no '*', '?' or '${'")
    return value


def validate_subject(field: str, value: str) -> str:
    """Check an exact ``sub`` value: not empty, no wildcard, no policy variable."""
    if is_unresolved(value):
        return value
    bad = not value.strip() or _CONTROL.search(value) or len(value) > 1024
    if bad or "*" in value or "?" in value or "${" in value:
        raise _fail(
            field,
            value,
            "must be the exact subject (1-1024 characters, no '*', '?', '${' or control "
            "characters); a wildcard "
            "subject lets other identities of the issuer in",
        )
    return value


def validate_gitlab_project_path(field: str, value: str, *, any_project: bool = False) -> str:
    """Check a GitLab project path ``group[/subgroup]/project`` (``group/*`` with the opt-out)."""
    segments = value.split("/")
    last = segments[-1]
    wildcard = last == "*"
    ok = len(segments) >= 2 and all(_GITLAB_SEGMENT.fullmatch(s) for s in segments[:-1])
    ok = ok and (wildcard or bool(_GITLAB_SEGMENT.fullmatch(last)))
    if not ok:
        raise _fail(
            field,
            value,
            "is not a GitLab project path like 'group/subgroup/project': '/'-separated "
            "segments of letters, digits, '_', '.' and '-'",
        )
    if wildcard and not any_project:
        raise _fail(
            field,
            value,
            "matches every project of the group; name one project, or pass "
            "allow_any_project_of_group=True if every project may assume the role",
        )
    if any_project and not wildcard:
        raise _fail(
            field,
            value,
            "names one project while allow_any_project_of_group=True; end the path with "
            "'/*' or drop the opt-out",
        )
    return value


def validate_uuid(field: str, value: str) -> str:
    """Return a UUID in lower case without braces (``{...}`` accepted), or fail naming the field."""
    match = _BRACED_UUID.fullmatch(value.lower()) if isinstance(value, str) else None
    if match is None:
        raise _fail(field, value, "is not a UUID like '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b'")
    return match.group(1)


validate_git_ref_pattern = rule_validator(
    "validate_git_ref_pattern",
    lambda value: 0 < len(value) <= 255 and not _GIT_REF_FORBIDDEN.search(value),
    "is not a branch or tag name: 1-255 characters, no spaces, '..', '~^:?[\\', "
    "'${', or leading, trailing or double '/' ('*' is a wildcard)",
    "Check a branch or tag name, where ``*`` is a wildcard (IAM ``StringLike``).",
    tokens_pass=False,
)
validate_github_environment = rule_validator(
    "validate_github_environment",
    lambda value: (
        bool(value.strip())
        and len(value) <= 255
        and not _CONTROL.search(value)
        and not any(bad in value for bad in (":", "${", "?"))
    ),
    "is not a GitHub environment name: 1-255 characters without ':', '?', '${' or "
    "control characters ('*' is a wildcard)",
    "Check a GitHub deployment environment name (``*`` is a wildcard).",
    tokens_pass=False,
)
validate_github_owner = rule_validator(
    "validate_github_owner",
    matches(_GITHUB_OWNER),
    "is not a GitHub owner: 1-39 letters, digits, '-' or '_', starting and ending "
    "with a letter or digit (no wildcards)",
    "Check a GitHub user or organization name.",
    tokens_pass=False,
)
validate_github_repository = rule_validator(
    "validate_github_repository",
    lambda value: value not in {".", ".."} and matches(_GITHUB_REPOSITORY)(value),
    "is not a GitHub repository name: 1-100 letters, digits, '.', '_' or '-' "
    "(no wildcards, no '/')",
    "Check a GitHub repository name: 1-100 of letters, digits, ``.``, ``_`` and ``-``.",
    tokens_pass=False,
)
validate_cognito_identity_pool_id = rule_validator(
    "validate_cognito_identity_pool_id",
    matches(_COGNITO_POOL),
    "is not a Cognito identity pool ID like 'us-east-1:12345678-abcd-abcd-abcd-123456789012'",
    "Check a Cognito identity pool ID (``region:GUID``).",
)
validate_google_subject = rule_validator(
    "validate_google_subject",
    matches(_GOOGLE_SUBJECT),
    "is not a Google account ID: the numeric 'sub' of its tokens",
    "Check a Google account or service account ID (the numeric ``sub``).",
    tokens_pass=False,
)


def check_identity(
    *,
    name: tuple[str, str | None, int],
    path: str | None,
    policies: tuple[str, Sequence[object]],
    document: tuple[str, object | None],
    without_policies: str,
) -> None:
    """Check the IAM user or group a construct creates and the policies it attaches.

    ``name`` is ``(field, value or None, longest length)``; ``policies`` the managed policies
    ``(field, list)``; ``document`` the inline document ``(field, document or None)``. Raises
    ``ValueError`` for a bad name or path, for neither policies nor a document (saying
    ``without_policies``), and for more managed policies than IAM attaches.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
    """
    (name_field, value, max_length), (policies_field, managed) = name, policies
    if value is not None:
        validate_iam_name(name_field, value, max_length=max_length)
    if path is not None:
        validate_iam_path("path", path)
    if not managed and document[1] is None:
        raise ValueError(f"{policies_field}: [] and {document[0]}: None; {without_policies}")
    validate_managed_policy_count(policies_field, len(managed), attached_to="group")
