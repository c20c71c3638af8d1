"""Bitbucket Pipelines: typed step filters and the trust of a role that pipeline steps assume.

One issuer per workspace; ``aud`` is the workspace's own audience.
https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from sts_constructs._arguments import check_fields
from sts_constructs.federation._preset import WebIdentityPreset
from sts_constructs.federation._references import OidcProviderLike
from sts_constructs.federation._validation import require_items, validate_uuid
from sts_constructs.validation import quote_value, require_unique

__all__ = [
    "BitbucketAnyStep",
    "BitbucketDeployment",
    "BitbucketFilter",
    "BitbucketPipelinesTrust",
    "BitbucketRepository",
    "bitbucket_pipelines_issuer",
]

_WORKSPACE = re.compile(r"[a-z0-9][a-z0-9_-]{0,61}")
_BITBUCKET_ISSUER = re.compile(
    r"api\.bitbucket\.org/2\.0/workspaces/[a-z0-9][a-z0-9_-]{0,61}/pipelines-config/identity/oidc"
)


def bitbucket_pipelines_issuer(workspace: str) -> str:
    """Return the issuer URL of a Bitbucket workspace's pipelines (lowercase workspace slug)."""
    if not isinstance(workspace, str) or not _WORKSPACE.fullmatch(workspace):
        raise ValueError(
            f"workspace: {quote_value(workspace)} is not a Bitbucket workspace slug: 1-62 of "
            "a-z, 0-9, '-', '_'"
        )
    return f"https://api.bitbucket.org/2.0/workspaces/{workspace}/pipelines-config/identity/oidc"


@dataclass(frozen=True)
class BitbucketDeployment:
    """Steps that deploy to one deployment environment (its UUID, from Repository settings)."""

    environment_uuid: str

    def __post_init__(self) -> None:
        check_fields(self)
        uuid = validate_uuid("BitbucketDeployment.environment_uuid", self.environment_uuid)
        object.__setattr__(self, "environment_uuid", uuid)

    def claim(self) -> str:
        """Return the part of the subject after the repository UUID."""
        return f"{{{self.environment_uuid}}}:*"


@dataclass(frozen=True)
class BitbucketAnyStep:
    """Every step of the repository that is not a deployment (any branch, any pull request)."""

    def claim(self) -> str:
        """Return the part of the subject after the repository UUID."""
        return ":*"


BitbucketFilter: TypeAlias = BitbucketDeployment | BitbucketAnyStep


@dataclass(frozen=True, kw_only=True)
class BitbucketRepository:
    """Define which steps of one Bitbucket repository may get in.

    Bitbucket's ``sub`` is ``{REPOSITORY_UUID}:{STEP_UUID}``, or
    ``{REPOSITORY_UUID}{ENVIRONMENT_UUID}:{STEP_UUID}`` for a deployment step; the step UUID
    changes every run, so the trust matches it with ``*``.
    """

    repository_uuid: str
    """The repository's UUID (Repository settings > OpenID Connect), braces optional."""
    filters: Sequence[BitbucketFilter]
    """Deployment environments or ``BitbucketAnyStep()``. Required, not empty."""

    def __post_init__(self) -> None:
        check_fields(self)
        uuid = validate_uuid("repository_uuid", self.repository_uuid)
        object.__setattr__(self, "repository_uuid", uuid)
        require_items(
            "filters",
            self.filters,
            "filter (BitbucketDeployment('<environment UUID>') or BitbucketAnyStep())",
        )
        require_unique("filters", [item.claim() for item in self.filters])

    def subjects(self) -> list[str]:
        """Return every ``sub`` pattern this repository allows."""
        return [f"{{{self.repository_uuid}}}{item.claim()}" for item in self.filters]


@dataclass(frozen=True, kw_only=True)
class BitbucketPipelinesTrust(WebIdentityPreset):
    """Define a trust in Bitbucket Pipelines steps (``oidc: true``) of the given repositories.

    ``aud`` is pinned to the workspace's audience ``ari:cloud:bitbucket::workspace/<UUID>``.
    """

    provider: OidcProviderLike
    """The workspace's OIDC provider (``bitbucket_pipelines_issuer(workspace)``): ours or CDK's
    own ``iam.OidcProviderNative`` / ``iam.IOidcProvider``."""
    workspace_uuid: str
    """The workspace's UUID: the audience is ``ari:cloud:bitbucket::workspace/<UUID>``."""
    repositories: Sequence[BitbucketRepository]
    """The repositories whose steps may assume the role. Required, not empty."""

    _SID = "BitbucketPipelines"
    _ISSUER = _BITBUCKET_ISSUER
    _ISSUER_RULE = (
        "{issuer!r} is not the issuer of a Bitbucket workspace's pipelines "
        "(bitbucket_pipelines_issuer(workspace))"
    )
    _SCOPE = ("repositories", "BitbucketRepository", "repositories[].subjects")

    def _check(self) -> None:
        uuid = validate_uuid("workspace_uuid", self.workspace_uuid)
        object.__setattr__(self, "workspace_uuid", uuid)

    @property
    def audience(self) -> str:
        """The ``aud`` the trust requires."""
        return f"ari:cloud:bitbucket::workspace/{self.workspace_uuid}"
