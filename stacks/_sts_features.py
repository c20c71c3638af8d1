"""Build the STS features of the federation section (docs/sts-features.md) from a valid config.

``federated_trust`` hands the new role kinds to ``sts_feature_trust``; the federation stack
creates the Roles Anywhere trust anchors before its roles (``trust_anchors``) and the
profiles, Pod Identity associations and identity-policy grants after them
(``add_sts_feature_resources``). A value the library refuses is reported naming the entry.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from aws_cdk import Duration, Stack

from stacks._errors import EntryError, at, collect
from stacks._names import pascal
from stacks.config._load import read_regular_file
from stacks.config._sts_features import (
    CERTIFICATE_MAX_BYTES,
    AzureDevOpsRoleConfig,
    BitbucketPipelinesRoleConfig,
    BuildkiteRoleConfig,
    CircleCiRoleConfig,
    GitHubClaimsConfig,
    GitHubSubjectTemplateConfig,
    HcpTerraformRoleConfig,
    PodIdentityRoleConfig,
    RolesAnywhereRoleConfig,
)
from sts_constructs import (
    AssumableRole,
    AssumeRootPolicy,
    CertificateMatch,
    PodIdentityAssociation,
    PodIdentityTrust,
    PodIdentityWorkload,
    RolesAnywhereProfile,
    RolesAnywhereTrust,
    RolesAnywhereTrustAnchor,
    TrustPolicySource,
    WebIdentityTokenPolicy,
)
from sts_constructs.federation import (
    AzureDevOpsFilter,
    AzureDevOpsPipeline,
    AzureDevOpsServiceConnection,
    AzureDevOpsTrust,
    BitbucketAnyStep,
    BitbucketDeployment,
    BitbucketFilter,
    BitbucketPipelinesTrust,
    BitbucketRepository,
    BuildkiteBranch,
    BuildkiteFilter,
    BuildkitePipeline,
    BuildkiteTag,
    BuildkiteTrust,
    CircleCiProject,
    CircleCiTrust,
    GitHubClaims,
    GitHubSubjectTemplate,
    HcpTerraformRunPhase,
    HcpTerraformTrust,
    HcpTerraformWorkspace,
    OidcProviderReference,
)

__all__ = [
    "STS_FEATURE_ROLES",
    "add_sts_feature_resources",
    "github_claims",
    "github_subject_template",
    "sts_feature_trust",
    "trust_anchors",
]

STS_FEATURE_ROLES = (
    BitbucketPipelinesRoleConfig,
    CircleCiRoleConfig,
    BuildkiteRoleConfig,
    HcpTerraformRoleConfig,
    AzureDevOpsRoleConfig,
    PodIdentityRoleConfig,
    RolesAnywhereRoleConfig,
)


def github_claims(claims: GitHubClaimsConfig | None) -> GitHubClaims | None:
    """Return the library's ``GitHubClaims`` of a GitHub role's ``claims`` (or None)."""
    return None if claims is None else GitHubClaims(**claims.model_dump())


def github_subject_template(
    template: GitHubSubjectTemplateConfig | None,
) -> GitHubSubjectTemplate | None:
    """Return the library's ``GitHubSubjectTemplate`` of a repository's ``subject_template``."""
    if template is None:
        return None
    return GitHubSubjectTemplate(
        include_claim_keys=template.include_claim_keys, claim_values=template.claim_values
    )


def _provider(
    location: str, name: str, oidc_providers: dict[str, OidcProviderReference]
) -> OidcProviderReference:
    if name not in oidc_providers:
        raise EntryError(f"{location}.provider: {name!r} is not in federation.oidc_providers")
    return oidc_providers[name]


def _no_session_tags(location: str, role: Any) -> None:
    if role.allow_session_tags:
        raise EntryError(
            f"{location}.allow_session_tags: True is not an option of kind {role.kind!r} "
            "(its trust decides sts:TagSession itself)"
        )


def sts_feature_trust(
    location: str,
    role: Any,
    *,
    oidc_providers: dict[str, OidcProviderReference],
    trust_anchor_arns: dict[str, str],
) -> TrustPolicySource:
    """Return the library's trust for a role of one of ``STS_FEATURE_ROLES`` at ``location``."""
    _no_session_tags(location, role)
    if isinstance(role, PodIdentityRoleConfig):
        workloads = [
            at(
                f"{location}.workloads[{i}]",
                partial(
                    PodIdentityWorkload,
                    namespace=w.namespace,
                    service_account=w.service_account,
                    cluster_arn=w.cluster_arn,
                    cluster_name=w.cluster_name,
                ),
            )
            for i, w in enumerate(role.workloads)
        ]
        return at(location, lambda: PodIdentityTrust(workloads=workloads))
    if isinstance(role, RolesAnywhereRoleConfig):
        arns = list(role.trust_anchor_arns)
        for i, name in enumerate(role.trust_anchors):
            if name not in trust_anchor_arns:
                raise EntryError(
                    f"{location}.trust_anchors[{i}]: {name!r} is not in "
                    "federation.roles_anywhere.trust_anchors"
                )
            arns.append(trust_anchor_arns[name])
        certificate = (
            None
            if role.certificate is None
            else at(
                f"{location}.certificate",
                lambda: CertificateMatch(**role.certificate.model_dump()),  # type: ignore[union-attr]
            )
        )
        return at(
            location,
            lambda: RolesAnywhereTrust(
                trust_anchor_arns=arns,
                certificate=certificate,
                allow_any_certificate_of_anchor=role.allow_any_certificate_of_anchor,
            ),
        )
    provider = _provider(location, role.provider, oidc_providers)
    return _ci_trust(location, role, provider)


