"""Azure DevOps: the service connections and pipelines of one project that may assume a role.

One issuer per organization; Azure DevOps mints its tokens for one audience only.
https://aws.amazon.com/blogs/modernizing-with-aws/how-to-federate-into-aws-from-azure-devops-using-openid-connect/
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypeAlias

from sts_constructs.federation._preset import SubjectFilter, WebIdentityPreset
from sts_constructs.federation._references import OidcProviderLike
from sts_constructs.federation._validation import UUID_PATTERN, validate_uuid
from sts_constructs.validation import quote_value

__all__ = [
    "AZURE_DEVOPS_AUDIENCE",
    "AzureDevOpsFilter",
    "AzureDevOpsPipeline",
    "AzureDevOpsServiceConnection",
    "AzureDevOpsTrust",
    "azure_devops_issuer",
]

# Azure DevOps mints its ID tokens for this audience only.
AZURE_DEVOPS_AUDIENCE: Final = "api://AzureADTokenExchange"
_ORGANIZATION = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?")
# Project, pipeline and service connection names: no '/', ':', wildcards or policy variables.
_NAME = re.compile(r"[^/:*?$\x00-\x1f]{1,256}")


def azure_devops_issuer(organization_id: str) -> str:
    """Return the issuer URL of an Azure DevOps organization (its GUID)."""
    return f"https://vstoken.dev.azure.com/{validate_uuid('organization_id', organization_id)}"


def _check_name(field: str, value: str) -> str:
    if not value.strip() or not _NAME.fullmatch(value):
        raise ValueError(
            f"{field}: {quote_value(value)} is not an Azure DevOps name: 1-256 characters "
            "without '/', ':', '*', '?' or '$'"
        )
    return value


class AzureDevOpsServiceConnection(SubjectFilter):
    """Jobs using one AWS service connection (``sc://<org>/<project>/<connection>``)."""

    _CLAIM = "sc://{organization}/{project}/{name}"
    _CHECK = _check_name


class AzureDevOpsPipeline(SubjectFilter):
    """Jobs of one pipeline asking for a token themselves (``p://<org>/<project>/<pipeline>``)."""

    _CLAIM = "p://{organization}/{project}/{name}"
    _CHECK = _check_name


AzureDevOpsFilter: TypeAlias = AzureDevOpsServiceConnection | AzureDevOpsPipeline


@dataclass(frozen=True, kw_only=True)
class AzureDevOpsTrust(WebIdentityPreset):
    """Define a trust in Azure DevOps pipelines of one project (AWS Toolkit for Azure DevOps).

    ``aud`` is pinned to ``api://AzureADTokenExchange``, the only audience Azure DevOps mints;
    ``sub`` names each service connection or pipeline exactly.
    """

    provider: OidcProviderLike
    """The organization's OIDC provider (``azure_devops_issuer(organization_id)``): ours or
    CDK's own ``iam.OidcProviderNative`` / ``iam.IOidcProvider``."""
    organization: str
    """The organization's name, as in ``https://dev.azure.com/<organization>``."""
    project: str
    """The project's name."""
    filters: Sequence[AzureDevOpsFilter]
    """Service connections or pipelines allowed in. Required, not empty."""

    _SID = "AzureDevOps"
    _ISSUER = re.compile(r"vstoken\.dev\.azure\.com/" + UUID_PATTERN)
    _ISSUER_RULE = (
        "{issuer!r} is not the issuer of an Azure DevOps organization "
        "(azure_devops_issuer(organization_id))"
    )
    _SCOPE = ("filters", "filter (AzureDevOpsServiceConnection('aws-prod'))", "filters")

    def _check(self) -> None:
        if not _ORGANIZATION.fullmatch(self.organization):
            raise ValueError(
                f"organization: {quote_value(self.organization)} is not an Azure DevOps "
                "organization name: 1-50 of letters, digits and '-'"
            )
        _check_name("project", self.project)

    @property
    def pinned_audience(self) -> str:
        """The ``aud`` the trust requires: ``api://AzureADTokenExchange``."""
        return AZURE_DEVOPS_AUDIENCE

    def subjects(self) -> list[str]:
        """Return the exact ``sub`` of every filter, in order."""
        return [
            item.claim(organization=self.organization, project=self.project)
            for item in self.filters
        ]
