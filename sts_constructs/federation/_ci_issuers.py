"""CI issuers beyond GitHub and GitLab: typed subject filters and the trust of a pipeline role.

Each preset pins the audience (``aud``, ``StringEquals``) and names every pipeline it lets in
through ``sub``; a preset that any pipeline of the issuer could satisfy cannot be built.

- Bitbucket Pipelines: one issuer per workspace.
  https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/
- CircleCI: one issuer per organization.
  https://circleci.com/docs/guides/permissions-authentication/openid-connect-tokens/
- Buildkite: one issuer shared by every Buildkite organization.
  https://buildkite.com/docs/agent/v3/cli-oidc
- HCP Terraform (Terraform Cloud): one issuer shared by every organization.
  https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration
- Azure DevOps: one issuer per organization.
  https://aws.amazon.com/blogs/modernizing-with-aws/how-to-federate-into-aws-from-azure-devops-using-openid-connect/

How IAM reads the claims: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Final, TypeAlias

from sts_constructs._arguments import check_fields
from sts_constructs.federation._validation import require_items, validate_git_ref_pattern
from sts_constructs.federation._web_identity import (
    check_audiences,
    claim_conditions,
    web_identity_policy,
)
from sts_constructs.validation import require_unique

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument
    from sts_constructs.federation._references import OidcProviderReference

__all__ = [
    "AZURE_DEVOPS_AUDIENCE",
    "BUILDKITE_ISSUER",
    "HCP_TERRAFORM_AUDIENCE",
    "HCP_TERRAFORM_ISSUER",
    "AzureDevOpsFilter",
    "AzureDevOpsPipeline",
    "AzureDevOpsServiceConnection",
    "AzureDevOpsTrust",
    "BitbucketAnyStep",
    "BitbucketDeployment",
    "BitbucketFilter",
    "BitbucketPipelinesTrust",
    "BitbucketRepository",
    "BuildkiteBranch",
    "BuildkiteFilter",
    "BuildkitePipeline",
    "BuildkiteTag",
    "BuildkiteTrust",
    "CircleCiProject",
    "CircleCiTrust",
    "HcpTerraformRunPhase",
    "HcpTerraformTrust",
    "HcpTerraformWorkspace",
    "azure_devops_issuer",
    "bitbucket_pipelines_issuer",
    "circleci_issuer",
]

BUILDKITE_ISSUER: Final = "https://agent.buildkite.com"
HCP_TERRAFORM_ISSUER: Final = "https://app.terraform.io"
# What HCP Terraform puts in "aud" unless the workspace sets TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE.
HCP_TERRAFORM_AUDIENCE: Final = "aws.workload.identity"
# Azure DevOps mints its ID tokens for this audience only.
AZURE_DEVOPS_AUDIENCE: Final = "api://AzureADTokenExchange"

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_BRACED_UUID = re.compile(r"\{?(" + _UUID + r")\}?")
_BITBUCKET_WORKSPACE = re.compile(r"[a-z0-9][a-z0-9_-]{0,61}")
_BITBUCKET_ISSUER = re.compile(
    r"api\.bitbucket\.org/2\.0/workspaces/[a-z0-9][a-z0-9_-]{0,61}/pipelines-config/identity/oidc"
)
_CIRCLECI_ISSUER = re.compile(r"oidc\.circleci\.com/org/" + _UUID)
_BUILDKITE_ISSUER = re.compile(r"agent\.buildkite\.com")
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?")
# HCP Terraform or a Terraform Enterprise host (any https issuer without a path).
_TERRAFORM_ISSUER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
_TERRAFORM_NAME = re.compile(r"[A-Za-z0-9_-]{1,90}")
# A project name may hold spaces ("Default Project"), not ':' (the claim separator).
_TERRAFORM_PROJECT = re.compile(r"[A-Za-z0-9_ -]{1,40}")
_AZURE_ISSUER = re.compile(r"vstoken\.dev\.azure\.com/" + _UUID)
_AZURE_ORGANIZATION = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?")
# Project, pipeline and service connection names: no '/', ':', wildcards or policy variables.
_AZURE_NAME = re.compile(r"[^/:*?$\x00-\x1f]{1,256}")


def _fail(field: str, value: object, rule: str) -> ValueError:
    return ValueError(f"{field}: {value!r} {rule}")


def _uuid(field: str, value: str) -> str:
    """Return a UUID in lower case without braces, or fail naming the field."""
    match = _BRACED_UUID.fullmatch(value.lower()) if isinstance(value, str) else None
    if match is None:
        raise _fail(field, value, "is not a UUID like '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b'")
    return match.group(1)


def _check_issuer(provider: OidcProviderReference, pattern: re.Pattern[str], what: str) -> None:
    if not pattern.fullmatch(provider.issuer):
        raise _fail("provider", provider.issuer, f"is not the issuer of {what}")


def _check_filters(
    field: str, filters: Sequence[object], kinds: tuple[type, ...], example: str
) -> None:
    require_items(field, filters, example)
    names = " or ".join(kind.__name__ for kind in kinds)
    for i, item in enumerate(filters):
        if not isinstance(item, kinds):
            raise _fail(f"{field}[{i}]", item, f"is not a {names}")


# Bitbucket Pipelines


def bitbucket_pipelines_issuer(workspace: str) -> str:
    """Return the issuer URL of a Bitbucket workspace's pipelines (lowercase workspace slug)."""
    if not isinstance(workspace, str) or not _BITBUCKET_WORKSPACE.fullmatch(workspace):
        raise _fail(
            "workspace", workspace, "is not a Bitbucket workspace slug: 1-62 of a-z, 0-9, '-', '_'"
        )
    return f"https://api.bitbucket.org/2.0/workspaces/{workspace}/pipelines-config/identity/oidc"


