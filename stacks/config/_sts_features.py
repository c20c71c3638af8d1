"""Config of the STS features added since 2024 (docs/sts-features.md), in the federation section.

Roles (``federation.roles``, ``kind`` picks the preset): ``bitbucket-pipelines``, ``circleci``,
``buildkite``, ``hcp-terraform``, ``azure-devops`` (CI issuers, with an ``oidc_providers``
entry), ``eks-pod-identity`` and ``roles-anywhere``. GitHub roles gain ``claims`` and
repositories ``subject_template``. Sections: ``federation.roles_anywhere`` (trust anchors and
profiles), ``federation.root_access`` (``sts:AssumeRoot`` grants) and
``federation.web_identity_tokens`` (``sts:GetWebIdentityToken`` grants).

Each field follows a rule of ``sts_constructs.validation``; the preset's own rules (UUIDs,
slugs, a certificate match that matches everything) are checked by the library when the stack
is built and reported naming the config entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, ValidationInfo, field_validator
from typing_extensions import TypeIs

from stacks.config._base import IamName, StrictModel, repeated, rule_field

# Imported by _federation after it defines these (the role base and provider names).
from stacks.config._federation import _FederatedRole, _OidcAudienceRole, _OidcRole
from stacks.config._load import named_file
from sts_constructs import validation as rules

__all__ = [
    "STS_FEATURE_ROLES",
    "AzureDevOpsRoleConfig",
    "BitbucketPipelinesRoleConfig",
    "BitbucketRepositoryConfig",
    "BuildkitePipelineConfig",
    "BuildkiteRoleConfig",
    "CertificateMatchConfig",
    "CircleCiProjectConfig",
    "CircleCiRoleConfig",
    "GitHubClaimsConfig",
    "GitHubSubjectTemplateConfig",
    "HcpTerraformRoleConfig",
    "HcpTerraformWorkspaceConfig",
    "PodIdentityRoleConfig",
    "PodIdentityWorkloadConfig",
    "RolesAnywhereConfig",
    "RolesAnywhereProfileConfig",
    "RolesAnywhereRoleConfig",
    "RootAccessConfig",
    "StsFeatureRoleConfig",
    "TrustAnchorConfig",
    "WebIdentityTokenConfig",
    "is_sts_feature_role",
]

# A short name of the config's own (construct IDs derive from it): not an AWS name.
EntryName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,62}$")]
# The AWS managed root task policies (one list, in the rules module).
RootTask = rules.RootTaskPolicy
TokenAudience = Annotated[str, rule_field(rules.validate_web_identity_token_audience)]
TokenDuration = Annotated[int, rule_field(rules.validate_web_identity_token_duration)]
TrustAnchorArn = Annotated[str, rule_field(rules.validate_trust_anchor_arn)]
AccountId = Annotated[str, rule_field(rules.validate_account_id)]
ProfileDuration = Annotated[
    int,
    rule_field(rules.validate_roles_anywhere_session_duration),
    # For editors: the same bounds in the JSON Schema.
    Field(
        json_schema_extra={
            "minimum": rules.ROLES_ANYWHERE_PROFILE_MIN_SECONDS,
            "maximum": rules.ROLES_ANYWHERE_PROFILE_MAX_SECONDS,
        }
    ),
]
# IAM Roles Anywhere takes a CA certificate bundle of at most this many characters.
CERTIFICATE_MAX_BYTES = rules.ROLES_ANYWHERE_CERTIFICATE_DATA_MAX_CHARS


class GitHubClaimsConfig(StrictModel):
    """Conditions on GitHub's claim keys, all required on top of ``sub``."""

    repository_ids: list[int] = []
    """Immutable repository IDs."""
    repositories: list[str] = []
    """``OWNER/REPO`` names."""
    environments: list[str] = []
    """Deployment environments (``*`` patterns allowed)."""
    refs: list[str] = []
    """Git refs such as ``refs/heads/main`` (``*`` patterns allowed)."""
    job_workflow_refs: list[str] = []
    """Reusable workflows at a ref (``OWNER/REPO/.github/workflows/FILE.yml@REF``)."""
    workflows: list[str] = []
    """Workflow names."""
    actors: list[str] = []
    """GitHub users who triggered the run."""
    actor_ids: list[int] = []
    """Their numeric IDs."""
    enterprise_ids: list[int] = []
    """GitHub Enterprise IDs."""


class GitHubSubjectTemplateConfig(StrictModel):
    """A repository's custom subject template (``include_claim_keys``)."""

    include_claim_keys: Annotated[list[str], Field(min_length=1)]
    """The template's keys, in GitHub's order, such as ``[repo, context, job_workflow_ref]``."""
    claim_values: dict[str, str] = {}
    """Values of keys other than ``repo``, ``context`` and the repository's own fields."""


class BitbucketRepositoryConfig(StrictModel):
    """One Bitbucket repository and the steps allowed in."""

    repository_uuid: str
    """The repository's UUID (braces optional)."""
    deployment_environments: list[str] = []
    """UUIDs of the deployment environments whose steps may assume the role."""
    any_step: bool = False
    """Every step of the repository that is not a deployment."""


