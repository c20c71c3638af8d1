"""The app's configuration: one YAML file per environment under ``config/``.

The typed model is the single description of what a user may write; ``make schema``
publishes it as ``config/schema.json`` for editors. This package holds the schema and its
validation only; ``stacks/`` turns a validated config into constructs.

What is checked where (each rule once):

- Here: the file itself (a regular file, plain YAML without anchors, aliases or repeated keys,
  ``_load``); each field against the IAM and STS rule it follows, always a function of
  ``sts_constructs.validation``; and the checks across entries (unique names ignoring case,
  references that resolve, construct IDs that would collide, ``_references``). Every problem of
  the file is reported in one run, one line each, with the value as written.
- In the library, when ``stacks/`` builds the constructs: the rules of a trust preset that
  depend on several values (a GitHub filter, an audience the provider accepts, SAML metadata).
  ``app.py`` reports those as one line each, naming the config entry.

One module per section of the file: ``_sandbox`` (users, roles, instance roles),
``_federation``, ``_cross_account``; ``_base`` holds the shared field types and ``_app`` the
whole file and its schema. ``python -m stacks.config`` prints the JSON Schema.
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
    SAML_METADATA_MAX_BYTES,
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
)
from stacks.config._load import read_regular_file
from stacks.config._sandbox import BucketAccess, InstanceRoleConfig, RoleConfig, UserConfig

__all__ = [
    "SAML_METADATA_MAX_BYTES",
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
    "read_regular_file",
]
