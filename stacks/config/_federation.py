"""The federation section of the config (docs/federation.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from stacks.config._base import (
    GroupName,
    IamName,
    IamPath,
    MfaMaxAge,
    PolicyArn,
    Region,
    SessionDuration,
    StrictModel,
    rule_field,
)
from sts_constructs import validation as rules
from sts_constructs.federation import (
    GITHUB_ACTIONS_AUDIENCE,
    EksServiceAccount,
    EksServiceAccountTrust,
    ExistingOidcProvider,
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
    SamlMetadata,
)
from sts_constructs.federation import _validation as fed_rules
from sts_constructs.federation._validation import issuer_host

if TYPE_CHECKING:
    from sts_constructs import TrustPolicySource

    """ARNs of managed policies to attach."""


ProviderName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,62}$")]
IssuerUrl = Annotated[str, rule_field(fed_rules.validate_issuer_url)]
ClientId = Annotated[str, rule_field(fed_rules.validate_client_id)]
Audience = Annotated[str, rule_field(fed_rules.validate_audience)]
Thumbprint = Annotated[str, rule_field(fed_rules.validate_thumbprint)]
SamlProviderName = Annotated[str, rule_field(fed_rules.validate_saml_provider_name)]
FederatedUserPrefix = Annotated[str, rule_field(fed_rules.validate_federated_user_prefix)]


class OidcProviderConfig(StrictModel):
    """An IAM OIDC identity provider (one per issuer URL per account)."""

    name: ProviderName
    """How roles refer to this provider (``provider: github``)."""
    url: IssuerUrl
    """The issuer URL, such as ``https://token.actions.githubusercontent.com``."""
    client_ids: Annotated[list[ClientId], Field(min_length=1, max_length=100)]
    """The audiences IAM accepts, such as ``[sts.amazonaws.com]``."""
    thumbprints: Annotated[list[Thumbprint], Field(max_length=5)] = []
    """Certificate thumbprints; omitted: IAM uses its trusted certificate authorities."""
    existing: bool = False
    """The provider already exists in the account: reference it instead of creating it."""


class SamlProviderConfig(StrictModel):
    """An IAM SAML 2.0 identity provider from the IdP's metadata file."""

    name: SamlProviderName
    """The IAM provider name; roles refer to it (``provider: corp-idp``)."""
    metadata_file: str
    """The IdP's metadata XML, relative to the config file's directory."""

    @field_validator("metadata_file")
    @classmethod
    def _metadata_is_valid(cls, value: str, info: ValidationInfo) -> str:
        path = Path(value)
        base = (info.context or {}).get("config_dir")
        if not path.is_absolute() and base is not None:
            path = Path(base) / path
        try:
            SamlMetadata.from_file(path)
        except ValueError as error:
            raise ValueError(str(error).removeprefix("metadata: ")) from None
        return str(path.resolve())


class _FederatedRole(StrictModel):
    name: IamName
    """The IAM role name (unique per account)."""
    description: str | None = None
    """Shown in the IAM console."""
    path: IamPath = "/"
    """IAM path of the role."""
    max_session_duration: SessionDuration = 3600
    """Longest session a caller may ask for: ``1h`` to ``12h``."""
    permissions_boundary: PolicyArn | None = None
    """ARN of a managed policy that caps the role's permissions."""
    managed_policies: list[PolicyArn] = []
    """ARNs of managed policies to attach."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession``."""