class BitbucketPipelinesRoleConfig(_OidcRole):
    """A role Bitbucket Pipelines steps assume.

    ``provider``: the workspace issuer's entry.
    """

    kind: Literal["bitbucket-pipelines"]
    workspace_uuid: str
    """The workspace's UUID: the audience is ``ari:cloud:bitbucket::workspace/<UUID>``."""
    repositories: Annotated[list[BitbucketRepositoryConfig], Field(min_length=1)]
    """The repositories whose steps may assume the role."""


class CircleCiProjectConfig(StrictModel):
    """One CircleCI project."""

    project_id: str
    """The project's UUID."""
    user_ids: list[str] = []
    """Only jobs of these users (UUIDs); omitted: any user of the project."""


class CircleCiRoleConfig(_OidcRole):
    """A role CircleCI jobs assume (``aud`` is the organization ID, read from the issuer).

    ``provider``: the entry of ``https://oidc.circleci.com/org/<org ID>``.
    """

    kind: Literal["circleci"]
    projects: Annotated[list[CircleCiProjectConfig], Field(min_length=1)]
    """The projects whose jobs may assume the role."""


class BuildkitePipelineConfig(StrictModel):
    """One Buildkite pipeline and the branches or tags allowed in."""

    organization: str
    """The organization slug."""
    pipeline: str
    """The pipeline slug."""
    branches: list[str] = []
    """Branch names (``*`` is a wildcard)."""
    tags: list[str] = []
    """Tag names."""


class BuildkiteRoleConfig(_OidcAudienceRole):
    """A role Buildkite builds assume.

    ``provider``: the entry of ``https://agent.buildkite.com``. ``audience``: the ``--audience``
    the agent requests; omitted: ``sts.amazonaws.com``.
    """

    kind: Literal["buildkite"]
    pipelines: Annotated[list[BuildkitePipelineConfig], Field(min_length=1)]
    """The pipelines whose builds may assume the role."""


class HcpTerraformWorkspaceConfig(StrictModel):
    """One HCP Terraform workspace and the run phases allowed in."""

    organization: str
    """The organization name."""
    project: str
    """The project name, such as ``Default Project``."""
    workspace: str
    """The workspace name."""
    run_phases: Annotated[list[Literal["plan", "apply"]], Field(min_length=1)]
    """``plan``, ``apply`` or both."""


class HcpTerraformRoleConfig(_OidcAudienceRole):
    """A role HCP Terraform runs assume.

    ``provider``: the entry of ``https://app.terraform.io`` (or your TFE host). ``audience``:
    the workload identity audience; omitted: ``aws.workload.identity``.
    """

    kind: Literal["hcp-terraform"]
    workspaces: Annotated[list[HcpTerraformWorkspaceConfig], Field(min_length=1)]
    """The workspaces whose runs may assume the role."""


class AzureDevOpsRoleConfig(_OidcRole):
    """A role Azure DevOps pipelines of one project assume.

    ``provider``: the entry of ``https://vstoken.dev.azure.com/<organization ID>``.
    """

    kind: Literal["azure-devops"]
    organization: str
    """The organization's name."""
    project: str
    """The project's name."""
    service_connections: list[str] = []
    """Service connections allowed in (``sc://...``)."""
    pipelines: list[str] = []
    """Pipelines allowed in (``p://...``)."""


class PodIdentityWorkloadConfig(StrictModel):
    """One service account of one cluster (give ``cluster_arn`` or ``cluster_name``)."""

    namespace: str
    """The Kubernetes namespace."""
    service_account: str
    """The service account."""
    cluster_arn: str | None = None
    """The cluster's ARN (the trust names it by ARN)."""
    cluster_name: str | None = None
    """The cluster's name; with ``associate`` the association is created in it."""
    associate: bool = False
    """Also create the Pod Identity association (needs ``cluster_name``)."""


class PodIdentityRoleConfig(_FederatedRole):
    """A role EKS Pod Identity assumes for the given workloads only."""

    kind: Literal["eks-pod-identity"]
    workloads: Annotated[list[PodIdentityWorkloadConfig], Field(min_length=1)]
    """The workloads allowed in."""


class CertificateMatchConfig(StrictModel):
    """Which certificates may get in, by their fields (at least one)."""

    subject_common_names: list[str] = []
    """Subject ``CN`` values (``*`` patterns allowed, never only ``*``)."""
    subject_organizational_units: list[str] = []
    """Subject ``OU`` values."""
    subject_organizations: list[str] = []
    """Subject ``O`` values."""
    issuer_common_names: list[str] = []
    """Issuer ``CN`` values."""
    san_dns_names: list[str] = []
    """Subject Alternative Name DNS entries, such as ``*.agents.example.com``."""
    san_uris: list[str] = []
    """Subject Alternative Name URIs."""


