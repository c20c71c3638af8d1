"""Check federation arguments (issuers, claims, names) before anything is synthesized.

Pure functions, no CDK: the config model reuses them. Each raises ``ValueError`` naming the
field, the value received and the rule, and returns the value unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from sts_constructs.validation import is_unresolved

__all__ = [
    "MAX_CLIENT_IDS",
    "issuer_host",
    "require_items",
    "validate_audience",
    "validate_client_id",
    "validate_cognito_identity_pool_id",
    "validate_eks_namespace",
    "validate_eks_service_account",
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
]

# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
MAX_CLIENT_IDS: Final = 100
# https:// and a host, an optional path; IAM refuses a query and says the URL has no port.
_ISSUER = re.compile(r"^https://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?:/[^\s?#]*)?$")
_CLIENT_ID = re.compile(r"^[\x21-\x7E]{1,255}$")
_THUMBPRINT = re.compile(r"^[0-9A-Fa-f]{40}$")
# GitHub: letters, digits and hyphens, not at either end; "_" appears in Enterprise Managed
# Users' handles (alice_acme).
_GITHUB_OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,37}[A-Za-z0-9])?$")
_GITHUB_REPOSITORY = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
_GITLAB_SEGMENT = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,253}[A-Za-z0-9_-])?$")
# Kubernetes: a namespace is a DNS label, a service account name a DNS subdomain.
_DNS_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$")
_COGNITO_POOL = re.compile(
    r"^[a-z]{2}(?:-gov)?-[a-z]+-\d:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
_GOOGLE_SUBJECT = re.compile(r"^\d{1,255}$")
_REGION = re.compile(r"^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$")
_SAML_NAME = re.compile(r"^[\w._-]{1,128}$", re.ASCII)
# GetFederationToken's Name is 2-32 of [\w+=,.@-]; a prefix leaves room for one more character.
_FEDERATED_PREFIX = re.compile(r"^[\w+=,.@-]{1,31}$", re.ASCII)
# A git ref name, with "*" allowed as an IAM StringLike wildcard.
# https://git-scm.com/docs/git-check-ref-format
_GIT_REF_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?\[\\]|\.\.|@\{|//|^/|/$|\.$|\$\{")


def _fail(field: str, value: object, rule: str) -> ValueError:
    return ValueError(f"{field}: {value!r} {rule}")


def issuer_host(url: str) -> str:
    """Return an issuer URL without its scheme: the prefix IAM uses in condition keys."""
    return url.removeprefix("https://")


def validate_issuer_url(field: str, value: str) -> str:
    """Check an OIDC issuer URL: ``https://`` and a host, an optional path, at most 255."""
    if is_unresolved(value):
        raise _fail(
            field,
            value,
            "must be a literal URL, not a token: the trust policy's condition keys name it",
        )
    if len(value) > 255 or not _ISSUER.match(value):
        raise _fail(
            field,
            value,
            "is not an OIDC issuer URL: https:// and a host with an optional path, no port, "
            "query or fragment, at most 255 characters "
            "(like 'https://token.actions.githubusercontent.com')",
        )
    return value


def validate_client_id(field: str, value: str) -> str:
    """Check an OIDC client ID (an audience IAM accepts): 1-255 printable characters."""
    if is_unresolved(value):
        return value
    if not _CLIENT_ID.match(value) or value == "*":
        raise _fail(field, value, "is not a client ID: 1-255 printable characters, not '*'")
    return value


def validate_audience(field: str, value: str) -> str:
    """Check an ``aud`` value a trust pins: a client ID with no wildcard or policy variable."""
    validate_client_id(field, value)
    if "*" in value or "?" in value or "${" in value:
        raise _fail(field, value, "must be the exact audience: no '*', '?' or '${'")
    return value


def validate_thumbprint(field: str, value: str) -> str:
    """Check a certificate thumbprint: 40 hexadecimal characters (SHA-1)."""
    if not _THUMBPRINT.match(value):
        raise _fail(field, value, "is not a thumbprint: 40 hexadecimal characters")
    return value


def validate_subject(field: str, value: str) -> str:
    """Check an exact ``sub`` value: not empty, no wildcard, no policy variable."""
    if is_unresolved(value):
        return value
    if not value.strip() or "*" in value or "?" in value or "${" in value or len(value) > 1024:
        raise _fail(
            field,
            value,
            "must be the exact subject (1-1024 characters, no '*', '?' or '${'); a wildcard "
            "subject lets other identities of the issuer in",
        )
    return value


