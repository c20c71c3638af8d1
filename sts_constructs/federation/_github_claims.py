"""GitHub Actions beyond ``sub``: claim condition keys and custom subject templates.

Since January 2026 STS exposes claims of GitHub's tokens as condition keys of their own
(``token.actions.githubusercontent.com:repository_id``, ``...:environment``, ...), so a trust
can say "repository 456789 AND environment production" or "only this reusable workflow at
this ref", which ``sub`` alone cannot.
https://aws.amazon.com/about-aws/whats-new/2026/01/aws-sts-supports-validation-identity-provider-claims/
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif

A repository or organization can also reorder the claims of its ``sub`` with a custom subject
template (``include_claim_keys``); ``GitHubSubjectTemplate`` renders trusts in that layout.
https://docs.github.com/en/actions/reference/security/oidc#customizing-the-subject-claims-for-an-organization-or-repository
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from sts_constructs._arguments import check_fields
from sts_constructs.federation._validation import require_items
from sts_constructs.federation._web_identity import any_value_conditions
from sts_constructs.validation import require_unique

if TYPE_CHECKING:
    from sts_constructs.federation._github import GitHubRepository

__all__ = ["GITHUB_CLAIM_KEYS", "GitHubClaims", "GitHubSubjectTemplate"]

# The GitHub claims STS exposes as condition keys (<issuer>:<claim>), per AWS's announcement.
GITHUB_CLAIM_KEYS: Final = (
    "actor",
    "actor_id",
    "enterprise_id",
    "environment",
    "job_workflow_ref",
    "ref",
    "repository",
    "repository_id",
    "workflow",
)
# Claims a custom subject template may include (GitHub's token claims) besides "repo" and
# "context", which GitHub expands to "repo:OWNER/REPO" and "environment:X"/"ref:X"/...
_TEMPLATE_KEYS = frozenset(
    {
        "repo",
        "context",
        "actor",
        "actor_id",
        "base_ref",
        "enterprise",
        "enterprise_id",
        "environment",
        "event_name",
        "head_ref",
        "job_workflow_ref",
        "job_workflow_sha",
        "ref",
        "ref_protected",
        "ref_type",
        "repository",
        "repository_id",
        "repository_owner",
        "repository_owner_id",
        "repository_visibility",
        "runner_environment",
        "sha",
        "workflow",
        "workflow_ref",
        "workflow_sha",
    }
)
# Claims whose value a template reads from the GitHubRepository it renders for.
_FROM_REPOSITORY: dict[str, Callable[[GitHubRepository], object]] = {
    "repository_owner": lambda r: r.owner,
    "repository": lambda r: f"{r.owner}/{r.name}",
    "repository_owner_id": lambda r: r.owner_id,
    "repository_id": lambda r: r.repository_id,
}
# Keys whose values may hold a '*' wildcard (rendered with StringLike).
_PATTERN_KEYS = frozenset({"environment", "job_workflow_ref", "ref", "workflow"})
_TEXT = re.compile(r"[^\x00-\x1f?]{1,512}")
_JOB_WORKFLOW_REF = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9_-]{0,38}/[A-Za-z0-9._-]{1,100}/\.github/workflows/[^@\s]+\.ya?ml@\S+"
)


def _fail(name: str, value: object, rule: str) -> ValueError:
    return ValueError(f"{name}: {value!r} {rule}")


def _only_wildcards(value: str) -> bool:
    return value.strip("*") == "" or value.strip("*/") == ""


def _check_text(name: str, value: Any, *, pattern_allowed: bool) -> str:
    if not isinstance(value, str) or not _TEXT.fullmatch(value) or "${" in value:
        raise _fail(name, value, "must be 1-512 printable characters without '?' or '${'")
    if "*" in value and not pattern_allowed:
        raise _fail(name, value, "must be exact: no '*' wildcard for this claim")
    if _only_wildcards(value):
        raise _fail(name, value, "matches every value: name the value, or leave the claim out")
    return value


def _check_id(name: str, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _fail(name, value, "is not a GitHub ID: a positive integer")
    return str(value)


@dataclass(frozen=True, kw_only=True)
class GitHubClaims:
    """Define conditions on GitHub's claim keys, on top of the trust's ``sub``.

    Each non-empty list becomes one condition key (any of its values); different keys must
    all hold. Exact values use ``StringEquals``; ``environments``, ``refs``, ``workflows``
    and ``job_workflow_refs`` may hold a ``*`` wildcard (``StringLike``), never a bare ``*``.
    Every field defaults to "no condition"; at least one must be given.
    """

    repository_ids: Sequence[int] = ()
    """Immutable repository IDs (``gh api repos/OWNER/REPO --jq .id``)."""
    repositories: Sequence[str] = ()
    """``OWNER/REPO`` names (mutable: prefer ``repository_ids``)."""
    environments: Sequence[str] = ()
    """Deployment environments (``environment`` claim), such as ``production``."""
    refs: Sequence[str] = ()
    """Git refs (``ref`` claim), such as ``refs/heads/main`` or ``refs/tags/v*``."""
    job_workflow_refs: Sequence[str] = ()
    """Reusable workflows at a ref (``job_workflow_ref``), such as
    ``octo-org/automation/.github/workflows/deploy.yml@refs/heads/main``."""
    workflows: Sequence[str] = ()
    """Workflow names (``workflow`` claim)."""
    actors: Sequence[str] = ()
    """GitHub users who triggered the run (``actor``), such as ``dependabot[bot]``."""
    actor_ids: Sequence[int] = ()
    """Their immutable numeric IDs (``actor_id``)."""
    enterprise_ids: Sequence[int] = ()
    """GitHub Enterprise IDs (``enterprise_id``)."""

    def __post_init__(self) -> None:
        check_fields(self)
        if not any(values for _key, values in self._fields()):
            raise ValueError(
                "claims: GitHubClaims() names no claim; give at least one of repository_ids, "
                "repositories, environments, refs, job_workflow_refs, workflows, actors, "
                "actor_ids or enterprise_ids, or pass claims=None"
            )
        for key, values in self._fields():
            name = _FIELD_OF[key]
            for i, value in enumerate(values):
                self._check(f"claims.{name}[{i}]", key, value)
            require_unique(f"claims.{name}", [str(v) for v in values])

    def _fields(self) -> list[tuple[str, Sequence[Any]]]:
        return [(key, getattr(self, name)) for key, name in _FIELD_OF.items()]

    @staticmethod
    def _check(name: str, key: str, value: Any) -> None:
        if key in {"repository_id", "actor_id", "enterprise_id"}:
            _check_id(name, value)
            return
        _check_text(name, value, pattern_allowed=key in _PATTERN_KEYS)
        if key == "repository" and value.count("/") != 1:
            raise _fail(name, value, "is not OWNER/REPO")
        if (
            key == "job_workflow_ref"
            and "*" not in value
            and not _JOB_WORKFLOW_REF.fullmatch(value)
        ):
            raise _fail(
                name, value, "is not OWNER/REPO/.github/workflows/FILE.yml@REF (a job_workflow_ref)"
            )

    def conditions(self, issuer: str) -> dict[str, dict[str, str | list[str]]]:
        """Return the condition block entries, by operator, for the provider's ``issuer``."""
        return any_value_conditions((f"{issuer}:{key}", values) for key, values in self._fields())


