"""Buildkite: typed ref filters, the pipelines whose builds may assume a role, and its trust.

One issuer shared by every Buildkite organization: ``sub`` always names organization and
pipeline. https://buildkite.com/docs/agent/v3/cli-oidc
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypeAlias

from sts_constructs._arguments import check_fields
from sts_constructs.federation._preset import (
    BranchFilter,
    TagFilter,
    WebIdentityPreset,
)
from sts_constructs.federation._references import OidcProviderLike
from sts_constructs.federation._validation import require_items
from sts_constructs.validation import quote_value, require_unique

__all__ = [
    "BUILDKITE_ISSUER",
    "BuildkiteBranch",
    "BuildkiteFilter",
    "BuildkitePipeline",
    "BuildkiteTag",
    "BuildkiteTrust",
]

BUILDKITE_ISSUER: Final = "https://agent.buildkite.com"
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?")


class BuildkiteBranch(BranchFilter):
    """Builds of a branch (``ref:refs/heads/<name>``); ``*`` is a wildcard."""


class BuildkiteTag(TagFilter):
    """Builds of a tag (``ref:refs/tags/<name>``); ``*`` is a wildcard."""


BuildkiteFilter: TypeAlias = BuildkiteBranch | BuildkiteTag


@dataclass(frozen=True, kw_only=True)
class BuildkitePipeline:
    """Define which builds of one Buildkite pipeline may get in.

    Buildkite's ``sub`` is
    ``organization:<ORG>:pipeline:<PIPELINE>:ref:<REF>:commit:<SHA>:step:<KEY>``; the commit
    and step change every build, so the trust matches them with ``*``.
    """

    organization: str
    """The organization slug, such as ``acme``."""
    pipeline: str
    """The pipeline slug, such as ``deploy-app``."""
    filters: Sequence[BuildkiteFilter]
    """Branches or tags allowed in. Required, not empty; ``BuildkiteBranch("*")`` allows
    every branch."""

    def __post_init__(self) -> None:
        check_fields(self)
        for field in ("organization", "pipeline"):
            value = getattr(self, field)
            if not _SLUG.fullmatch(value):
                raise ValueError(
                    f"{field}: {quote_value(value)} is not a Buildkite slug: 1-100 of a-z, 0-9 "
                    "and '-' (no wildcards)"
                )
        require_items(
            "filters", self.filters, "filter (BuildkiteBranch('main'), BuildkiteTag('v*'))"
        )
        require_unique("filters", [item.claim() for item in self.filters])

    def subjects(self) -> list[str]:
        """Return every ``sub`` pattern this pipeline allows."""
        prefix = f"organization:{self.organization}:pipeline:{self.pipeline}"
        return [f"{prefix}:{item.claim()}:commit:*" for item in self.filters]


@dataclass(frozen=True, kw_only=True)
class BuildkiteTrust(WebIdentityPreset):
    """Define a trust in Buildkite builds of the given pipelines.

    The issuer is shared by every Buildkite organization: ``sub`` always names the
    organization and pipeline. Request tokens with
    ``buildkite-agent oidc request-token --audience sts.amazonaws.com``.
    """

    provider: OidcProviderLike
    """The OIDC provider of ``https://agent.buildkite.com``: ours or CDK's own
    ``iam.OidcProviderNative`` / ``iam.IOidcProvider``."""
    pipelines: Sequence[BuildkitePipeline]
    """The pipelines whose builds may assume the role. Required, not empty."""
    audience: str = "sts.amazonaws.com"
    """The ``aud`` the agent requests (``--audience``). Default: ``sts.amazonaws.com``."""

    _SID = "Buildkite"
    _ISSUER = re.compile(r"agent\.buildkite\.com")
    _ISSUER_RULE = "{issuer!r} is not the issuer of Buildkite (" + BUILDKITE_ISSUER + ")"
    _SCOPE = ("pipelines", "BuildkitePipeline", "pipelines[].subjects")