@dataclass(frozen=True)
class BitbucketDeployment:
    """Steps that deploy to one deployment environment (its UUID, from Repository settings)."""

    environment_uuid: str

    def __post_init__(self) -> None:
        check_fields(self)
        object.__setattr__(
            self,
            "environment_uuid",
            _uuid("BitbucketDeployment.environment_uuid", self.environment_uuid),
        )

    def claim(self) -> str:
        """Return the part of the subject after the repository UUID."""
        return f"{{{self.environment_uuid}}}:*"


@dataclass(frozen=True)
class BitbucketAnyStep:
    """Every step of the repository that is not a deployment (any branch, any pull request)."""

    def claim(self) -> str:
        """Return the part of the subject after the repository UUID."""
        return ":*"


BitbucketFilter: TypeAlias = BitbucketDeployment | BitbucketAnyStep


@dataclass(frozen=True, kw_only=True)
class BitbucketRepository:
    """Define which steps of one Bitbucket repository may get in.

    Bitbucket's ``sub`` is ``{REPOSITORY_UUID}:{STEP_UUID}``, or
    ``{REPOSITORY_UUID}{ENVIRONMENT_UUID}:{STEP_UUID}`` for a deployment step; the step UUID
    changes every run, so the trust matches it with ``*``.
    """

    repository_uuid: str
    """The repository's UUID (Repository settings > OpenID Connect), braces optional."""
    filters: Sequence[BitbucketFilter]
    """Deployment environments or ``BitbucketAnyStep()``. Required, not empty."""

    def __post_init__(self) -> None:
        check_fields(self)
        object.__setattr__(self, "repository_uuid", _uuid("repository_uuid", self.repository_uuid))
        _check_filters(
            "filters",
            self.filters,
            (BitbucketDeployment, BitbucketAnyStep),
            "filter (BitbucketDeployment('<environment UUID>') or BitbucketAnyStep())",
        )
        require_unique("filters", [item.claim() for item in self.filters])

    def subjects(self) -> list[str]:
        """Return every ``sub`` pattern this repository allows."""
        return [f"{{{self.repository_uuid}}}{item.claim()}" for item in self.filters]


