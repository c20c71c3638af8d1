"""The federation section of the config (docs/federation.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from stacks.config._base import (
    GroupName,
    IamName,
    IamPath,
    MfaMaxAge,
    PolicyArn,
    Region,
    RoleSettings,
    StrictModel,
    TrustPolicyMaxChars,
    rule_field,
)
from stacks.config._load import named_file
from sts_constructs import validation as rules

# The config's own short name for a provider (roles refer to it): not an IAM name.
ProviderName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,62}$")]
IssuerUrl = Annotated[str, rule_field(rules.validate_oidc_issuer_url)]
ClientId = Annotated[str, rule_field(rules.validate_oidc_client_id)]
Thumbprint = Annotated[str, rule_field(rules.validate_thumbprint)]
SamlProviderName = Annotated[str, rule_field(rules.validate_saml_provider_name)]
FederatedUserPrefix = Annotated[str, rule_field(rules.validate_federated_user_prefix)]
SAML_METADATA_MAX_BYTES = 1_048_576
"""A SAML metadata file is at most 1 MiB (IAM takes at most 10,000,000 characters; IdPs' files
are a few kilobytes)."""


class OidcProviderConfig(StrictModel):
    """An IAM OIDC identity provider (one per issuer URL per account)."""

    name: ProviderName
    """How roles refer to this provider (``provider: github``)."""
    url: IssuerUrl
    """The issuer URL, such as ``https://token.actions.githubusercontent.com``."""
    client_ids: Annotated[list[ClientId], Field(min_length=1, max_length=rules.OIDC_CLIENT_IDS_MAX)]
    """The audiences IAM accepts, such as ``[sts.amazonaws.com]``."""
    thumbprints: Annotated[list[Thumbprint], Field(max_length=rules.OIDC_THUMBPRINTS_MAX)] = []
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
        # The stack parses it.
        return named_file(
            value, info.context, what="SAML metadata file", max_bytes=SAML_METADATA_MAX_BYTES
        )


class _FederatedRole(RoleSettings):
    name: IamName
    """The IAM role name (unique per account)."""
    trust_policy_max_chars: TrustPolicyMaxChars = rules.TRUST_POLICY_MAX_CHARS
    """The account's trust-policy size quota, if raised (at most IAM's hard maximum, 4096)."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession``."""


class _OidcRole(_FederatedRole):
    """A role for tokens of an OIDC issuer of ``federation.oidc_providers``."""

    provider: ProviderName
    """The ``oidc_providers`` entry of the issuer (the role kind says which)."""


class _OidcAudienceRole(_OidcRole):
    audience: str | None = None
    """The ``aud`` the tokens carry; omitted: the preset's default (the role kind says which)."""


# The STS features of docs/sts-features.md: their module builds on the role bases above.
from stacks.config._sts_features import (  # noqa: E402
    GitHubClaimsConfig,
    GitHubSubjectTemplateConfig,
    RolesAnywhereConfig,
    RootAccessConfig,
    StsFeatureRoleConfig,
    WebIdentityTokenConfig,
)


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
    subject_template: GitHubSubjectTemplateConfig | None = None
    """The repository's custom subject template (``include_claim_keys``)."""


class GitHubActionsRoleConfig(_OidcAudienceRole):
    """A role GitHub Actions workflows of the given repositories assume.

    ``provider``: the GitHub Actions issuer's entry. ``audience``: the ``aud`` the workflows
    request; omitted: ``sts.amazonaws.com``.
    """

    kind: Literal["github-actions"]
    repositories: Annotated[list[GitHubRepositoryConfig], Field(min_length=1)]
    """The repositories whose workflows may assume the role."""
    claims: GitHubClaimsConfig | None = None
    """Conditions on GitHub's claim keys (repository ID, environment, ...) on top of ``sub``."""


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


class GitLabCiRoleConfig(_OidcAudienceRole):
    """A role GitLab CI/CD pipelines of the given projects assume.

    ``provider``: the GitLab instance's entry. ``audience``: the ``aud`` of the jobs'
    ``id_tokens``; omitted: the issuer URL.
    """

    kind: Literal["gitlab-ci"]
    projects: Annotated[list[GitLabProjectConfig], Field(min_length=1)]
    """The projects whose pipelines may assume the role."""


class EksServiceAccountConfig(StrictModel):
    """A Kubernetes service account."""

    namespace: str
    """The Kubernetes namespace, such as ``payments``."""
    name: str
    """The service account's name, such as ``api``."""


class EksRoleConfig(_OidcAudienceRole):
    """A role pods of one EKS cluster assume (IAM Roles for Service Accounts).

    ``provider``: the cluster issuer's entry. ``audience``: the ``aud`` of the projected token;
    omitted: ``sts.amazonaws.com``.
    """

    kind: Literal["eks-service-account"]
    service_accounts: Annotated[list[EksServiceAccountConfig], Field(min_length=1)]
    """The service accounts allowed in."""


class GoogleRoleConfig(_FederatedRole):
    """A role Google accounts assume with ID tokens of your OAuth client."""

    kind: Literal["google"]
    client_id: str
    """Your OAuth 2.0 client ID."""
    subjects: list[str] = []
    """Numeric Google account IDs allowed in."""
    allow_any_user_of_client: bool = False
    """Every Google account that signs in to the client may assume the role."""


class CognitoRoleConfig(_FederatedRole):
    """A role identities of a Cognito identity pool assume."""

    kind: Literal["cognito-identity-pool"]
    identity_pool_id: str
    """The pool's ID (``region:GUID``)."""
    access: Literal["authenticated", "unauthenticated"] = "authenticated"
    """Signed-in users or guests."""


class OidcRoleConfig(_OidcRole):
    """A role tokens of any OIDC issuer with exactly these ``sub`` and ``aud`` assume.

    ``provider``: the issuer's entry.
    """

    kind: Literal["oidc"]
    subjects: Annotated[list[str], Field(min_length=1)]
    """The exact ``sub`` values allowed in."""
    audiences: Annotated[list[str], Field(min_length=1)]
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
    | SamlRoleConfig
    | StsFeatureRoleConfig,
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
    permission_ceiling: Annotated[
        list[PolicyArn], Field(min_length=1, max_length=rules.MAX_MANAGED_POLICIES_PER_GROUP)
    ]
    """ARNs of managed policies: the most any federated user may do."""


class MfaSessionGroupConfig(StrictModel):
    """A group whose permissions work only in MFA sessions (``sts:GetSessionToken``)."""

    name: GroupName
    """The IAM group name."""
    path: IamPath = "/"
    """IAM path of the group."""
    managed_policies: Annotated[
        list[PolicyArn], Field(min_length=1, max_length=rules.MAX_MANAGED_POLICIES_PER_GROUP)
    ]
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
    eks-service-account, google, cognito-identity-pool, oidc, saml, bitbucket-pipelines,
    circleci, buildkite, hcp-terraform, azure-devops, eks-pod-identity or roles-anywhere."""
    brokers: list[FederationBrokerConfig] = []
    """GetFederationToken identity brokers."""
    mfa_session_groups: list[MfaSessionGroupConfig] = []
    """Groups whose permissions need an MFA session."""
    roles_anywhere: RolesAnywhereConfig | None = None
    """IAM Roles Anywhere trust anchors and profiles (docs/sts-features.md)."""
    root_access: list[RootAccessConfig] = []
    """``sts:AssumeRoot`` grants to roles of this section, for named root tasks."""
    web_identity_tokens: list[WebIdentityTokenConfig] = []
    """``sts:GetWebIdentityToken`` grants to roles of this section, for named audiences."""