_FIELD_OF = {
    "repository_id": "repository_ids",
    "repository": "repositories",
    "environment": "environments",
    "ref": "refs",
    "job_workflow_ref": "job_workflow_refs",
    "workflow": "workflows",
    "actor": "actors",
    "actor_id": "actor_ids",
    "enterprise_id": "enterprise_ids",
}
assert set(_FIELD_OF) == set(GITHUB_CLAIM_KEYS)


@dataclass(frozen=True, kw_only=True)
class GitHubSubjectTemplate:
    """Define the ``sub`` layout of a repository with a custom subject template.

    ``include_claim_keys`` is the list set with GitHub's API (``PUT
    /repos/OWNER/REPO/actions/oidc/customization/sub``). GitHub writes each key as
    ``key:value`` joined by ``:``; ``repo`` becomes ``repo:OWNER/REPO`` and ``context``
    becomes the filter (``ref:refs/heads/main``, ``environment:prod``, ``pull_request``).
    ``repository``, ``repository_owner``, ``repository_id`` and ``repository_owner_id`` are
    read from the ``GitHubRepository``; other keys need a value in ``claim_values``.
    """

    include_claim_keys: Sequence[str]
    """The template's keys, in GitHub's order. Required; must identify the repository:
    ``repo``, ``repository`` or ``repository_id``."""
    claim_values: Mapping[str, str] = field(default_factory=dict)
    """Values of the other keys, such as ``{"job_workflow_ref": "octo-org/ci/.github/
    workflows/deploy.yml@refs/heads/main"}``; ``*`` wildcards allowed, not a bare ``*``.
    Default: none."""

    def __post_init__(self) -> None:
        check_fields(self)
        require_items(
            "include_claim_keys", self.include_claim_keys, "claim key such as 'repo' or 'context'"
        )
        require_unique("include_claim_keys", self.include_claim_keys)
        for i, key in enumerate(self.include_claim_keys):
            if key not in _TEMPLATE_KEYS:
                raise _fail(
                    f"include_claim_keys[{i}]",
                    key,
                    f"is not a GitHub token claim; known: {', '.join(sorted(_TEMPLATE_KEYS))}",
                )
        if not {"repo", "repository", "repository_id"} & set(self.include_claim_keys):
            raise _fail(
                "include_claim_keys",
                list(self.include_claim_keys),
                "does not name the repository ('repo', 'repository' or 'repository_id'); a "
                "subject without it matches workflows of other repositories",
            )
        for key, value in self.claim_values.items():
            if key not in self.include_claim_keys:
                raise _fail(
                    f"claim_values[{key!r}]",
                    value,
                    "is a value for a key not in include_claim_keys",
                )
            if key in {"repo", "context", *_FROM_REPOSITORY}:
                raise _fail(
                    f"claim_values[{key!r}]",
                    value,
                    "is read from the GitHubRepository and its filters; drop it",
                )
            _check_text(f"claim_values[{key!r}]", value, pattern_allowed=True)
        missing = [
            key
            for key in self.include_claim_keys
            if key not in {"repo", "context", *_FROM_REPOSITORY} and key not in self.claim_values
        ]
        if missing:
            raise _fail(
                "claim_values",
                dict(self.claim_values),
                f"has no value for {', '.join(missing)}; give the exact value (or a pattern)",
            )

    def subjects(self, repository: GitHubRepository) -> list[str]:
        """Return every ``sub`` of ``repository`` (one per filter and repo format)."""
        from sts_constructs.federation._github import GitHubSubjectFormat

        if "context" not in self.include_claim_keys:
            filters: list[str | None] = [None]
        else:
            filters = [item.claim() for item in repository.filters]
        repos: list[str | None] = [None]
        if "repo" in self.include_claim_keys:
            repos = []
            if repository.format is not GitHubSubjectFormat.IMMUTABLE_IDS:
                repos.append(f"repo:{repository.owner}/{repository.name}")
            if repository.format is not GitHubSubjectFormat.NAMES:
                name = (
                    "*"
                    if repository.allow_any_repository_of_owner
                    else f"{repository.name}@{repository.repository_id}"
                )
                repos.append(f"repo:{repository.owner}@{repository.owner_id}/{name}")
        subjects = []
        for repo in repos:
            for context in filters:
                parts = []
                for key in self.include_claim_keys:
                    if key == "repo":
                        parts.append(str(repo))
                    elif key == "context":
                        parts.append(str(context))
                    elif key in _FROM_REPOSITORY:
                        value = _FROM_REPOSITORY[key](repository)
                        if value is None:
                            raise _fail(
                                "subject_template",
                                list(self.include_claim_keys),
                                f"includes {key!r} but the repository's {key} is not given",
                            )
                        parts.append(f"{key}:{value}")
                    else:
                        parts.append(f"{key}:{self.claim_values[key]}")
                subjects.append(":".join(parts))
        return subjects
