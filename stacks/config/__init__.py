"""The app's configuration: one YAML file per environment under ``config/``.

The typed model is the single description of what a user may write; ``make schema``
publishes it as ``config/schema.json`` for editors. Field rules come from
``sts_constructs.validation`` (and ``sts_constructs.federation``), the same functions the
constructs apply, so the config and the constructs cannot disagree.

One module per section of the file: ``_sandbox`` (users, roles, instance roles),
``_federation``, ``_cross_account``; ``_base`` holds the shared field types and ``_app`` the
whole file, how it loads and its schema. ``python -m stacks.config`` prints the JSON Schema.
"""

from stacks.config._app import AppConfig, json_schema, load_config
from stacks.config._base import ConfigError
from stacks.config._cross_account import (
    AccountConfig,
    CrossAccountAccessConfig,
    CrossAccountConfig,
    GrantToConfig,
    OrganizationRoleConfig,
    StackSetConfig,
    ThirdPartyConfig,
)
from stacks.config._federation import (
    CognitoRoleConfig,
    EksRoleConfig,
    EksServiceAccountConfig,
    FederatedRoleConfig,
    FederationBrokerConfig,
    FederationConfig,
    GitHubActionsRoleConfig,
    GitHubRepositoryConfig,
    GitLabCiRoleConfig,
    GitLabProjectConfig,
    GoogleRoleConfig,
    MfaSessionGroupConfig,
    OidcProviderConfig,
    OidcRoleConfig,
    SamlProviderConfig,
    SamlRoleConfig,
    web_identity_trust,
)
from stacks.config._sandbox import BucketAccess, InstanceRoleConfig, RoleConfig, UserConfig

__all__ = [
    "AccountConfig",
    "AppConfig",
    "BucketAccess",
    "CognitoRoleConfig",
    "ConfigError",
    "CrossAccountAccessConfig",
    "CrossAccountConfig",
    "EksRoleConfig",
    "EksServiceAccountConfig",
    "FederatedRoleConfig",
    "FederationBrokerConfig",
    "FederationConfig",
    "GitHubActionsRoleConfig",
    "GitHubRepositoryConfig",
    "GitLabCiRoleConfig",
    "GitLabProjectConfig",
    "GoogleRoleConfig",
    "GrantToConfig",
    "InstanceRoleConfig",
    "MfaSessionGroupConfig",
    "OidcProviderConfig",
    "OidcRoleConfig",
    "OrganizationRoleConfig",
    "RoleConfig",
    "SamlProviderConfig",
    "SamlRoleConfig",
    "StackSetConfig",
    "ThirdPartyConfig",
    "UserConfig",
    "json_schema",
    "load_config",
    "web_identity_trust",
]