class GitHubRepositoryConfig(StrictModel):
    """One repository and the branches, tags, environments or pull requests allowed in."""

    owner: str
    """The user or organization, such as ``octo-org``."""
    name: str
    """The repository; ``*`` only with ``allow_any_repository_of_owner``."""
    owner_id: int | None = None
    """The owner's immutable numeric ID (``gh api users/OWNER --jq .id``)."""
    repository_id: int | None = None
    """The repository's immutable numeric ID (``gh api repos/OWNER/REPO --jq .id``)."""
    subject_format: Literal["names", "immutable-ids", "both"] | None = None
    """``names``, ``immutable-ids`` or ``both`` (migration); omitted: ``immutable-ids`` when the
    IDs are given, else ``names``."""
    branches: list[str] = []
    """Branch names (``*`` is a wildcard)."""
    tags: list[str] = []
    """Tag names (``v*``)."""
    environments: list[str] = []
    """GitHub deployment environments."""
    pull_requests: bool = False
    """Workflows triggered by pull requests."""
    allow_any_repository_of_owner: bool = False
    """Every repository of the owner may assume the role (``name: "*"``)."""

    @model_validator(mode="after")
    def _is_valid(self) -> Self:
        self.to_repository()
        return self

    def to_repository(self) -> GitHubRepository:
        """Return the library's ``GitHubRepository``."""
        filters: list[GitHubFilter] = [
            *(GitHubBranch(name) for name in self.branches),
            *(GitHubTag(name) for name in self.tags),
            *(GitHubEnvironment(name) for name in self.environments),
            *([GitHubPullRequest()] if self.pull_requests else []),
        ]
        return GitHubRepository(
            owner=self.owner,
            name=self.name,
            filters=filters,
            owner_id=self.owner_id,
            repository_id=self.repository_id,
            subject_format=(
                GitHubSubjectFormat(self.subject_format) if self.subject_format else None
            ),
            allow_any_repository_of_owner=self.allow_any_repository_of_owner,
        )


class GitHubActionsRoleConfig(_FederatedRole):
    """A role GitHub Actions workflows of the given repositories assume."""

    kind: Literal["github-actions"]
    provider: ProviderName
    """The ``oidc_providers`` entry of the GitHub Actions issuer."""
    repositories: Annotated[list[GitHubRepositoryConfig], Field(min_length=1)]
    """The repositories whose workflows may assume the role."""
    audience: Audience = GITHUB_ACTIONS_AUDIENCE
    """The ``aud`` the workflows request."""


class GitLabProjectConfig(StrictModel):
    """One GitLab project and the branches or tags allowed in."""

    path: str
    """The project path, such as ``my-group/app``; ``group/*`` only with the opt-out."""
    branches: list[str] = []
    """Branch names (``*`` is a wildcard)."""
    tags: list[str] = []
    """Tag names."""
    allow_any_project_of_group: bool = False
    """Every project of the group may assume the role."""

    @model_validator(mode="after")
    def _is_valid(self) -> Self:
        self.to_project()
        return self

    def to_project(self) -> GitLabProject:
        """Return the library's ``GitLabProject``."""
        filters: list[GitLabFilter] = [
            *(GitLabBranch(name) for name in self.branches),
            *(GitLabTag(name) for name in self.tags),
        ]
        return GitLabProject(
            path=self.path,
            filters=filters,
            allow_any_project_of_group=self.allow_any_project_of_group,
        )


class GitLabCiRoleConfig(_FederatedRole):
    """A role GitLab CI/CD pipelines of the given projects assume."""

    kind: Literal["gitlab-ci"]
    provider: ProviderName
    """The ``oidc_providers`` entry of the GitLab instance."""
    projects: Annotated[list[GitLabProjectConfig], Field(min_length=1)]
    """The projects whose pipelines may assume the role."""
    audience: Audience | None = None
    """The ``aud`` of the jobs' ``id_tokens``; omitted: the issuer URL."""


class EksServiceAccountConfig(StrictModel):
    """A Kubernetes service account."""

    namespace: str
    """The Kubernetes namespace, such as ``payments``."""
    name: str
    """The service account's name, such as ``api``."""

    @model_validator(mode="after")
    def _is_valid(self) -> Self:
        EksServiceAccount(namespace=self.namespace, name=self.name)
        return self


