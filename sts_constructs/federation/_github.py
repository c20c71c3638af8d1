"""GitHub Actions: typed subject filters and the trust of a role that workflows assume.

Subject claims: https://docs.github.com/en/actions/reference/security/oidc
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from sts_constructs._arguments import check_arguments, check_fields
from sts_constructs.federation._preset import (
    BranchFilter,
    SubjectFilter,
    TagFilter,
    WebIdentityPreset,
)
from sts_constructs.federation._references import OidcProviderLike
from sts_constructs.federation._validation import (
    require_items,
    validate_github_environment,
    validate_github_owner,
    validate_github_repository,
    validate_issuer_url,
)
from sts_constructs.validation import require_unique

if TYPE_CHECKING:
    from sts_constructs.federation._github_claims import GitHubClaims, GitHubSubjectTemplate

__all__ = [
    "GITHUB_ACTIONS_AUDIENCE",
    "GITHUB_ACTIONS_ISSUER",
    "GitHubActionsTrust",
    "GitHubBranch",
    "GitHubEnvironment",
    "GitHubFilter",
    "GitHubPullRequest",
    "GitHubRepository",
    "GitHubSubjectFormat",
    "GitHubTag",
    "github_actions_issuer",
]

GITHUB_ACTIONS_ISSUER: Final = "https://token.actions.githubusercontent.com"
# What aws-actions/configure-aws-credentials asks GitHub to put in "aud".
GITHUB_ACTIONS_AUDIENCE: Final = "sts.amazonaws.com"
_IDS = ("owner_id", "repository_id")
_ENTERPRISE_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?")
_GITHUB_ISSUER = re.compile(
    r"token\.actions\.githubusercontent\.com(?:/[a-z0-9-]+)?|[A-Za-z0-9.-]+/_services/token"
)


def github_actions_issuer(
    *,
    enterprise_slug: str | None = None,
    server_hostname: str | None = None,
) -> str:
    """Return the issuer URL of GitHub Actions tokens.

    Args:
        enterprise_slug: A GitHub Enterprise Cloud enterprise that turned on its unique
            issuer (``https://token.actions.githubusercontent.com/<slug>``). Default: the
            issuer shared by all of github.com.
        server_hostname: GitHub Enterprise Server (``https://<hostname>/_services/token``).
            Default: github.com, not GitHub Enterprise Server.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: both arguments given, a slug other than lowercase letters, digits and
            ``-`` (at most 60 characters), or a host name that makes no issuer URL.
    """
    check_arguments(github_actions_issuer, locals())
    if enterprise_slug is not None and server_hostname is not None:
        raise ValueError(
            f"server_hostname: {server_hostname!r} given with enterprise_slug "
            f"{enterprise_slug!r}; a unique enterprise issuer is github.com's, pick one"
        )
    if enterprise_slug is not None:
        if not _ENTERPRISE_SLUG.fullmatch(enterprise_slug):
            raise ValueError(
                f"enterprise_slug: {enterprise_slug!r} is not an enterprise slug: lowercase "
                "letters, digits and '-'"
            )
        return f"{GITHUB_ACTIONS_ISSUER}/{enterprise_slug}"
    if server_hostname is not None:
        return validate_issuer_url("server_hostname", f"https://{server_hostname}/_services/token")
    return GITHUB_ACTIONS_ISSUER


class GitHubSubjectFormat(StrEnum):
    """How GitHub names the repository in the ``sub`` claim.

    Repositories created (or renamed) from 2026-07-15 use immutable IDs by default; older ones
    until an administrator opts them in. IDs cannot be recycled: a deleted organization's
    name claimed by someone else does not match.
    """

    NAMES = "names"
    """``repo:OWNER/REPO:...``, the format of older repositories."""
    IMMUTABLE_IDS = "immutable-ids"
    """``repo:OWNER@OWNER_ID/REPO@REPO_ID:...``."""
    BOTH = "both"
    """Accept both, for the migration from names to IDs; switch to ``IMMUTABLE_IDS`` after."""


class GitHubBranch(BranchFilter):
    """Workflow runs on a branch (``ref:refs/heads/<name>``); ``*`` is a wildcard."""


class GitHubTag(TagFilter):
    """Workflow runs on a tag (``ref:refs/tags/<name>``); ``*`` is a wildcard (``v*``)."""


class GitHubEnvironment(SubjectFilter):
    """Jobs that deploy to a GitHub environment (``environment:<name>``).

    GitHub puts the environment instead of the ref in the subject: guard which branches may
    deploy with the environment's deployment branch rules.
    """

    _CLAIM = "environment:{name}"
    _CHECK = validate_github_environment


@dataclass(frozen=True)
class GitHubPullRequest:
    """Workflows triggered by a pull request (``pull_request``), from forks too: read-only roles."""

    def claim(self) -> str:
        """Return the part of the subject after the repository."""
        return "pull_request"


GitHubFilter: TypeAlias = GitHubBranch | GitHubTag | GitHubEnvironment | GitHubPullRequest


@dataclass(frozen=True, kw_only=True)
class GitHubRepository:
    """Define which workflows of one repository (or, opted out, of one owner) may get in."""

    owner: str
    """The user or organization, such as ``octo-org``."""
    name: str
    """The repository, such as ``app``; ``*`` only with ``allow_any_repository_of_owner``."""
    filters: Sequence[GitHubFilter]
    """Branches, tags, environments or pull requests allowed in (any one of them). Required,
    not empty; ``GitHubBranch("*")`` allows every branch."""
    owner_id: int | None = None
    """The owner's immutable numeric ID (``gh api users/OWNER --jq .id``). Default: unknown,
    only the ``NAMES`` format is possible."""
    repository_id: int | None = None
    """The repository's immutable numeric ID (``gh api repos/OWNER/REPO --jq .id``).
    Default: unknown."""
    subject_format: GitHubSubjectFormat | None = None
    """Which subject format to accept. Default: ``IMMUTABLE_IDS`` when the IDs are given,
    else ``NAMES``."""
    allow_any_repository_of_owner: bool = False
    """Let every repository of ``owner``, present and future, in (with ``name="*"``).
    Default: False. Anyone who can create a repository in the owner can then assume the role."""
    subject_template: GitHubSubjectTemplate | None = None
    """The repository's custom subject template (``include_claim_keys``). Default: GitHub's
    default layout, ``repo:...:<filter>``."""

    def __post_init__(self) -> None:
        check_fields(self)
        if self.subject_format is not None and not isinstance(
            self.subject_format, GitHubSubjectFormat
        ):
            formats = [f.value for f in GitHubSubjectFormat]
            if self.subject_format not in formats:
                raise ValueError(f"subject_format: {self.subject_format!r} is not one of {formats}")
            # Accept the plain string ("both"), as the config does.
            object.__setattr__(self, "subject_format", GitHubSubjectFormat(self.subject_format))
        validate_github_owner("owner", self.owner)
        if self.allow_any_repository_of_owner:
            if self.name != "*":
                raise ValueError(
                    f"name: {self.name!r} names one repository while "
                    "allow_any_repository_of_owner=True; set name='*' or drop the opt-out"
                )
            if self.repository_id is not None:
                raise ValueError(
                    f"repository_id: {self.repository_id!r} given for every repository "
                    "of the owner (name='*'); drop it"
                )
        elif self.name == "*" or "*" in self.name:
            raise ValueError(
                f"name: {self.name!r} matches every repository of {self.owner!r}; name one "
                "repository, or pass allow_any_repository_of_owner=True if every repository "
                "of the owner (present and future) may assume the role"
            )
        else:
            validate_github_repository("name", self.name)
        require_items(
            "filters", self.filters, 'filter (GitHubBranch("main"), GitHubTag("v*"), ...)'
        )
        require_unique("filters", [item.claim() for item in self.filters])
        for field in ("owner_id", "repository_id"):
            value = getattr(self, field)
            if value is not None and (isinstance(value, bool) or value <= 0):
                raise ValueError(f"{field}: {value!r} is not a GitHub ID: a positive integer")
        ids_needed = ("owner_id",) if self.allow_any_repository_of_owner else _IDS
        missing = [field for field in ids_needed if getattr(self, field) is None]
        given = [field for field in _IDS if getattr(self, field) is not None]
        if self.format is not GitHubSubjectFormat.NAMES and missing:
            if self.subject_format is None:
                raise ValueError(
                    f"{given[0]}: {getattr(self, given[0])!r} given without "
                    f"{' and '.join(missing)}; the immutable subject names both IDs"
                )
            raise ValueError(
                f"subject_format: {self.format.value!r} needs {' and '.join(missing)}: the "
                "immutable subject names the IDs"
            )
        if self.format is GitHubSubjectFormat.NAMES and given:
            raise ValueError(
                f"subject_format: 'names' with {' and '.join(given)} given: the IDs would be "
                "ignored; use 'both' while the repository migrates, or drop the IDs"
            )

    @property
    def format(self) -> GitHubSubjectFormat:
        """The subject format accepted (``subject_format`` or its default)."""
        if self.subject_format is not None:
            return self.subject_format
        if self.owner_id is not None:
            return GitHubSubjectFormat.IMMUTABLE_IDS
        return GitHubSubjectFormat.NAMES

    def subjects(self) -> list[str]:
        """Return every ``sub`` value (or ``StringLike`` pattern) this repository allows."""
        if self.subject_template is not None:
            return self.subject_template.subjects(self)
        prefixes = []
        if self.format is not GitHubSubjectFormat.IMMUTABLE_IDS:
            prefixes.append(f"repo:{self.owner}/{self.name}")
        if self.format is not GitHubSubjectFormat.NAMES:
            name = (
                "*" if self.allow_any_repository_of_owner else f"{self.name}@{self.repository_id}"
            )
            prefixes.append(f"repo:{self.owner}@{self.owner_id}/{name}")
        return [f"{prefix}:{item.claim()}" for prefix in prefixes for item in self.filters]


@dataclass(frozen=True, kw_only=True)
class GitHubActionsTrust(WebIdentityPreset):
    """Define a trust in GitHub Actions workflows of the given repositories.

    ``aud`` is pinned; ``sub`` names each repository and filter, with ``StringEquals`` unless a
    filter holds a wildcard (then ``StringLike``). A trust that any repository could satisfy
    cannot be built without ``allow_any_repository_of_owner``.
    https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws
    """

    provider: OidcProviderLike
    """The GitHub Actions OIDC provider (``OidcProvider``, ``OidcProvider.from_issuer``, or
    CDK's own ``iam.OidcProviderNative`` / ``iam.IOidcProvider``)."""
    repositories: Sequence[GitHubRepository]
    """The repositories whose workflows may assume the role. Required, not empty."""
    audience: str = GITHUB_ACTIONS_AUDIENCE
    """The ``aud`` the workflows request. Default: ``sts.amazonaws.com``, what
    aws-actions/configure-aws-credentials requests."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession``. Default: False (GitHub's tokens carry no AWS tags)."""
    claims: GitHubClaims | None = None
    """Conditions on GitHub's claim keys (repository ID, environment, job_workflow_ref, ...),
    all required on top of ``sub``. Default: ``sub`` and ``aud`` only."""

    _SID = "GitHubActions"
    _ISSUER = _GITHUB_ISSUER
    _ISSUER_RULE = (
        "issuer {issuer!r} is not a GitHub Actions issuer "
        "(token.actions.githubusercontent.com[/<enterprise>] or <host>/_services/token); "
        "see github_actions_issuer()"
    )
    _SCOPE = ("repositories", "GitHubRepository", "repositories[].subjects")

    def _check(self) -> None:
        from sts_constructs.federation._github_claims import GitHubClaims

        if self.claims is not None and not isinstance(self.claims, GitHubClaims):
            raise ValueError(f"claims: {self.claims!r} is not a GitHubClaims")

    def _conditions(self) -> dict[str, Any]:
        conditions = super()._conditions()
        if self.claims is not None:
            for operator, keys in self.claims.conditions(self._provider.issuer).items():
                conditions.setdefault(operator, {}).update(keys)
        return conditions
