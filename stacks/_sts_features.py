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

from stacks._errors import EntryError, at, at_each, collect, entries
from stacks._names import pascal
from stacks._roles import trust_from_fields
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
    "add_sts_feature_resources",
    "github_claims",
    "github_subject_template",
    "sts_feature_trust",
    "trust_anchors",
]


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
    """Return the library's trust for a role of one of the STS feature kinds at ``location``."""
    _no_session_tags(location, role)
    if isinstance(role, PodIdentityRoleConfig):
        # The config's fields are the library's arguments, and ``associate``.
        workloads = at_each(
            f"{location}.workloads",
            role.workloads,
            lambda w: PodIdentityWorkload(**w.model_dump(exclude={"associate"})),
        )
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
    # ``_no_session_tags`` refused allow_session_tags: these trusts decide sts:TagSession.
    build = partial(trust_from_fields, location, role, ignore={"allow_session_tags"})
    if isinstance(role, BitbucketPipelinesRoleConfig):

        def repository(r: Any) -> BitbucketRepository:
            filters: list[BitbucketFilter] = [
                *(BitbucketDeployment(uuid) for uuid in r.deployment_environments),
                *([BitbucketAnyStep()] if r.any_step else []),
            ]
            return BitbucketRepository(repository_uuid=r.repository_uuid, filters=filters)

        repositories = at_each(f"{location}.repositories", role.repositories, repository)
        return build(BitbucketPipelinesTrust, provider=provider, repositories=repositories)
    if isinstance(role, CircleCiRoleConfig):
        projects = at_each(
            f"{location}.projects", role.projects, lambda p: CircleCiProject(**p.model_dump())
        )
        return build(CircleCiTrust, provider=provider, projects=projects)
    if isinstance(role, BuildkiteRoleConfig):

        def pipeline(p: Any) -> BuildkitePipeline:
            filters: list[BuildkiteFilter] = [
                *(BuildkiteBranch(name) for name in p.branches),
                *(BuildkiteTag(name) for name in p.tags),
            ]
            return BuildkitePipeline(
                organization=p.organization, pipeline=p.pipeline, filters=filters
            )

        pipelines = at_each(f"{location}.pipelines", role.pipelines, pipeline)
        return build(BuildkiteTrust, provider=provider, pipelines=pipelines)
    if isinstance(role, HcpTerraformRoleConfig):
        workspaces = at_each(
            f"{location}.workspaces",
            role.workspaces,
            lambda w: HcpTerraformWorkspace(
                **w.model_dump(exclude={"run_phases"}),
                run_phases=[HcpTerraformRunPhase(p) for p in w.run_phases],
            ),
        )
        return build(HcpTerraformTrust, provider=provider, workspaces=workspaces)
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


# Sections of grants (config field, construct ID prefix, construct).
_GRANTS: tuple[tuple[str, str, Any], ...] = (
    ("root_access", "RootAccess", AssumeRootPolicy),
    ("web_identity_tokens", "WebIdentityTokens", WebIdentityTokenPolicy),
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

    collect(entries("federation.roles_anywhere.trust_anchors", section.trust_anchors, build))
    return arns


def add_sts_feature_resources(stack: Stack, config: Any, roles: dict[str, AssumableRole]) -> None:
    """Create what the new sections need once the roles exist: profiles, Pod Identity
    associations, ``sts:AssumeRoot`` and ``sts:GetWebIdentityToken`` grants."""
    tasks: list[tuple[str, Any]] = []
    for section, _, _ in _GRANTS:
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

                tasks.append((location, associate))
    anywhere = getattr(config, "roles_anywhere", None)
    for i, profile in enumerate(anywhere.profiles if anywhere is not None else []):
        location = f"federation.roles_anywhere.profiles[{i}]"
        tasks.append(
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
    # Grants to roles of the section: the entry's other fields are the construct's arguments.
    for section, prefix, make in _GRANTS:
        for i, grant in enumerate(getattr(config, section, [])):
            location = f"federation.{section}[{i}]"

            def add(
                make: Any = make,
                construct_id: str = f"{prefix}{pascal(grant.name)}",
                grant: Any = grant,
                location: str = location,
            ) -> None:
                make(
                    stack,
                    construct_id,
                    roles=named(f"{location}.roles", grant.roles),
                    **grant.model_dump(exclude={"name", "roles"}),
                )

            tasks.append((location, add))
    collect(tasks)
