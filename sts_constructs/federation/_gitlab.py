"""GitLab CI/CD: typed subject filters and the trust of a role that pipelines assume.

Subject claim: ``project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>``.
https://docs.gitlab.com/ci/secrets/id_token_authentication/
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypeAlias

from sts_constructs._arguments import check_fields
from sts_constructs.federation._preset import SubjectFilter, WebIdentityPreset
from sts_constructs.federation._references import OidcProviderLike
from sts_constructs.federation._validation import require_items, validate_gitlab_project_path
from sts_constructs.validation import require_unique

__all__ = [
    "GITLAB_ISSUER",
    "GitLabBranch",
    "GitLabCiTrust",
    "GitLabFilter",
    "GitLabProject",
    "GitLabTag",
]

GITLAB_ISSUER: Final = "https://gitlab.com"


class GitLabBranch(SubjectFilter):
    """Pipelines for a branch (``ref_type:branch:ref:<name>``); ``*`` is a wildcard."""

    _CLAIM = "ref_type:branch:ref:{name}"


class GitLabTag(SubjectFilter):
    """Pipelines for a tag (``ref_type:tag:ref:<name>``); ``*`` is a wildcard."""

    _CLAIM = "ref_type:tag:ref:{name}"


GitLabFilter: TypeAlias = GitLabBranch | GitLabTag


@dataclass(frozen=True, kw_only=True)
class GitLabProject:
    """Define which pipelines of one GitLab project (or, opted out, of one group) may get in."""

    path: str
    """The project path, such as ``my-group/infra/app``; ``group/*`` only with
    ``allow_any_project_of_group``."""
    filters: Sequence[GitLabFilter]
    """Branches or tags allowed in (any one of them). Required, not empty."""
    allow_any_project_of_group: bool = False
    """Let every project of the group, present and future, in. Default: False."""

    def __post_init__(self) -> None:
        check_fields(self)
        validate_gitlab_project_path("path", self.path, any_project=self.allow_any_project_of_group)
        require_items("filters", self.filters, 'filter (GitLabBranch("main"), GitLabTag("v*"))')
        require_unique("filters", [item.claim() for item in self.filters])

    def subjects(self) -> list[str]:
        """Return every ``sub`` value (or ``StringLike`` pattern) this project allows."""
        return [f"project_path:{self.path}:{item.claim()}" for item in self.filters]


@dataclass(frozen=True, kw_only=True)
class GitLabCiTrust(WebIdentityPreset):
    """Define a trust in GitLab CI/CD pipelines of the given projects (``id_tokens`` in jobs)."""

    provider: OidcProviderLike
    """The GitLab OIDC provider (``https://gitlab.com`` or your self-managed instance): ours or
    CDK's own ``iam.OidcProviderNative`` / ``iam.IOidcProvider``."""
    projects: Sequence[GitLabProject]
    """The projects whose pipelines may assume the role. Required, not empty."""
    audience: str | None = None
    """The ``aud`` of the job's ``id_tokens``. Default: the issuer URL (``https://gitlab.com``),
    what GitLab's AWS guide configures."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession``. Default: False."""

    _SID = "GitLabCi"
    _SCOPE = ("projects", "GitLabProject", "projects[].subjects")

    @property
    def pinned_audience(self) -> str:
        """The ``aud`` the trust requires (``audience`` or its default)."""
        return self.audience if self.audience is not None else f"https://{self._provider.issuer}"
