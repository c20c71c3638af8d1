"""EKS IAM Roles for Service Accounts: pods that assume a role through their cluster's issuer.

https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sts_constructs._arguments import check_fields
from sts_constructs.federation._references import OidcProviderReference
from sts_constructs.federation._validation import (
    require_items,
    validate_eks_namespace,
    validate_eks_service_account,
)
from sts_constructs.federation._web_identity import (
    check_audiences,
    claim_conditions,
    web_identity_policy,
)
from sts_constructs.validation import require_unique

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument

__all__ = ["EksServiceAccount", "EksServiceAccountTrust"]

_EKS_ISSUER = re.compile(r"oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/id/[A-Za-z0-9]+")


@dataclass(frozen=True, kw_only=True)
class EksServiceAccount:
    """A Kubernetes service account (``system:serviceaccount:<namespace>:<name>``)."""

    namespace: str
    """The Kubernetes namespace, such as ``payments``."""
    name: str
    """The service account's name, such as ``api``."""

    def __post_init__(self) -> None:
        check_fields(self)
        validate_eks_namespace("EksServiceAccount.namespace", self.namespace)
        validate_eks_service_account("EksServiceAccount.name", self.name)

    def subject(self) -> str:
        """Return the ``sub`` of the service account's projected tokens."""
        return f"system:serviceaccount:{self.namespace}:{self.name}"


@dataclass(frozen=True, kw_only=True)
class EksServiceAccountTrust:
    """Define a trust in pods running as the given service accounts of one EKS cluster."""

    provider: OidcProviderReference
    """The cluster's OIDC provider (issuer ``https://oidc.eks.<region>.amazonaws.com/id/<ID>``)."""
    service_accounts: Sequence[EksServiceAccount]
    """The service accounts allowed in. Required, not empty."""
    audience: str = "sts.amazonaws.com"
    """The ``aud`` of the projected token. Default: ``sts.amazonaws.com``, what EKS's pod
    identity webhook requests."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession``. Default: False."""

    def __post_init__(self) -> None:
        check_fields(self)
        if not _EKS_ISSUER.fullmatch(self.provider.issuer):
            raise ValueError(
                f"provider: issuer {self.provider.issuer!r} is not an EKS cluster issuer like "
                "'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'"
            )
        require_items("service_accounts", self.service_accounts, "EksServiceAccount")
        require_unique("service_accounts", [account.subject() for account in self.service_accounts])
        check_audiences(self.provider, [self.audience], field="audience")

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        subjects = [account.subject() for account in self.service_accounts]
        return web_identity_policy(
            sid="EksServiceAccounts",
            federated=self.provider.provider_arn,
            conditions=claim_conditions(self.provider.issuer, [self.audience], subjects),
            allow_session_tags=self.allow_session_tags,
        )
