"""Rules of the STS features added since 2024: AssumeRoot, GetWebIdentityToken, Roles Anywhere,
EKS Pod Identity.

Each validator raises ``ValueError`` naming the field, the value received and the rule, and
returns the value (normalized where said); unresolved CDK tokens are let through.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Final

from ._patterns import (
    _PARTITION,
    _REGION_TEXT,
    _fail,
    _full,
    _whole_number_in,
    is_unresolved,
    matches,
    quote_value,
    rule_validator,
)

__all__ = [
    "EKS_POD_IDENTITY_SERVICE",
    "EKS_POD_IDENTITY_TAG_KEYS",
    "PEM_CERTIFICATE_BEGIN",
    "ROLES_ANYWHERE_CERTIFICATE_DATA_MAX_CHARS",
    "ROLES_ANYWHERE_PROFILE_MAX_SECONDS",
    "ROLES_ANYWHERE_PROFILE_MIN_SECONDS",
    "ROLES_ANYWHERE_PROFILE_ROLES_MAX",
    "ROLES_ANYWHERE_SERVICE",
    "ROLES_ANYWHERE_TRUST_ACTIONS",
    "WEB_IDENTITY_TOKEN_AUDIENCES_MAX",
    "WEB_IDENTITY_TOKEN_MAX_SECONDS",
    "WEB_IDENTITY_TOKEN_MIN_SECONDS",
    "X509_PRINCIPAL_TAG_FIELDS",
    "RootTaskPolicy",
    "WebIdentityTokenAlgorithm",
    "root_task_policy_arn",
    "validate_acm_pca_arn",
    "validate_certificate_bundle",
    "validate_certificate_match_value",
    "validate_eks_cluster_arn",
    "validate_eks_cluster_name",
    "validate_kubernetes_name",
    "validate_roles_anywhere_name",
    "validate_roles_anywhere_session_duration",
    "validate_trust_anchor_arn",
    "validate_web_identity_token_audience",
    "validate_web_identity_token_duration",
]

# --- Outbound identity federation (GetWebIdentityToken) ----------------------------------------
# https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html
WEB_IDENTITY_TOKEN_MIN_SECONDS: Final = 60
WEB_IDENTITY_TOKEN_MAX_SECONDS: Final = 3_600
WEB_IDENTITY_TOKEN_AUDIENCES_MAX: Final = 10
_AUDIENCE_MAX_CHARS: Final = 1_000


class WebIdentityTokenAlgorithm(StrEnum):
    """The algorithms STS signs outbound web identity tokens with (``SigningAlgorithm``)."""

    RS256 = "RS256"
    """RSA with SHA-256."""
    ES384 = "ES384"
    """ECDSA on the P-384 curve with SHA-384."""


# --- Centralized root access (AssumeRoot) -----------------------------------------------------
# https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html
class RootTaskPolicy(StrEnum):
    """The AWS managed task policies an ``AssumeRoot`` session can be scoped to."""

    IAM_AUDIT_ROOT_USER_CREDENTIALS = "IAMAuditRootUserCredentials"
    """Review the member account's root user credentials (read only)."""
    IAM_CREATE_ROOT_USER_PASSWORD = "IAMCreateRootUserPassword"
    """Allow password recovery for the member account's root user."""
    IAM_DELETE_ROOT_USER_CREDENTIALS = "IAMDeleteRootUserCredentials"
    """Delete the root user's password, access keys, signing certificates and MFA devices."""
    S3_UNLOCK_BUCKET_POLICY = "S3UnlockBucketPolicy"
    """Delete a bucket policy that denies every principal."""
    SQS_UNLOCK_QUEUE_POLICY = "SQSUnlockQueuePolicy"
    """Delete a queue policy that denies every principal."""


def root_task_policy_arn(task: RootTaskPolicy | str, partition: str = "aws") -> str:
    """Return the ARN of a root task policy (``arn:aws:iam::aws:policy/root-task/<name>``)."""
    names = [t.value for t in RootTaskPolicy]
    if task not in names:
        raise ValueError(f"task: {quote_value(task)} is not a root task policy; one of {names}")
    return f"arn:{partition}:iam::aws:policy/root-task/{RootTaskPolicy(task).value}"


