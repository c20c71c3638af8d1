"""The federation stack: identity providers and the roles, brokers and groups federation uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from stacks._errors import EntryError
from stacks._federation_trusts import federated_trust
from stacks._names import pascal
from stacks._policies import acknowledge_aws_managed, managed_policies
from stacks._roles import config_role
from stacks._sts_features import add_sts_feature_resources, trust_anchors
from stacks.config import (
    SAML_METADATA_MAX_BYTES,
    ConfigError,
    FederatedRoleConfig,
    FederationBrokerConfig,
    FederationConfig,
    GitHubActionsRoleConfig,
    GitLabCiRoleConfig,
    MfaSessionGroupConfig,
    read_regular_file,
)
from sts_constructs import AssumableRole, acknowledge
from sts_constructs.conventions import access_key_secret_output_key
from sts_constructs.federation import (
    FederationTokenBroker,
    MfaSessionGroup,
    OidcProvider,
    OidcProviderReference,
    SamlMetadata,
    SamlProvider,
)

__all__ = ["FederationStack"]


class FederationStack(Stack):
    """Compose the federation section of a config: providers first, then what trusts them.

    Construct IDs and output keys derive from the config names (provider ``github`` gives
    ``OidcProviderGithub``, role ``github-deploy`` gives ``RoleGithubDeploy`` and the output
    ``GithubDeployRoleArn``); renaming an entry replaces its resource.

    Raises ``EntryError`` naming the config entry (``federation.roles[2]...``) when the library
    refuses a value of a preset; every role is tried, so the message lists all of them.
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, config: FederationConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.oidc_providers: dict[str, OidcProviderReference] = {}
        for oidc in config.oidc_providers:
            key = pascal(oidc.name)
            if oidc.existing:
                self.oidc_providers[oidc.name] = OidcProvider.from_issuer(
                    oidc.url, client_ids=oidc.client_ids
                )
                continue
            provider = OidcProvider(
                self,
                f"OidcProvider{key}",
                url=oidc.url,
                client_ids=oidc.client_ids,
                thumbprints=oidc.thumbprints,
            )
            self.oidc_providers[oidc.name] = provider
            CfnOutput(self, f"{key}OidcProviderArn", value=provider.provider_arn)
        self.saml_providers: dict[str, SamlProvider] = {}
        problems: list[str] = []
        for i, saml in enumerate(config.saml_providers):
            key = pascal(saml.name)
            try:
                metadata = _metadata(saml.metadata_file)
            except (ValueError, ConfigError) as error:
                problems.append(f"federation.saml_providers[{i}].metadata_file: {error}")
                continue
            saml_provider = SamlProvider(
                self,
                f"SamlProvider{key}",
                metadata=metadata,
                name=saml.name,
            )
            self.saml_providers[saml.name] = saml_provider
            CfnOutput(self, f"{key}SamlProviderArn", value=saml_provider.provider_arn)
        # Roles Anywhere trust anchors, before the roles that name them (docs/sts-features.md).
        self.trust_anchor_arns = trust_anchors(self, config)
        self.roles: dict[str, AssumableRole] = {}
        for i, role in enumerate(config.roles):
            try:
                self.roles[role.name] = self._role(f"federation.roles[{i}]", role)
            except EntryError as error:
                problems.append(str(error))
        if problems:
            raise EntryError("\n".join(problems))
        add_sts_feature_resources(self, config, self.roles)
        self.brokers: dict[str, FederationTokenBroker] = {}
        for broker in config.brokers:
            self.brokers[broker.name] = self._broker(broker)
        self.mfa_session_groups: dict[str, MfaSessionGroup] = {}
        for group in config.mfa_session_groups:
            self.mfa_session_groups[group.name] = self._mfa_group(group)

    def _role(self, location: str, role: FederatedRoleConfig) -> AssumableRole:
        trust = federated_trust(
            location,
            role,
            oidc_providers=self.oidc_providers,
            saml_providers=self.saml_providers,
            trust_anchor_arns=self.trust_anchor_arns,
        )
        construct = config_role(
            AssumableRole,
            self,
            role,
            role.name,
            trust=trust,
            trust_policy_max_chars=role.trust_policy_max_chars,
        )
        opt_out = _owner_wide_opt_out(role)
        if opt_out is not None:
            # The config opted out explicitly: that is the acknowledgment the trust check needs.
            acknowledge(
                construct.resource,
                "STS-FED2",
                f"The config sets {opt_out}: every repository or project of the owner may "
                "assume this role, on purpose.",
            )
        return construct

    def _broker(self, broker: FederationBrokerConfig) -> FederationTokenBroker:
        key = pascal(broker.name)
        construct = FederationTokenBroker(
            self,
            f"Broker{key}",
            federated_user_prefix=broker.federated_user_prefix,
            permission_ceiling=managed_policies(self, f"Broker{key}", broker.permission_ceiling),
            user_name=broker.name,
            path=broker.path,
        )
        # The ceiling is attached to the broker's group: acknowledge AWS managed ones there.
        acknowledge_aws_managed(construct.group, broker.permission_ceiling)
        CfnOutput(self, f"{key}UserName", value=construct.user.user_name)
        # The secret's ARN, never its value.
        CfnOutput(
            self, access_key_secret_output_key(key), value=construct.access_key_secret.secret_arn
        )
        return construct

    def _mfa_group(self, group: MfaSessionGroupConfig) -> MfaSessionGroup:
        key = pascal(group.name)
        construct = MfaSessionGroup(
            self,
            f"MfaGroup{key}",
            group_name=group.name,
            path=group.path,
            managed_policies=managed_policies(self, f"MfaGroup{key}", group.managed_policies),
            mfa_max_age=(
                Duration.seconds(group.mfa_max_age) if group.mfa_max_age is not None else None
            ),
            members=[
                iam.User.from_user_name(self, f"MfaGroup{key}Member{pascal(name)}", name)
                for name in group.members
            ],
        )
        CfnOutput(self, f"{key}GroupName", value=construct.group.group_name)
        return construct


def _metadata(path: str) -> SamlMetadata:
    """Read and parse an IdP's metadata file (a regular file of bounded size)."""
    raw = read_regular_file(
        Path(path), what="SAML metadata file", max_bytes=SAML_METADATA_MAX_BYTES
    )
    try:
        xml = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: the SAML metadata file is not UTF-8 text") from None
    return SamlMetadata.from_xml(xml, source=path)


def _owner_wide_opt_out(role: FederatedRoleConfig) -> str | None:
    """Return the config field that opted a role into an owner-wide subject, if any."""
    if isinstance(role, GitHubActionsRoleConfig):
        for i, repository in enumerate(role.repositories):
            if repository.allow_any_repository_of_owner:
                return f"repositories[{i}].allow_any_repository_of_owner"
    if isinstance(role, GitLabCiRoleConfig):
        for i, project in enumerate(role.projects):
            if project.allow_any_project_of_group:
                return f"projects[{i}].allow_any_project_of_group"
    return None
