"""CircleCI: the projects (and users) whose jobs may assume a role.

One issuer per organization; ``aud`` is the organization ID.
https://circleci.com/docs/guides/permissions-authentication/openid-connect-tokens/
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sts_constructs._arguments import check_fields
from sts_constructs.federation._preset import WebIdentityPreset
from sts_constructs.federation._references import OidcProviderLike
from sts_constructs.federation._validation import UUID_PATTERN, validate_uuid
from sts_constructs.validation import require_unique

__all__ = ["CircleCiProject", "CircleCiTrust", "circleci_issuer"]


def circleci_issuer(organization_id: str) -> str:
    """Return the issuer URL of a CircleCI organization (its UUID, Organization Settings)."""
    return f"https://oidc.circleci.com/org/{validate_uuid('organization_id', organization_id)}"


@dataclass(frozen=True, kw_only=True)
class CircleCiProject:
    """Define which jobs of one CircleCI project may get in (``sub`` names project and user).

    CircleCI's ``sub`` is ``org/<ORG_ID>/project/<PROJECT_ID>/user/<USER_ID>``.
    """

    project_id: str
    """The project's UUID (Project Settings > Overview)."""
    user_ids: Sequence[str] = ()
    """Only jobs triggered by these users (their UUIDs). Default: any user of the project."""

    def __post_init__(self) -> None:
        check_fields(self)
        object.__setattr__(self, "project_id", validate_uuid("project_id", self.project_id))
        users = tuple(validate_uuid(f"user_ids[{i}]", user) for i, user in enumerate(self.user_ids))
        require_unique("user_ids", users)
        object.__setattr__(self, "user_ids", users)

    def subjects(self, organization_id: str) -> list[str]:
        """Return every ``sub`` value (or pattern) this project allows."""
        prefix = f"org/{organization_id}/project/{self.project_id}/user/"
        return [prefix + user for user in self.user_ids] or [prefix + "*"]


@dataclass(frozen=True, kw_only=True)
class CircleCiTrust(WebIdentityPreset):
    """Define a trust in CircleCI jobs of the given projects of one organization.

    ``aud`` is pinned to the organization ID (what CircleCI puts there).
    """

    provider: OidcProviderLike
    """The organization's OIDC provider (``circleci_issuer(organization_id)``): ours or CDK's
    own ``iam.OidcProviderNative`` / ``iam.IOidcProvider``."""
    projects: Sequence[CircleCiProject]
    """The projects whose jobs may assume the role. Required, not empty."""

    _SID = "CircleCi"
    _ISSUER = re.compile(r"oidc\.circleci\.com/org/" + UUID_PATTERN)
    _ISSUER_RULE = (
        "{issuer!r} is not the issuer of a CircleCI organization (circleci_issuer(organization_id))"
    )
    _SCOPE = ("projects", "CircleCiProject", "projects[].subjects")

    @property
    def organization_id(self) -> str:
        """The organization's UUID, read from the issuer: the ``aud`` the trust requires."""
        return self._provider.issuer.rsplit("/", 1)[1]

    @property
    def pinned_audience(self) -> str:
        """The ``aud`` the trust requires: the organization ID."""
        return self.organization_id

    def subjects(self) -> list[str]:
        """Return every ``sub`` value (or pattern) of every project, in order."""
        return [s for project in self.projects for s in project.subjects(self.organization_id)]
