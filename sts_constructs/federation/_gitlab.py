"""GitLab CI/CD: typed subject filters and the trust of a role that pipelines assume.

Subject claim: ``project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>``.
https://docs.gitlab.com/ci/secrets/id_token_authentication/
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeAlias

from sts_constructs._arguments import check_fields
from sts_constructs.federation._references import OidcProviderReference
from sts_constructs.federation._validation import (
    require_items,
    validate_git_ref_pattern,
    validate_gitlab_project_path,
)
from sts_constructs.federation._web_identity import (
    check_audiences,
    claim_conditions,
    web_identity_policy,
)
from sts_constructs.validation import require_unique

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument

__all__ = [
    "GITLAB_ISSUER",
    "GitLabBranch",
    "GitLabCiTrust",
    "GitLabFilter",
    "GitLabProject",
    "GitLabTag",
]

GITLAB_ISSUER: Final = "https://gitlab.com"


@dataclass(frozen=True)
class GitLabBranch:
    """Pipelines for a branch (``ref_type:branch:ref:<name>``); ``*`` is a wildcard."""

    name: str

    def __post_init__(self) -> None:
        check_fields(self)
        validate_git_ref_pattern("GitLabBranch.name", self.name)

    def claim(self) -> str:
        """Return the part of the subject after the project."""
        return f"ref_type:branch:ref:{self.name}"


@dataclass(frozen=True)
class GitLabTag:
    """Pipelines for a tag (``ref_type:tag:ref:<name>``); ``*`` is a wildcard."""

    name: str

    def __post_init__(self) -> None:
        check_fields(self)
        validate_git_ref_pattern("GitLabTag.name", self.name)

    def claim(self) -> str:
        """Return the part of the subject after the project."""
        return f"ref_type:tag:ref:{self.name}"


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
        for i, item in enumerate(self.filters):
            if not isinstance(item, GitLabBranch | GitLabTag):
                raise ValueError(f"filters[{i}]: {item!r} is not a GitLabBranch or GitLabTag")
        require_unique("filters", [item.claim() for item in self.filters])

    def subjects(self) -> list[str]:
        """Return every ``sub`` value (or ``StringLike`` pattern) this project allows."""
        return [f"project_path:{self.path}:{item.claim()}" for item in self.filters]


@dataclass(frozen=True, kw_only=True)
class GitLabCiTrust:
    """Define a trust in GitLab CI/CD pipelines of the given projects (``id_tokens`` in jobs)."""

    provider: OidcProviderReference
    """The GitLab OIDC provider (``https://gitlab.com`` or your self-managed instance)."""
    projects: Sequence[GitLabProject]
    """The projects whose pipelines may assume the role. Required, not empty."""
    audience: str | None = None
    """The ``aud`` of the job's ``id_tokens``. Default: the issuer URL (``https://gitlab.com``),
    what GitLab's AWS guide configures."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession``. Default: False."""

    def __post_init__(self) -> None:
        check_fields(self)
        require_items("projects", self.projects, "GitLabProject")
        check_audiences(self.provider, [self.pinned_audience], field="audience")
        require_unique("projects[].subjects", self.subjects())

    @property
    def pinned_audience(self) -> str:
        """The ``aud`` the trust requires (``audience`` or its default)."""
        return self.audience if self.audience is not None else f"https://{self.provider.issuer}"

    def subjects(self) -> list[str]:
        """Return every ``sub`` value (or pattern) of every project, in order."""
        return [subject for project in self.projects for subject in project.subjects()]

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        return web_identity_policy(
            sid="GitLabCi",
            federated=self.provider.provider_arn,
            conditions=claim_conditions(
                self.provider.issuer, [self.pinned_audience], self.subjects()
            ),
            allow_session_tags=self.allow_session_tags,
        )