@dataclass(frozen=True, kw_only=True)
class BitbucketPipelinesTrust:
    """Define a trust in Bitbucket Pipelines steps (``oidc: true``) of the given repositories.

    ``aud`` is pinned to the workspace's audience ``ari:cloud:bitbucket::workspace/<UUID>``.
    """

    provider: OidcProviderReference
    """The workspace's OIDC provider (``bitbucket_pipelines_issuer(workspace)``)."""
    workspace_uuid: str
    """The workspace's UUID: the audience is ``ari:cloud:bitbucket::workspace/<UUID>``."""
    repositories: Sequence[BitbucketRepository]
    """The repositories whose steps may assume the role. Required, not empty."""

    def __post_init__(self) -> None:
        check_fields(self)
        _check_issuer(
            self.provider,
            _BITBUCKET_ISSUER,
            "a Bitbucket workspace's pipelines (bitbucket_pipelines_issuer(workspace))",
        )
        object.__setattr__(self, "workspace_uuid", _uuid("workspace_uuid", self.workspace_uuid))
        require_items("repositories", self.repositories, "BitbucketRepository")
        check_audiences(self.provider, [self.audience], field="audience")
        require_unique("repositories[].subjects", self.subjects())

    @property
    def audience(self) -> str:
        """The ``aud`` the trust requires."""
        return f"ari:cloud:bitbucket::workspace/{self.workspace_uuid}"

    def subjects(self) -> list[str]:
        """Return every ``sub`` pattern of every repository, in order."""
        return [subject for repository in self.repositories for subject in repository.subjects()]

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        return web_identity_policy(
            sid="BitbucketPipelines",
            federated=self.provider.provider_arn,
            conditions=claim_conditions(self.provider.issuer, [self.audience], self.subjects()),
            allow_session_tags=False,
        )


# CircleCI


def circleci_issuer(organization_id: str) -> str:
    """Return the issuer URL of a CircleCI organization (its UUID, Organization Settings)."""
    return f"https://oidc.circleci.com/org/{_uuid('organization_id', organization_id)}"


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
        object.__setattr__(self, "project_id", _uuid("project_id", self.project_id))
        users = tuple(_uuid(f"user_ids[{i}]", user) for i, user in enumerate(self.user_ids))
        require_unique("user_ids", users)
        object.__setattr__(self, "user_ids", users)

    def subjects(self, organization_id: str) -> list[str]:
        """Return every ``sub`` value (or pattern) this project allows."""
        prefix = f"org/{organization_id}/project/{self.project_id}/user/"
        return [prefix + user for user in self.user_ids] or [prefix + "*"]


@dataclass(frozen=True, kw_only=True)
class CircleCiTrust:
    """Define a trust in CircleCI jobs of the given projects of one organization.

    ``aud`` is pinned to the organization ID (what CircleCI puts there).
    """

    provider: OidcProviderReference
    """The organization's OIDC provider (``circleci_issuer(organization_id)``)."""
    projects: Sequence[CircleCiProject]
    """The projects whose jobs may assume the role. Required, not empty."""

    def __post_init__(self) -> None:
        check_fields(self)
        _check_issuer(
            self.provider,
            _CIRCLECI_ISSUER,
            "a CircleCI organization (circleci_issuer(organization_id))",
        )
        require_items("projects", self.projects, "CircleCiProject")
        for i, project in enumerate(self.projects):
            if not isinstance(project, CircleCiProject):
                raise _fail(f"projects[{i}]", project, "is not a CircleCiProject")
        check_audiences(self.provider, [self.organization_id], field="audience")
        require_unique("projects[].subjects", self.subjects())

    @property
    def organization_id(self) -> str:
        """The organization's UUID, read from the issuer: the ``aud`` the trust requires."""
        return self.provider.issuer.rsplit("/", 1)[1]

    def subjects(self) -> list[str]:
        """Return every ``sub`` value (or pattern) of every project, in order."""
        return [s for project in self.projects for s in project.subjects(self.organization_id)]

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        return web_identity_policy(
            sid="CircleCi",
            federated=self.provider.provider_arn,
            conditions=claim_conditions(
                self.provider.issuer, [self.organization_id], self.subjects()
            ),
            allow_session_tags=False,
        )