def _ci_trust(location: str, role: Any, provider: OidcProviderReference) -> TrustPolicySource:
    audience = {} if getattr(role, "audience", None) is None else {"audience": role.audience}
    if isinstance(role, BitbucketPipelinesRoleConfig):

        def repository(r: Any) -> BitbucketRepository:
            filters: list[BitbucketFilter] = [
                *(BitbucketDeployment(uuid) for uuid in r.deployment_environments),
                *([BitbucketAnyStep()] if r.any_step else []),
            ]
            return BitbucketRepository(repository_uuid=r.repository_uuid, filters=filters)

        repositories = [
            at(f"{location}.repositories[{i}]", partial(repository, r))
            for i, r in enumerate(role.repositories)
        ]
        return at(
            location,
            lambda: BitbucketPipelinesTrust(
                provider=provider, workspace_uuid=role.workspace_uuid, repositories=repositories
            ),
        )
    if isinstance(role, CircleCiRoleConfig):
        projects = [
            at(
                f"{location}.projects[{i}]",
                partial(CircleCiProject, project_id=p.project_id, user_ids=p.user_ids),
            )
            for i, p in enumerate(role.projects)
        ]
        return at(location, lambda: CircleCiTrust(provider=provider, projects=projects))
    if isinstance(role, BuildkiteRoleConfig):

        def pipeline(p: Any) -> BuildkitePipeline:
            filters: list[BuildkiteFilter] = [
                *(BuildkiteBranch(name) for name in p.branches),
                *(BuildkiteTag(name) for name in p.tags),
            ]
            return BuildkitePipeline(
                organization=p.organization, pipeline=p.pipeline, filters=filters
            )

        pipelines = [
            at(f"{location}.pipelines[{i}]", partial(pipeline, p))
            for i, p in enumerate(role.pipelines)
        ]
        return at(
            location, lambda: BuildkiteTrust(provider=provider, pipelines=pipelines, **audience)
        )
    if isinstance(role, HcpTerraformRoleConfig):
        workspaces = [
            at(
                f"{location}.workspaces[{i}]",
                partial(
                    HcpTerraformWorkspace,
                    organization=w.organization,
                    project=w.project,
                    workspace=w.workspace,
                    run_phases=[HcpTerraformRunPhase(p) for p in w.run_phases],
                ),
            )
            for i, w in enumerate(role.workspaces)
        ]
        return at(
            location,
            lambda: HcpTerraformTrust(provider=provider, workspaces=workspaces, **audience),
        )
    assert isinstance(role, AzureDevOpsRoleConfig)
    filters: list[AzureDevOpsFilter] = [
        *(AzureDevOpsServiceConnection(name) for name in role.service_connections),
        *(AzureDevOpsPipeline(name) for name in role.pipelines),
    ]
    return at(
        location,
        lambda: AzureDevOpsTrust(
            provider=provider,
            organization=role.organization,
            project=role.project,
            filters=filters,
        ),
    )