# --- IAM Roles Anywhere -----------------------------------------------------------------------
# https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
ROLES_ANYWHERE_SERVICE: Final = "rolesanywhere.amazonaws.com"
# What a role's trust must allow the service: CreateSession sets the source identity and the
# session tags from the certificate, so all three are required.
ROLES_ANYWHERE_TRUST_ACTIONS: Final = (
    "sts:AssumeRole",
    "sts:SetSourceIdentity",
    "sts:TagSession",
)
# Trust anchor and profile names (ResourceName): 1-255 of letters, digits, space, '-', '_'.
# https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateTrustAnchor.html
_ROLES_ANYWHERE_NAME = re.compile(r"[ a-zA-Z0-9_-]{1,255}", re.ASCII)
# A trust anchor's CA certificate bundle: PEM text, at most 8,000 characters in CloudFormation.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-rolesanywhere-trustanchor-sourcedata.html
ROLES_ANYWHERE_CERTIFICATE_DATA_MAX_CHARS: Final = 8_000
PEM_CERTIFICATE_BEGIN: Final = "-----BEGIN CERTIFICATE-----"
# A certificate field a trust compares (aws:PrincipalTag/x509Subject/CN ...): far longer values
# than an X.509 name holds are refused, as are '?' and policy variables ('${').
_CERTIFICATE_VALUE_MAX_CHARS: Final = 1_024
# A profile's session duration. https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateProfile.html
ROLES_ANYWHERE_PROFILE_MIN_SECONDS: Final = 900
ROLES_ANYWHERE_PROFILE_MAX_SECONDS: Final = 43_200
# The roles one profile may name (CreateProfile roleArns).
ROLES_ANYWHERE_PROFILE_ROLES_MAX: Final = 250
# Certificate fields IAM Roles Anywhere maps to principal tags (aws:PrincipalTag/<field>/<key>).
# https://docs.aws.amazon.com/rolesanywhere/latest/userguide/attribute-mapping.html
X509_PRINCIPAL_TAG_FIELDS: Final = ("x509Subject", "x509Issuer", "x509SAN")
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_TRUST_ANCHOR_ARN = re.compile(
    rf"arn:{_PARTITION}:rolesanywhere:{_REGION_TEXT}:\d{{12}}:trust-anchor/{_UUID}", re.ASCII
)
# An AWS Private CA, the other source of a trust anchor.
# https://docs.aws.amazon.com/privateca/latest/APIReference/API_CertificateAuthority.html
_ACM_PCA_ARN = re.compile(
    rf"arn:{_PARTITION}:acm-pca:{_REGION_TEXT}:\d{{12}}:certificate-authority/{_UUID}", re.ASCII
)

# --- EKS Pod Identity -------------------------------------------------------------------------
# https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
EKS_POD_IDENTITY_SERVICE: Final = "pods.eks.amazonaws.com"
# The session tags EKS Pod Identity sets on every AssumeRole it makes.
# https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
EKS_POD_IDENTITY_TAG_KEYS: Final = (
    "eks-cluster-arn",
    "eks-cluster-name",
    "kubernetes-namespace",
    "kubernetes-service-account",
    "kubernetes-pod-name",
    "kubernetes-pod-uid",
)
_EKS_CLUSTER_NAME = re.compile(r"[0-9A-Za-z][A-Za-z0-9\-_]{0,99}")
_EKS_CLUSTER_ARN = re.compile(
    rf"arn:{_PARTITION}:eks:{_REGION_TEXT}:\d{{12}}:cluster/[0-9A-Za-z][A-Za-z0-9\-_]{{0,99}}",
    re.ASCII,
)


def validate_web_identity_token_duration(field: str, seconds: Any) -> int:
    """Check a GetWebIdentityToken lifetime: a whole number of 60-3,600 seconds."""
    rule = (
        f"must be whole seconds from {WEB_IDENTITY_TOKEN_MIN_SECONDS} to "
        f"{WEB_IDENTITY_TOKEN_MAX_SECONDS} (GetWebIdentityToken DurationSeconds)"
    )
    low, high = WEB_IDENTITY_TOKEN_MIN_SECONDS, WEB_IDENTITY_TOKEN_MAX_SECONDS
    return _whole_number_in(field, seconds, low, high, rule=rule, whole_rule=rule)


def validate_web_identity_token_audience(field: str, value: Any) -> str:
    """Check a GetWebIdentityToken audience: 1-1,000 characters, no wildcard or variable."""
    if is_unresolved(value):
        return str(value)
    if (
        not isinstance(value, str)
        or not value.strip()
        or len(value) > _AUDIENCE_MAX_CHARS
        or any(c in value for c in "*?")
        or "${" in value
        or any(ord(c) < 0x20 for c in value)
    ):
        raise _fail(
            field,
            value,
            "must be the exact audience: 1-1000 printable characters without '*', '?' or '${'",
        )
    return value


validate_trust_anchor_arn = rule_validator(
    "validate_trust_anchor_arn",
    matches(_TRUST_ANCHOR_ARN),
    "is not a trust anchor ARN like 'arn:aws:rolesanywhere:eu-west-1:111111111111:"
    "trust-anchor/<UUID>' (no wildcards)",
    "Check an IAM Roles Anywhere trust anchor ARN (no wildcards).",
)
validate_roles_anywhere_name = rule_validator(
    "validate_roles_anywhere_name",
    matches(_ROLES_ANYWHERE_NAME),
    "must be 1-255 characters of letters, digits, spaces, '-' and '_'",
    "Check an IAM Roles Anywhere trust anchor or profile name: 1-255 characters of ASCII\n"
    "letters, digits, spaces, ``-`` and ``_``.\n\n"
    "https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateTrustAnchor.html",
)