# Buildkite


@dataclass(frozen=True)
class BuildkiteBranch:
    """Builds of a branch (``ref:refs/heads/<name>``); ``*`` is a wildcard."""

    name: str

    def __post_init__(self) -> None:
        check_fields(self)
        validate_git_ref_pattern("BuildkiteBranch.name", self.name)

    def claim(self) -> str:
        """Return the ref part of the subject."""
        return f"ref:refs/heads/{self.name}"


@dataclass(frozen=True)
class BuildkiteTag:
    """Builds of a tag (``ref:refs/tags/<name>``); ``*`` is a wildcard."""

    name: str

    def __post_init__(self) -> None:
        check_fields(self)
        validate_git_ref_pattern("BuildkiteTag.name", self.name)

    def claim(self) -> str:
        """Return the ref part of the subject."""
        return f"ref:refs/tags/{self.name}"


BuildkiteFilter: TypeAlias = BuildkiteBranch | BuildkiteTag


@dataclass(frozen=True, kw_only=True)
class BuildkitePipeline:
    """Define which builds of one Buildkite pipeline may get in.

    Buildkite's ``sub`` is
    ``organization:<ORG>:pipeline:<PIPELINE>:ref:<REF>:commit:<SHA>:step:<KEY>``; the commit
    and step change every build, so the trust matches them with ``*``.
    """

    organization: str
    """The organization slug, such as ``acme``."""
    pipeline: str
    """The pipeline slug, such as ``deploy-app``."""
    filters: Sequence[BuildkiteFilter]
    """Branches or tags allowed in. Required, not empty; ``BuildkiteBranch("*")`` allows
    every branch."""

    def __post_init__(self) -> None:
        check_fields(self)
        for field in ("organization", "pipeline"):
            value = getattr(self, field)
            if not isinstance(value, str) or not _SLUG.fullmatch(value):
                raise _fail(
                    field,
                    value,
                    "is not a Buildkite slug: 1-100 of a-z, 0-9 and '-' (no wildcards)",
                )
        _check_filters(
            "filters",
            self.filters,
            (BuildkiteBranch, BuildkiteTag),
            "filter (BuildkiteBranch('main'), BuildkiteTag('v*'))",
        )
        require_unique("filters", [item.claim() for item in self.filters])

    def subjects(self) -> list[str]:
        """Return every ``sub`` pattern this pipeline allows."""
        prefix = f"organization:{self.organization}:pipeline:{self.pipeline}"
        return [f"{prefix}:{item.claim()}:commit:*" for item in self.filters]


@dataclass(frozen=True, kw_only=True)
class BuildkiteTrust:
    """Define a trust in Buildkite builds of the given pipelines.

    The issuer is shared by every Buildkite organization: ``sub`` always names the
    organization and pipeline. Request tokens with
    ``buildkite-agent oidc request-token --audience sts.amazonaws.com``.
    """

    provider: OidcProviderReference
    """The OIDC provider of ``https://agent.buildkite.com``."""
    pipelines: Sequence[BuildkitePipeline]
    """The pipelines whose builds may assume the role. Required, not empty."""
    audience: str = "sts.amazonaws.com"
    """The ``aud`` the agent requests (``--audience``). Default: ``sts.amazonaws.com``."""

    def __post_init__(self) -> None:
        check_fields(self)
        _check_issuer(self.provider, _BUILDKITE_ISSUER, f"Buildkite ({BUILDKITE_ISSUER})")
        require_items("pipelines", self.pipelines, "BuildkitePipeline")
        check_audiences(self.provider, [self.audience], field="audience")
        require_unique("pipelines[].subjects", self.subjects())

    def subjects(self) -> list[str]:
        """Return every ``sub`` pattern of every pipeline, in order."""
        return [subject for pipeline in self.pipelines for subject in pipeline.subjects()]

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        return web_identity_policy(
            sid="Buildkite",
            federated=self.provider.provider_arn,
            conditions=claim_conditions(self.provider.issuer, [self.audience], self.subjects()),
            allow_session_tags=False,
        )


