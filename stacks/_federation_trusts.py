"""Turn the federated roles of a validated config into the library's trust objects.

The library's value objects check the rules of each preset (a GitHub owner, a GitLab path, an
audience the provider accepts) when they are built; a ``ValueError`` of theirs is re-raised
naming the config entry (``federation.roles[0].repositories[1]: owner: ...``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from stacks._errors import at
from stacks._sts_features import (
    STS_FEATURE_ROLES,
    github_claims,
    github_subject_template,
    sts_feature_trust,
)
from stacks.config import (
    CognitoRoleConfig,
    EksRoleConfig,
    FederatedRoleConfig,
    GitHubActionsRoleConfig,
    GitHubRepositoryConfig,
    GitLabCiRoleConfig,
    GitLabProjectConfig,
    GoogleRoleConfig,
    OidcRoleConfig,
    SamlRoleConfig,
)
from sts_constructs import TrustPolicySource
from sts_constructs.federation import (
    CognitoAccess,
    CognitoIdentityPoolTrust,
    EksServiceAccount,
    EksServiceAccountTrust,
    GitHubActionsTrust,
    GitHubBranch,
    GitHubEnvironment,
    GitHubFilter,
    GitHubPullRequest,
    GitHubRepository,
    GitHubSubjectFormat,
    GitHubTag,
    GitLabBranch,
    GitLabCiTrust,
    GitLabFilter,
    GitLabProject,
    GitLabTag,
    GoogleTrust,
    OidcProviderReference,
    OidcTrust,
    SamlProvider,
    SamlTrust,
)

__all__ = ["federated_trust"]


def federated_trust(
    location: str,
    role: FederatedRoleConfig,
    *,
    oidc_providers: dict[str, OidcProviderReference],
    saml_providers: dict[str, SamlProvider],
    trust_anchor_arns: dict[str, str] | None = None,  # Roles Anywhere anchors, by name.
) -> TrustPolicySource:
    """Return the library's trust for a federated role of the config at ``location``.

    Raises ``EntryError`` (``stacks._errors``) naming ``location``, and the repository or
    project, when the library refuses a value.
    """
    if isinstance(role, STS_FEATURE_ROLES):
        return sts_feature_trust(
            location,
            role,
            oidc_providers=oidc_providers,
            trust_anchor_arns=trust_anchor_arns or {},
        )
    if isinstance(role, SamlRoleConfig):
        return at(
            location,
            lambda: SamlTrust(
                provider=saml_providers[role.provider],
                sign_in_region=role.sign_in_region,
                audience=role.audience,
                allow_session_tags=role.allow_session_tags,
                allow_source_identity=role.allow_source_identity,
            ),
        )
    if isinstance(role, GoogleRoleConfig):
        return at(
            location,
            lambda: GoogleTrust(
                client_id=role.client_id,
                subjects=role.subjects,
                allow_any_user_of_client=role.allow_any_user_of_client,
                allow_session_tags=role.allow_session_tags,
            ),
        )
    if isinstance(role, CognitoRoleConfig):
        return at(
            location,
            lambda: CognitoIdentityPoolTrust(
                identity_pool_id=role.identity_pool_id,
                access=CognitoAccess(role.access),
                allow_session_tags=role.allow_session_tags,
            ),
        )
    return _web_identity_trust(location, role, oidc_providers[role.provider])


def _audience(role: Any) -> dict[str, Any]:
    """Pass ``audience`` only when the config sets it: the preset's default applies."""
    return {} if role.audience is None else {"audience": role.audience}


def _web_identity_trust(
    location: str,
    role: GitHubActionsRoleConfig | GitLabCiRoleConfig | EksRoleConfig | OidcRoleConfig,
    provider: OidcProviderReference,
) -> TrustPolicySource:
    if isinstance(role, GitHubActionsRoleConfig):
        repositories = [
            at(f"{location}.repositories[{i}]", partial(_github_repository, repository))
            for i, repository in enumerate(role.repositories)
        ]
        return at(
            location,
            lambda: GitHubActionsTrust(
                provider=provider,
                repositories=repositories,
                allow_session_tags=role.allow_session_tags,
                claims=at(f"{location}.claims", partial(github_claims, role.claims)),
                **_audience(role),
            ),
        )
    if isinstance(role, GitLabCiRoleConfig):
        projects = [
            at(f"{location}.projects[{i}]", partial(_gitlab_project, project))
            for i, project in enumerate(role.projects)
        ]
        return at(
            location,
            lambda: GitLabCiTrust(
                provider=provider,
                projects=projects,
                allow_session_tags=role.allow_session_tags,
                **_audience(role),
            ),
        )
    if isinstance(role, EksRoleConfig):
        service_accounts = [
            at(
                f"{location}.service_accounts[{i}]",
                partial(EksServiceAccount, namespace=account.namespace, name=account.name),
            )
            for i, account in enumerate(role.service_accounts)
        ]
        return at(
            location,
            lambda: EksServiceAccountTrust(
                provider=provider,
                service_accounts=service_accounts,
                allow_session_tags=role.allow_session_tags,
                **_audience(role),
            ),
        )
    return at(
        location,
        lambda: OidcTrust(
            provider=provider,
            subjects=role.subjects,
            audiences=role.audiences,
            allow_session_tags=role.allow_session_tags,
        ),
    )


def _github_repository(repository: GitHubRepositoryConfig) -> GitHubRepository:
    filters: list[GitHubFilter] = [
        *(GitHubBranch(name) for name in repository.branches),
        *(GitHubTag(name) for name in repository.tags),
        *(GitHubEnvironment(name) for name in repository.environments),
        *([GitHubPullRequest()] if repository.pull_requests else []),
    ]
    return GitHubRepository(
        owner=repository.owner,
        name=repository.name,
        filters=filters,
        owner_id=repository.owner_id,
        repository_id=repository.repository_id,
        subject_format=(
            GitHubSubjectFormat(repository.subject_format) if repository.subject_format else None
        ),
        allow_any_repository_of_owner=repository.allow_any_repository_of_owner,
        subject_template=github_subject_template(repository.subject_template),
    )


def _gitlab_project(project: GitLabProjectConfig) -> GitLabProject:
    filters: list[GitLabFilter] = [
        *(GitLabBranch(name) for name in project.branches),
        *(GitLabTag(name) for name in project.tags),
    ]
    return GitLabProject(
        path=project.path,
        filters=filters,
        allow_any_project_of_group=project.allow_any_project_of_group,
    )