def validate_certificate_bundle(field: str, value: str) -> str:
    """Check a trust anchor's CA certificate bundle: PEM text with a
    ``-----BEGIN CERTIFICATE-----`` line, at most 8,000 characters. Messages quote only the
    bundle's first 40 characters.

    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-rolesanywhere-trustanchor-sourcedata.html
    """
    if is_unresolved(value):
        return value
    if not isinstance(value, str):
        raise _fail(field, value, "must be PEM text")
    if PEM_CERTIFICATE_BEGIN not in value:
        raise ValueError(
            f"{field}: {value[:40]!r}... is not a PEM certificate "
            f"(no {PEM_CERTIFICATE_BEGIN!r} line)"
        )
    if len(value) > ROLES_ANYWHERE_CERTIFICATE_DATA_MAX_CHARS:
        raise ValueError(
            f"{field}: {value[:40]!r}... has {len(value)} characters; a trust anchor takes at "
            f"most {ROLES_ANYWHERE_CERTIFICATE_DATA_MAX_CHARS} (X509CertificateData)"
        )
    return value


def validate_certificate_match_value(field: str, value: str) -> str:
    """Check a certificate field value a Roles Anywhere trust compares: 1-1,024 characters
    without ``?`` or ``${``; ``*`` wildcards only beside a named value (``*``, ``*.*`` and the
    like match every certificate). A token is refused: the trust must name the value."""
    if (
        not isinstance(value, str)
        or not value.strip()
        or len(value) > _CERTIFICATE_VALUE_MAX_CHARS
        or "${" in value
        or "?" in value
    ):
        raise _fail(
            field,
            value,
            f"must be 1-{_CERTIFICATE_VALUE_MAX_CHARS} characters without '?' or '${{'",
        )
    if not value.strip("*."):
        raise _fail(field, value, "matches every certificate; name the value")
    return value


def validate_roles_anywhere_session_duration(field: str, seconds: float) -> float:
    """Check a Roles Anywhere profile's session duration: 900-43,200 seconds.

    https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateProfile.html
    """
    low, high = ROLES_ANYWHERE_PROFILE_MIN_SECONDS, ROLES_ANYWHERE_PROFILE_MAX_SECONDS
    if is_unresolved(seconds) or low <= seconds <= high:
        return seconds
    raise ValueError(
        f"{field}: {int(seconds)}s is outside {low}-{high}s, what a Roles Anywhere profile allows"
    )


validate_acm_pca_arn = rule_validator(
    "validate_acm_pca_arn",
    matches(_ACM_PCA_ARN),
    "is not an AWS Private CA ARN like 'arn:aws:acm-pca:eu-west-1:111111111111:"
    "certificate-authority/<UUID>'",
    "Check an AWS Private CA ARN (``arn:aws:acm-pca:<region>:<account>:certificate-authority/\n"
    "<UUID>``), the source of a Roles Anywhere trust anchor.\n\n"
    "https://docs.aws.amazon.com/privateca/latest/APIReference/API_CertificateAuthority.html",
)
validate_eks_cluster_name = rule_validator(
    "validate_eks_cluster_name",
    matches(_EKS_CLUSTER_NAME),
    "is not an EKS cluster name: 1-100 of letters, digits, '-' and '_' (no wildcards)",
    "Check an EKS cluster name: 1-100 letters, digits, '-' and '_', starting alphanumeric.",
)
validate_eks_cluster_arn = rule_validator(
    "validate_eks_cluster_arn",
    matches(_EKS_CLUSTER_ARN),
    "is not an EKS cluster ARN like 'arn:aws:eks:eu-west-1:111111111111:cluster/prod' "
    "(no wildcards)",
    "Check an EKS cluster ARN (``arn:aws:eks:<region>:<account>:cluster/<name>``).",
)
# A Kubernetes namespace is a DNS label; a service account name a DNS subdomain.
_KUBERNETES_NAMES: Final = {
    "namespace": (
        re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"),
        "is not a Kubernetes namespace: 1-63 of a-z, 0-9 and '-' (no wildcard)",
    ),
    "service account": (
        re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?"),
        "is not a Kubernetes service account name: 1-253 of a-z, 0-9, '-' and '.' (no wildcard)",
    ),
}


def validate_kubernetes_name(field: str, value: Any, *, kind: str) -> str:
    """Check a Kubernetes ``namespace`` (DNS label) or ``service account`` (DNS subdomain)."""
    pattern, rule = _KUBERNETES_NAMES[kind]
    if not _full(pattern, value):
        raise _fail(field, value, rule)
    return str(value)