# HCP Terraform


class HcpTerraformRunPhase(StrEnum):
    """The phase of a run: give ``plan`` and ``apply`` different roles (read-only plans)."""

    PLAN = "plan"
    APPLY = "apply"


@dataclass(frozen=True, kw_only=True)
class HcpTerraformWorkspace:
    """Define which runs of one HCP Terraform workspace may get in.

    The ``sub`` is ``organization:<ORG>:project:<PROJECT>:workspace:<WORKSPACE>:run_phase:<PHASE>``.
    """

    organization: str
    """The organization name."""
    project: str
    """The project name, such as ``Default Project``."""
    workspace: str
    """The workspace name."""
    run_phases: Sequence[HcpTerraformRunPhase]
    """The phases allowed in. Required, not empty: a plan role and an apply role are usually
    different roles."""

    def __post_init__(self) -> None:
        check_fields(self)
        for field, pattern, rule in (
            ("organization", _TERRAFORM_NAME, "1-90 of letters, digits, '_' and '-'"),
            ("project", _TERRAFORM_PROJECT, "1-40 of letters, digits, spaces, '_' and '-'"),
            ("workspace", _TERRAFORM_NAME, "1-90 of letters, digits, '_' and '-'"),
        ):
            value = getattr(self, field)
            if not isinstance(value, str) or not pattern.fullmatch(value):
                raise _fail(field, value, f"is not an HCP Terraform {field} name: {rule}")
        require_items("run_phases", self.run_phases, "run phase ('plan' or 'apply')")
        phases = []
        for i, phase in enumerate(self.run_phases):
            if phase not in [p.value for p in HcpTerraformRunPhase]:
                raise _fail(f"run_phases[{i}]", phase, "is not 'plan' or 'apply'")
            phases.append(HcpTerraformRunPhase(phase))
        require_unique("run_phases", phases)
        object.__setattr__(self, "run_phases", tuple(phases))

    def subjects(self) -> list[str]:
        """Return the exact ``sub`` of each allowed run phase."""
        prefix = (
            f"organization:{self.organization}:project:{self.project}"
            f":workspace:{self.workspace}:run_phase:"
        )
        return [prefix + phase.value for phase in self.run_phases]


@dataclass(frozen=True, kw_only=True)
class HcpTerraformTrust:
    """Define a trust in HCP Terraform (or Terraform Enterprise) runs of the given workspaces.

    The ``app.terraform.io`` issuer is shared by every organization: ``sub`` always names the
    organization, project and workspace, exactly (no wildcards).
    """

    provider: OidcProviderReference
    """The OIDC provider of ``https://app.terraform.io`` (or your Terraform Enterprise host)."""
    workspaces: Sequence[HcpTerraformWorkspace]
    """The workspaces whose runs may assume the role. Required, not empty."""
    audience: str = HCP_TERRAFORM_AUDIENCE
    """The ``aud`` of the workload identity token. Default: ``aws.workload.identity``."""

    def __post_init__(self) -> None:
        check_fields(self)
        _check_issuer(
            self.provider,
            _TERRAFORM_ISSUER,
            f"HCP Terraform ({HCP_TERRAFORM_ISSUER}) or a Terraform Enterprise host (no path)",
        )
        require_items("workspaces", self.workspaces, "HcpTerraformWorkspace")
        check_audiences(self.provider, [self.audience], field="audience")
        require_unique("workspaces[].subjects", self.subjects())

    def subjects(self) -> list[str]:
        """Return every exact ``sub`` of every workspace, in order."""
        return [subject for workspace in self.workspaces for subject in workspace.subjects()]

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        return web_identity_policy(
            sid="HcpTerraform",
            federated=self.provider.provider_arn,
            conditions=claim_conditions(self.provider.issuer, [self.audience], self.subjects()),
            allow_session_tags=False,
        )