def validate_github_owner(field: str, value: str) -> str:
    """Check a GitHub user or organization name."""
    if not _GITHUB_OWNER.match(value):
        raise _fail(
            field,
            value,
            "is not a GitHub owner: 1-39 letters, digits, '-' or '_', starting and ending "
            "with a letter or digit (no wildcards)",
        )
    return value


def validate_github_repository(field: str, value: str) -> str:
    """Check a GitHub repository name: 1-100 of letters, digits, ``.``, ``_`` and ``-``."""
    if value in {".", ".."} or not _GITHUB_REPOSITORY.match(value):
        raise _fail(
            field,
            value,
            "is not a GitHub repository name: 1-100 letters, digits, '.', '_' or '-' "
            "(no wildcards, no '/')",
        )
    return value


def validate_git_ref_pattern(field: str, value: str) -> str:
    """Check a branch or tag name, where ``*`` is a wildcard (IAM ``StringLike``)."""
    if not value or len(value) > 255 or _GIT_REF_FORBIDDEN.search(value):
        raise _fail(
            field,
            value,
            "is not a branch or tag name: 1-255 characters, no spaces, '..', '~^:?[\\', "
            "'${', or leading, trailing or double '/' ('*' is a wildcard)",
        )
    return value


def validate_github_environment(field: str, value: str) -> str:
    """Check a GitHub deployment environment name (``*`` is a wildcard)."""
    if not value.strip() or len(value) > 255 or ":" in value or "${" in value or "?" in value:
        raise _fail(
            field,
            value,
            "is not a GitHub environment name: 1-255 characters without ':', '?' or '${' "
            "('*' is a wildcard)",
        )
    return value


def validate_gitlab_project_path(field: str, value: str, *, any_project: bool = False) -> str:
    """Check a GitLab project path ``group[/subgroup]/project`` (``group/*`` with the opt-out)."""
    segments = value.split("/")
    last = segments[-1]
    wildcard = last == "*"
    ok = len(segments) >= 2 and all(_GITLAB_SEGMENT.match(s) for s in segments[:-1])
    ok = ok and (wildcard or bool(_GITLAB_SEGMENT.match(last)))
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


def validate_eks_namespace(field: str, value: str) -> str:
    """Check a Kubernetes namespace (a DNS label)."""
    if not _DNS_LABEL.match(value):
        raise _fail(
            field, value, "is not a Kubernetes namespace: 1-63 of a-z, 0-9 and '-' (no wildcard)"
        )
    return value


def validate_eks_service_account(field: str, value: str) -> str:
    """Check a Kubernetes service account name (a DNS subdomain)."""
    if not _DNS_SUBDOMAIN.match(value):
        raise _fail(
            field,
            value,
            "is not a Kubernetes service account name: 1-253 of a-z, 0-9, '-' and '.' "
            "(no wildcard)",
        )
    return value


def validate_cognito_identity_pool_id(field: str, value: str) -> str:
    """Check a Cognito identity pool ID (``region:GUID``)."""
    if is_unresolved(value):
        return value
    if not _COGNITO_POOL.match(value):
        raise _fail(
            field,
            value,
            "is not a Cognito identity pool ID like "
            "'us-east-1:12345678-abcd-abcd-abcd-123456789012'",
        )
    return value


def validate_google_subject(field: str, value: str) -> str:
    """Check a Google account or service account ID (the numeric ``sub``)."""
    if not _GOOGLE_SUBJECT.match(value):
        raise _fail(field, value, "is not a Google account ID: the numeric 'sub' of its tokens")
    return value


def validate_region(field: str, value: str) -> str:
    """Check an AWS Region code such as ``eu-west-1``."""
    if not _REGION.match(value):
        raise _fail(field, value, "is not an AWS Region code like 'eu-west-1'")
    return value


def validate_saml_provider_name(field: str, value: str) -> str:
    """Check a SAML provider name: 1-128 of letters, digits, ``.``, ``_`` and ``-``."""
    if is_unresolved(value):
        return value
    if not _SAML_NAME.match(value):
        raise _fail(field, value, "is not a SAML provider name: 1-128 of letters, digits, '._-'")
    return value


def validate_federated_user_prefix(field: str, value: str) -> str:
    """Check the name prefix of federated users a broker may create (1-31 of ``[\\w+=,.@-]``)."""
    if not _FEDERATED_PREFIX.match(value):
        raise _fail(
            field,
            value,
            "is not a federated user name prefix: 1-31 letters, digits or +=,.@_- (no '*'; "
            "GetFederationToken names are 2-32 characters)",
        )
    return value


def require_items(field: str, values: Sequence[object], what: str) -> None:
    """Refuse an empty list, saying what it must name."""
    if not values:
        raise _fail(field, list(values), f"names nothing; name at least one {what}")
