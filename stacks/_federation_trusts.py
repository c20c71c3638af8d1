"""Turn the federated roles of a validated config into the library's trust objects.

The library's value objects check the rules of each preset (a GitHub owner, a GitLab path, an
audience the provider accepts) when they are built; a ``ValueError`` of theirs is re-raised
naming the config entry (``federation.roles[0].repositories[1]: owner: ...``).
"""

from __future__ import annotations

from functools import partial

from stacks._errors import at, at_each
from stacks._roles import trust_from_fields
from stacks._sts_features import github_claims, github_subject_template, sts_feature_trust
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
from stacks.config._sts_features import is_sts_feature_role
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
    if is_sts_feature_role(role):
        return sts_feature_trust(
            location,
            role,
            oidc_providers=oidc_providers,
            trust_anchor_arns=trust_anchor_arns or {},
        )
    if isinstance(role, SamlRoleConfig):
        provider = saml_providers[role.provider]
        return trust_from_fields(location, role, SamlTrust, provider=provider)
    if isinstance(role, GoogleRoleConfig):
        return trust_from_fields(location, role, GoogleTrust)
    if isinstance(role, CognitoRoleConfig):
        access = CognitoAccess(role.access)
        return trust_from_fields(location, role, CognitoIdentityPoolTrust, access=access)
    return _web_identity_trust(location, role, oidc_providers[role.provider])


def _web_identity_trust(
    location: str,
    role: GitHubActionsRoleConfig | GitLabCiRoleConfig | EksRoleConfig | OidcRoleConfig,
    provider: OidcProviderReference,
) -> TrustPolicySource:
    if isinstance(role, GitHubActionsRoleConfig):
        repositories = at_each(f"{location}.repositories", role.repositories, _github_repository)
        claims = at(f"{location}.claims", partial(github_claims, role.claims))
        return trust_from_fields(
            location,
            role,
            GitHubActionsTrust,
            provider=provider,
            repositories=repositories,
            claims=claims,
        )
    if isinstance(role, GitLabCiRoleConfig):
        projects = at_each(f"{location}.projects", role.projects, _gitlab_project)
        return trust_from_fields(
            location, role, GitLabCiTrust, provider=provider, projects=projects
        )
    if isinstance(role, EksRoleConfig):
        service_accounts = at_each(
            f"{location}.service_accounts",
            role.service_accounts,
            lambda account: EksServiceAccount(**account.model_dump()),
        )
        return trust_from_fields(
            location,
            role,
            EksServiceAccountTrust,
            provider=provider,
            service_accounts=service_accounts,
        )
    return trust_from_fields(location, role, OidcTrust, provider=provider)


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