class EksRoleConfig(_FederatedRole):
    """A role pods of one EKS cluster assume (IAM Roles for Service Accounts)."""

    kind: Literal["eks-service-account"]
    provider: ProviderName
    """The ``oidc_providers`` entry of the cluster's issuer."""
    service_accounts: Annotated[list[EksServiceAccountConfig], Field(min_length=1)]
    """The service accounts allowed in."""
    audience: Audience = "sts.amazonaws.com"
    """The ``aud`` of the projected token."""


class GoogleRoleConfig(_FederatedRole):
    """A role Google accounts assume with ID tokens of your OAuth client."""

    kind: Literal["google"]
    client_id: Audience
    """Your OAuth 2.0 client ID."""
    subjects: list[str] = []
    """Numeric Google account IDs allowed in."""
    allow_any_user_of_client: bool = False
    """Every Google account that signs in to the client may assume the role."""

    @model_validator(mode="after")
    def _is_valid(self) -> Self:
        self.to_trust()
        return self

    def to_trust(self) -> GoogleTrust:
        """Return the library's ``GoogleTrust``."""
        return GoogleTrust(
            client_id=self.client_id,
            subjects=self.subjects,
            allow_any_user_of_client=self.allow_any_user_of_client,
            allow_session_tags=self.allow_session_tags,
        )


class CognitoRoleConfig(_FederatedRole):
    """A role identities of a Cognito identity pool assume."""

    kind: Literal["cognito-identity-pool"]
    identity_pool_id: Annotated[str, rule_field(fed_rules.validate_cognito_identity_pool_id)]
    """The pool's ID (``region:GUID``)."""
    access: Literal["authenticated", "unauthenticated"] = "authenticated"
    """Signed-in users or guests."""


class OidcRoleConfig(_FederatedRole):
    """A role tokens of any OIDC issuer with exactly these ``sub`` and ``aud`` assume."""

    kind: Literal["oidc"]
    provider: ProviderName
    """The ``oidc_providers`` entry of the issuer."""
    subjects: Annotated[
        list[Annotated[str, rule_field(fed_rules.validate_subject)]], Field(min_length=1)
    ]
    """The exact ``sub`` values allowed in."""
    audiences: Annotated[list[Audience], Field(min_length=1)]
    """The exact ``aud`` values allowed in."""


class SamlRoleConfig(_FederatedRole):
    """A role users of a SAML 2.0 IdP assume, in the console or with the API."""

    kind: Literal["saml"]
    provider: SamlProviderName
    """The ``saml_providers`` entry."""
    sign_in_region: Region | None = None
    """The regional sign-in endpoint the IdP posts to; omitted: the global endpoint."""
    audience: str | None = None
    """Another exact ``SAML:aud`` URL (another partition's sign-in endpoint)."""
    allow_source_identity: bool = False
    """Also allow ``sts:SetSourceIdentity``."""


FederatedRoleConfig = Annotated[
    GitHubActionsRoleConfig
    | GitLabCiRoleConfig
    | EksRoleConfig
    | GoogleRoleConfig
    | CognitoRoleConfig
    | OidcRoleConfig
    | SamlRoleConfig,
    Field(discriminator="kind"),
]


class FederationBrokerConfig(StrictModel):
    """A GetFederationToken identity-broker user (its access key goes to Secrets Manager)."""

    name: IamName
    """The broker's IAM user name."""
    path: IamPath = "/"
    """IAM path of the user and its group."""
    federated_user_prefix: FederatedUserPrefix
    """Federated user names the broker may use start with this, such as ``portal-``."""
    permission_ceiling: Annotated[list[PolicyArn], Field(min_length=1)]
    """ARNs of managed policies: the most any federated user may do."""


class MfaSessionGroupConfig(StrictModel):
    """A group whose permissions work only in MFA sessions (``sts:GetSessionToken``)."""

    name: GroupName
    """The IAM group name."""
    path: IamPath = "/"
    """IAM path of the group."""
    managed_policies: Annotated[list[PolicyArn], Field(min_length=1)]
    """ARNs of managed policies members may use with MFA."""
    mfa_max_age: MfaMaxAge | None = None
    """Refuse MFA sign-ins older than this, e.g. ``12h``."""
    members: list[IamName] = []
    """Names of IAM users to add (users of this config or existing ones)."""