def trust_anchors(stack: Stack, config: Any) -> dict[str, str]:
    """Create ``federation.roles_anywhere.trust_anchors``; return their ARNs by name."""
    section = getattr(config, "roles_anywhere", None)
    if section is None:
        return {}
    arns: dict[str, str] = {}

    def build(anchor: Any) -> None:
        bundle = None
        if anchor.certificate_file is not None:
            raw = read_regular_file(
                Path(anchor.certificate_file),
                what="CA certificate file",
                max_bytes=CERTIFICATE_MAX_BYTES,
            )
            bundle = raw.decode("ascii", errors="replace")
        construct = RolesAnywhereTrustAnchor(
            stack,
            f"TrustAnchor{pascal(anchor.name)}",
            name=anchor.name,
            certificate_bundle=bundle,
            acm_pca_arn=anchor.acm_pca_arn,
        )
        arns[anchor.name] = construct.trust_anchor_arn

    collect(
        (f"federation.roles_anywhere.trust_anchors[{i}]", partial(build, anchor))
        for i, anchor in enumerate(section.trust_anchors)
    )
    return arns


def add_sts_feature_resources(stack: Stack, config: Any, roles: dict[str, AssumableRole]) -> None:
    """Create what the new sections need once the roles exist: profiles, Pod Identity
    associations, ``sts:AssumeRoot`` and ``sts:GetWebIdentityToken`` grants."""
    entries: list[tuple[str, Any]] = []
    for section in ("root_access", "web_identity_tokens"):
        names = [grant.name for grant in getattr(config, section, [])]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise EntryError(f"federation.{section}[].name: {repeated[0]!r} appears more than once")

    def named(location: str, names: list[str]) -> list[AssumableRole]:
        missing = [(i, n) for i, n in enumerate(names) if n not in roles]
        if missing:
            i, name = missing[0]
            raise EntryError(
                f"{location}[{i}]: {name!r} is not a role of federation.roles "
                f"(known: {', '.join(sorted(roles)) or 'none'})"
            )
        return [roles[n] for n in names]

    for i, role in enumerate(config.roles):
        if isinstance(role, PodIdentityRoleConfig):
            for j, workload in enumerate(role.workloads):
                if not workload.associate:
                    continue
                location = f"federation.roles[{i}].workloads[{j}]"

                def associate(
                    role: Any = role, w: Any = workload, location: str = location
                ) -> None:
                    if w.cluster_name is None:
                        raise EntryError(
                            f"{location}.associate: True without cluster_name; the association "
                            "is created in a cluster named by cluster_name"
                        )
                    PodIdentityAssociation(
                        stack,
                        f"PodIdentity{pascal(role.name)}{pascal(w.namespace)}{pascal(w.service_account)}",
                        cluster_name=w.cluster_name,
                        namespace=w.namespace,
                        service_account=w.service_account,
                        role=roles[role.name],
                    )

                entries.append((location, associate))
    anywhere = getattr(config, "roles_anywhere", None)
    for i, profile in enumerate(anywhere.profiles if anywhere is not None else []):
        location = f"federation.roles_anywhere.profiles[{i}]"
        entries.append(
            (
                location,
                lambda profile=profile, location=location: RolesAnywhereProfile(
                    stack,
                    f"RolesAnywhereProfile{pascal(profile.name)}",
                    name=profile.name,
                    roles=named(f"{location}.roles", profile.roles),
                    session_duration=(
                        Duration.seconds(profile.session_duration)
                        if profile.session_duration is not None
                        else None
                    ),
                ),
            )
        )
    for i, grant in enumerate(getattr(config, "root_access", [])):
        location = f"federation.root_access[{i}]"
        entries.append(
            (
                location,
                lambda grant=grant, location=location: AssumeRootPolicy(
                    stack,
                    f"RootAccess{pascal(grant.name)}",
                    member_account_ids=grant.member_account_ids,
                    task_policies=grant.task_policies,
                    roles=named(f"{location}.roles", grant.roles),
                ),
            )
        )
    for i, grant in enumerate(getattr(config, "web_identity_tokens", [])):
        location = f"federation.web_identity_tokens[{i}]"
        entries.append(
            (
                location,
                lambda grant=grant, location=location: WebIdentityTokenPolicy(
                    stack,
                    f"WebIdentityTokens{pascal(grant.name)}",
                    audiences=grant.audiences,
                    max_duration_seconds=grant.max_duration_seconds,
                    signing_algorithms=grant.signing_algorithms,
                    roles=named(f"{location}.roles", grant.roles),
                ),
            )
        )
    collect(entries)