# Azure DevOps


def azure_devops_issuer(organization_id: str) -> str:
    """Return the issuer URL of an Azure DevOps organization (its GUID)."""
    return f"https://vstoken.dev.azure.com/{_uuid('organization_id', organization_id)}"


def _azure_name(field: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip() or not _AZURE_NAME.fullmatch(value):
        raise _fail(
            field,
            value,
            "is not an Azure DevOps name: 1-256 characters without '/', ':', '*', '?' or '$'",
        )
    return value


@dataclass(frozen=True)
class AzureDevOpsServiceConnection:
    """Jobs using one AWS service connection (``sc://<org>/<project>/<connection>``)."""

    name: str

    def __post_init__(self) -> None:
        check_fields(self)
        _azure_name("AzureDevOpsServiceConnection.name", self.name)

    def subject(self, organization: str, project: str) -> str:
        """Return the exact ``sub`` of this service connection's tokens."""
        return f"sc://{organization}/{project}/{self.name}"


@dataclass(frozen=True)
class AzureDevOpsPipeline:
    """Jobs of one pipeline asking for a token themselves (``p://<org>/<project>/<pipeline>``)."""

    name: str

    def __post_init__(self) -> None:
        check_fields(self)
        _azure_name("AzureDevOpsPipeline.name", self.name)

    def subject(self, organization: str, project: str) -> str:
        """Return the exact ``sub`` of this pipeline's tokens."""
        return f"p://{organization}/{project}/{self.name}"


AzureDevOpsFilter: TypeAlias = AzureDevOpsServiceConnection | AzureDevOpsPipeline


@dataclass(frozen=True, kw_only=True)
class AzureDevOpsTrust:
    """Define a trust in Azure DevOps pipelines of one project (AWS Toolkit for Azure DevOps).

    ``aud`` is pinned to ``api://AzureADTokenExchange``, the only audience Azure DevOps mints;
    ``sub`` names each service connection or pipeline exactly.
    """

    provider: OidcProviderReference
    """The organization's OIDC provider (``azure_devops_issuer(organization_id)``)."""
    organization: str
    """The organization's name, as in ``https://dev.azure.com/<organization>``."""
    project: str
    """The project's name."""
    filters: Sequence[AzureDevOpsFilter]
    """Service connections or pipelines allowed in. Required, not empty."""

    def __post_init__(self) -> None:
        check_fields(self)
        _check_issuer(
            self.provider,
            _AZURE_ISSUER,
            "an Azure DevOps organization (azure_devops_issuer(organization_id))",
        )
        if not isinstance(self.organization, str) or not _AZURE_ORGANIZATION.fullmatch(
            self.organization
        ):
            raise _fail(
                "organization",
                self.organization,
                "is not an Azure DevOps organization name: 1-50 of letters, digits and '-'",
            )
        _azure_name("project", self.project)
        _check_filters(
            "filters",
            self.filters,
            (AzureDevOpsServiceConnection, AzureDevOpsPipeline),
            "filter (AzureDevOpsServiceConnection('aws-prod'))",
        )
        check_audiences(self.provider, [AZURE_DEVOPS_AUDIENCE], field="audience")
        require_unique("filters", self.subjects())

    def subjects(self) -> list[str]:
        """Return the exact ``sub`` of every filter, in order."""
        return [item.subject(self.organization, self.project) for item in self.filters]

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        return web_identity_policy(
            sid="AzureDevOps",
            federated=self.provider.provider_arn,
            conditions=claim_conditions(
                self.provider.issuer, [AZURE_DEVOPS_AUDIENCE], self.subjects()
            ),
            allow_session_tags=False,
        )