class RolesAnywhereRoleConfig(_FederatedRole):
    """A role IAM Roles Anywhere assumes for certificates of the given trust anchors."""

    kind: Literal["roles-anywhere"]
    trust_anchors: list[EntryName] = []
    """Names of ``federation.roles_anywhere.trust_anchors`` entries."""
    trust_anchor_arns: list[TrustAnchorArn] = []
    """ARNs of trust anchors that already exist."""
    certificate: CertificateMatchConfig | None = None
    """Which certificates; omitted: refused unless ``allow_any_certificate_of_anchor``."""
    allow_any_certificate_of_anchor: bool = False
    """Every certificate the anchors' CAs issue may assume the role."""

    @classmethod
    def _entry_problems(cls, data: Mapping[str, Any]) -> list[str]:
        problems = super()._entry_problems(data)
        if not data.get("trust_anchors") and not data.get("trust_anchor_arns"):
            problems.append(
                "names no trust anchor: give trust_anchors or trust_anchor_arns, or a "
                "certificate of any anchor in the account gets in"
            )
        return problems


StsFeatureRoleConfig = (
    BitbucketPipelinesRoleConfig
    | CircleCiRoleConfig
    | BuildkiteRoleConfig
    | HcpTerraformRoleConfig
    | AzureDevOpsRoleConfig
    | PodIdentityRoleConfig
    | RolesAnywhereRoleConfig
)
"""The role kinds of this module, members of ``federation.roles``."""
STS_FEATURE_ROLES: tuple[type[_FederatedRole], ...] = get_args(StsFeatureRoleConfig)
"""The same kinds, for ``isinstance``."""


def is_sts_feature_role(role: object) -> TypeIs[StsFeatureRoleConfig]:
    """Tell whether ``role`` is of one of the kinds of this module."""
    return isinstance(role, STS_FEATURE_ROLES)


class TrustAnchorConfig(StrictModel):
    """An IAM Roles Anywhere trust anchor (give ``certificate_file`` or ``acm_pca_arn``)."""

    name: EntryName
    """The anchor's name; roles refer to it."""
    certificate_file: str | None = None
    """Your CA's PEM certificate, relative to the config file."""
    acm_pca_arn: str | None = None
    """An AWS Private CA's ARN."""

    @field_validator("certificate_file")
    @classmethod
    def _certificate_is_a_file(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        return named_file(
            value, info.context, what="CA certificate file", max_bytes=CERTIFICATE_MAX_BYTES
        )

    @classmethod
    def _entry_problems(cls, data: Mapping[str, Any]) -> list[str]:
        if (data.get("certificate_file") is None) == (data.get("acm_pca_arn") is None):
            return ["give exactly one of certificate_file or acm_pca_arn"]
        return []


class RolesAnywhereProfileConfig(StrictModel):
    """An IAM Roles Anywhere profile: the roles a certificate may ask for."""

    name: EntryName
    """The profile's name."""
    roles: Annotated[list[IamName], Field(min_length=1)]
    """Names of ``roles-anywhere`` roles of this section."""
    session_duration: ProfileDuration | None = None
    """Session length in seconds (900-43,200); omitted: 1 hour."""


class RolesAnywhereConfig(StrictModel):
    """IAM Roles Anywhere trust anchors and profiles."""

    trust_anchors: list[TrustAnchorConfig] = []
    """Trust anchors; ``roles-anywhere`` roles name them."""
    profiles: list[RolesAnywhereProfileConfig] = []
    """Profiles: the roles a certificate may ask for."""

    @classmethod
    def _entry_problems(cls, data: Mapping[str, Any]) -> list[str]:
        problems = []
        for section in ("trust_anchors", "profiles"):
            entries = data.get(section)
            names = (
                [e.get("name") for e in entries if isinstance(e, Mapping)]
                if isinstance(entries, list)
                else None
            )
            if (problem := repeated(f"{section}[].name", names)) is not None:
                problems.append(problem)
        return problems


class RootAccessConfig(StrictModel):
    """Let roles of this section call ``sts:AssumeRoot`` for named root tasks."""

    name: EntryName
    """The grant's name (the managed policy's construct ID derives from it)."""
    member_account_ids: Annotated[list[AccountId], Field(min_length=1)]
    """The member accounts."""
    task_policies: Annotated[list[RootTask], Field(min_length=1)]
    """The AWS managed root task policies allowed."""
    roles: Annotated[list[IamName], Field(min_length=1)]
    """Names of roles of ``federation.roles`` that get the grant."""


class WebIdentityTokenConfig(StrictModel):
    """Let roles of this section mint outbound web identity tokens for named audiences."""

    name: EntryName
    """The grant's name."""
    audiences: Annotated[
        list[TokenAudience], Field(min_length=1, max_length=rules.WEB_IDENTITY_TOKEN_AUDIENCES_MAX)
    ]
    """The exact audiences (1-10)."""
    max_duration_seconds: TokenDuration = 300
    """Longest token lifetime (60-3,600 seconds); omitted: 300."""
    signing_algorithms: Annotated[list[Literal["RS256", "ES384"]], Field(min_length=1)] = ["ES384"]
    """``RS256`` and/or ``ES384``; omitted: ``ES384``."""
    roles: Annotated[list[IamName], Field(min_length=1)]
    """Names of roles of ``federation.roles`` that get the grant."""
