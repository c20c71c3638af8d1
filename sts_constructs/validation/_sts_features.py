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
    "ROLES_ANYWHERE_PROFILE_MAX_SECONDS",
    "ROLES_ANYWHERE_PROFILE_MIN_SECONDS",
    "ROLES_ANYWHERE_SERVICE",
    "WEB_IDENTITY_TOKEN_AUDIENCES_MAX",
    "WEB_IDENTITY_TOKEN_MAX_SECONDS",
    "WEB_IDENTITY_TOKEN_MIN_SECONDS",
    "X509_PRINCIPAL_TAG_FIELDS",
    "RootTaskPolicy",
    "WebIdentityTokenAlgorithm",
    "root_task_policy_arn",
    "validate_eks_cluster_arn",
    "validate_eks_cluster_name",
    "validate_kubernetes_name",
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
# A profile's session duration. https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateProfile.html
ROLES_ANYWHERE_PROFILE_MIN_SECONDS: Final = 900
ROLES_ANYWHERE_PROFILE_MAX_SECONDS: Final = 43_200
# Certificate fields IAM Roles Anywhere maps to principal tags (aws:PrincipalTag/<field>/<key>).
# https://docs.aws.amazon.com/rolesanywhere/latest/userguide/attribute-mapping.html
X509_PRINCIPAL_TAG_FIELDS: Final = ("x509Subject", "x509Issuer", "x509SAN")
_TRUST_ANCHOR_ARN = re.compile(
    r"arn:aws(?:-cn|-us-gov)?:rolesanywhere:[a-z]{2}(?:-gov)?-[a-z]+-\d:\d{12}:"
    r"trust-anchor/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
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
    r"arn:aws(?:-cn|-us-gov)?:eks:[a-z]{2}(?:-gov)?-[a-z]+-\d:\d{12}:cluster/"
    r"[0-9A-Za-z][A-Za-z0-9\-_]{0,99}"
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
