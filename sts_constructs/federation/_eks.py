"""EKS IAM Roles for Service Accounts: pods that assume a role through their cluster's issuer.

https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sts_constructs._arguments import check_fields
from sts_constructs.federation._preset import WebIdentityPreset
from sts_constructs.federation._references import OidcProviderLike
from sts_constructs.validation import validate_kubernetes_name

__all__ = ["EksServiceAccount", "EksServiceAccountTrust"]


@dataclass(frozen=True, kw_only=True)
class EksServiceAccount:
    """A Kubernetes service account (``system:serviceaccount:<namespace>:<name>``)."""

    namespace: str
    """The Kubernetes namespace, such as ``payments``."""
    name: str
    """The service account's name, such as ``api``."""

    def __post_init__(self) -> None:
        check_fields(self)
        validate_kubernetes_name("EksServiceAccount.namespace", self.namespace, kind="namespace")
        validate_kubernetes_name("EksServiceAccount.name", self.name, kind="service account")

    def subject(self) -> str:
        """Return the ``sub`` of the service account's projected tokens."""
        return f"system:serviceaccount:{self.namespace}:{self.name}"


@dataclass(frozen=True, kw_only=True)
class EksServiceAccountTrust(WebIdentityPreset):
    """Define a trust in pods running as the given service accounts of one EKS cluster."""

    provider: OidcProviderLike
    """The cluster's OIDC provider (issuer ``https://oidc.eks.<region>.amazonaws.com/id/<ID>``):
    ours or CDK's own ``iam.OidcProviderNative`` / ``iam.IOidcProvider``."""
    service_accounts: Sequence[EksServiceAccount]
    """The service accounts allowed in. Required, not empty."""
    audience: str = "sts.amazonaws.com"
    """The ``aud`` of the projected token. Default: ``sts.amazonaws.com``, what EKS's pod
    identity webhook requests."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession``. Default: False."""

    _SID = "EksServiceAccounts"
    _ISSUER = re.compile(r"oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/id/[A-Za-z0-9]+")
    _ISSUER_RULE = (
        "issuer {issuer!r} is not an EKS cluster issuer like "
        "'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'"
    )
    _SCOPE = ("service_accounts", "EksServiceAccount", "service_accounts")

    def subjects(self) -> list[str]:
        """Return the ``sub`` of each service account, in order."""
        return [account.subject() for account in self.service_accounts]