class FederationConfig(StrictModel):
    """Identity providers and the roles, broker and MFA groups federation needs."""

    oidc_providers: list[OidcProviderConfig] = []
    """OIDC identity providers (GitHub Actions, GitLab, EKS clusters, any issuer)."""
    saml_providers: list[SamlProviderConfig] = []
    """SAML 2.0 identity providers."""
    roles: list[FederatedRoleConfig] = []
    """Federated roles; ``kind`` picks the preset: github-actions, gitlab-ci,
    eks-service-account, google, cognito-identity-pool, oidc or saml."""
    brokers: list[FederationBrokerConfig] = []
    """GetFederationToken identity brokers."""
    mfa_session_groups: list[MfaSessionGroupConfig] = []
    """Groups whose permissions need an MFA session."""

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        oidc = {provider.name: provider for provider in self.oidc_providers}
        rules.require_unique("oidc_providers[].name", [p.name for p in self.oidc_providers])
        # IAM holds one OIDC provider per issuer URL per account.
        rules.require_unique("oidc_providers[].url", [p.url for p in self.oidc_providers])
        saml = [provider.name for provider in self.saml_providers]
        rules.require_unique("saml_providers[].name", saml)
        rules.require_unique("roles[].name", [role.name.lower() for role in self.roles])
        rules.require_unique("brokers[].name", [broker.name for broker in self.brokers])
        for i, role in enumerate(self.roles):
            if isinstance(role, SamlRoleConfig):
                if role.provider not in saml:
                    raise ValueError(
                        f"roles[{i}].provider: {role.provider!r} is not in saml_providers "
                        f"(known: {', '.join(saml) or 'none'})"
                    )
                continue
            if isinstance(role, GoogleRoleConfig | CognitoRoleConfig):
                continue  # Built into IAM: no provider to name.
            provider_name = role.provider
            if provider_name not in oidc:
                raise ValueError(
                    f"roles[{i}].provider: {provider_name!r} is not in oidc_providers "
                    f"(known: {', '.join(oidc) or 'none'})"
                )
            provider = oidc[provider_name]
            reference = ExistingOidcProvider(
                provider_arn=f"arn:aws:iam::000000000000:oidc-provider/{issuer_host(provider.url)}",
                issuer=issuer_host(provider.url),
                client_ids=provider.client_ids,
            )
            try:
                web_identity_trust(role, reference)
            except ValueError as error:
                raise ValueError(f"roles[{i}]: {error}") from None
        return self


def web_identity_trust(
    role: GitHubActionsRoleConfig | GitLabCiRoleConfig | EksRoleConfig | OidcRoleConfig,
    provider: OidcProviderReference,
) -> TrustPolicySource:
    """Return the library's trust for a web-identity role of the config."""
    if isinstance(role, GitHubActionsRoleConfig):
        return GitHubActionsTrust(
            provider=provider,
            repositories=[repository.to_repository() for repository in role.repositories],
            audience=role.audience,
            allow_session_tags=role.allow_session_tags,
        )
    if isinstance(role, GitLabCiRoleConfig):
        return GitLabCiTrust(
            provider=provider,
            projects=[project.to_project() for project in role.projects],
            audience=role.audience,
            allow_session_tags=role.allow_session_tags,
        )
    if isinstance(role, EksRoleConfig):
        return EksServiceAccountTrust(
            provider=provider,
            service_accounts=[
                EksServiceAccount(namespace=account.namespace, name=account.name)
                for account in role.service_accounts
            ],
            audience=role.audience,
            allow_session_tags=role.allow_session_tags,
        )
    return OidcTrust(
        provider=provider,
        subjects=role.subjects,
        audiences=role.audiences,
        allow_session_tags=role.allow_session_tags,
    )


# --- Cross-account access (docs/cross-account.md) --------------------------------------------
