"""Federation: STS credentials for identities from outside AWS, with no long-lived keys.

- Web identity (OIDC): ``OidcProvider`` and the trust presets ``GitHubActionsTrust`` (with
  ``GitHubClaims`` and ``GitHubSubjectTemplate``), ``GitLabCiTrust``,
  ``BitbucketPipelinesTrust``, ``CircleCiTrust``, ``BuildkiteTrust``, ``HcpTerraformTrust``,
  ``AzureDevOpsTrust``, ``EksServiceAccountTrust``, ``GoogleTrust``,
  ``CognitoIdentityPoolTrust`` and ``OidcTrust`` (any issuer, exact ``sub`` and ``aud``).
- SAML 2.0: ``SamlMetadata``, ``SamlProvider`` and ``SamlTrust`` (console and API).
- ``FederationTokenBroker`` (``sts:GetFederationToken``) and ``MfaSessionGroup``
  (``sts:GetSessionToken`` with MFA).

Trusts are plain values: pass them to ``AssumableRole(trust=...)``. See docs/federation.md.
Names load lazily, like ``sts_constructs``: the value objects do not start CDK's Node.js.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sts_constructs.federation._broker import FederationTokenBroker
    from sts_constructs.federation._builtin_issuers import (
        CognitoAccess,
        CognitoIdentityPoolTrust,
        GoogleTrust,
    )
    from sts_constructs.federation._ci_issuers import (
        AZURE_DEVOPS_AUDIENCE,
        BUILDKITE_ISSUER,
        HCP_TERRAFORM_AUDIENCE,
        HCP_TERRAFORM_ISSUER,
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
        HcpTerraformRunPhase,
        HcpTerraformTrust,
        HcpTerraformWorkspace,
        azure_devops_issuer,
        bitbucket_pipelines_issuer,
        circleci_issuer,
    )
    from sts_constructs.federation._eks import EksServiceAccount, EksServiceAccountTrust
    from sts_constructs.federation._github import (
        GITHUB_ACTIONS_AUDIENCE,
        GITHUB_ACTIONS_ISSUER,
        GitHubActionsTrust,
        GitHubBranch,
        GitHubEnvironment,
        GitHubFilter,
        GitHubPullRequest,
        GitHubRepository,
        GitHubSubjectFormat,
        GitHubTag,
        github_actions_issuer,
    )
    from sts_constructs.federation._github_claims import (
        GITHUB_CLAIM_KEYS,
        GitHubClaims,
        GitHubSubjectTemplate,
    )
    from sts_constructs.federation._gitlab import (
        GITLAB_ISSUER,
        GitLabBranch,
        GitLabCiTrust,
        GitLabFilter,
        GitLabProject,
        GitLabTag,
    )
    from sts_constructs.federation._mfa_session import MfaSessionGroup
    from sts_constructs.federation._oidc_provider import OidcProvider
    from sts_constructs.federation._references import (
        ExistingOidcProvider,
        ExistingSamlProvider,
        OidcProviderReference,
        SamlProviderReference,
    )
    from sts_constructs.federation._saml import (
        SAML_SIGN_IN_ENDPOINT,
        SamlProvider,
        SamlTrust,
        saml_sign_in_endpoint,
    )
    from sts_constructs.federation._saml_metadata import SamlMetadata
    from sts_constructs.federation._web_identity import WEB_IDENTITY_ACTION, OidcTrust

__all__ = [
    "AZURE_DEVOPS_AUDIENCE",
    "BUILDKITE_ISSUER",
    "GITHUB_ACTIONS_AUDIENCE",
    "GITHUB_ACTIONS_ISSUER",
    "GITHUB_CLAIM_KEYS",
    "GITLAB_ISSUER",
    "HCP_TERRAFORM_AUDIENCE",
    "HCP_TERRAFORM_ISSUER",
    "SAML_SIGN_IN_ENDPOINT",
    "WEB_IDENTITY_ACTION",
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
    "CognitoAccess",
    "CognitoIdentityPoolTrust",
    "EksServiceAccount",
    "EksServiceAccountTrust",
    "ExistingOidcProvider",
    "ExistingSamlProvider",
    "FederationTokenBroker",
    "GitHubActionsTrust",
    "GitHubBranch",
    "GitHubClaims",
    "GitHubEnvironment",
    "GitHubFilter",
    "GitHubPullRequest",
    "GitHubRepository",
    "GitHubSubjectFormat",
    "GitHubSubjectTemplate",
    "GitHubTag",
    "GitLabBranch",
    "GitLabCiTrust",
    "GitLabFilter",
    "GitLabProject",
    "GitLabTag",
    "GoogleTrust",
    "HcpTerraformRunPhase",
    "HcpTerraformTrust",
    "HcpTerraformWorkspace",
    "MfaSessionGroup",
    "OidcProvider",
    "OidcProviderReference",
    "OidcTrust",
    "SamlMetadata",
    "SamlProvider",
    "SamlProviderReference",
    "SamlTrust",
    "azure_devops_issuer",
    "bitbucket_pipelines_issuer",
    "circleci_issuer",
    "github_actions_issuer",
    "saml_sign_in_endpoint",
]

_GITHUB = "_github"
_GITLAB = "_gitlab"
_SAML = "_saml"
_BUILTIN = "_builtin_issuers"
_OIDC = "_oidc_provider"
_CI = "_ci_issuers"
# Public name -> private module that defines it.
_MODULES = {
    "AZURE_DEVOPS_AUDIENCE": _CI,
    "BUILDKITE_ISSUER": _CI,
    "GITHUB_ACTIONS_AUDIENCE": _GITHUB,
    "GITHUB_ACTIONS_ISSUER": _GITHUB,
    "GITHUB_CLAIM_KEYS": "_github_claims",
    "GITLAB_ISSUER": _GITLAB,
    "HCP_TERRAFORM_AUDIENCE": _CI,
    "HCP_TERRAFORM_ISSUER": _CI,
    "SAML_SIGN_IN_ENDPOINT": _SAML,
    "WEB_IDENTITY_ACTION": "_web_identity",
    "AzureDevOpsFilter": _CI,
    "AzureDevOpsPipeline": _CI,
    "AzureDevOpsServiceConnection": _CI,
    "AzureDevOpsTrust": _CI,
    "BitbucketAnyStep": _CI,
    "BitbucketDeployment": _CI,
    "BitbucketFilter": _CI,
    "BitbucketPipelinesTrust": _CI,
    "BitbucketRepository": _CI,
    "BuildkiteBranch": _CI,
    "BuildkiteFilter": _CI,
    "BuildkitePipeline": _CI,
    "BuildkiteTag": _CI,
    "BuildkiteTrust": _CI,
    "CircleCiProject": _CI,
    "CircleCiTrust": _CI,
    "CognitoAccess": _BUILTIN,
    "CognitoIdentityPoolTrust": _BUILTIN,
    "EksServiceAccount": "_eks",
    "EksServiceAccountTrust": "_eks",
    "ExistingOidcProvider": "_references",
    "ExistingSamlProvider": "_references",
    "FederationTokenBroker": "_broker",
    "GitHubActionsTrust": _GITHUB,
    "GitHubBranch": _GITHUB,
    "GitHubClaims": "_github_claims",
    "GitHubEnvironment": _GITHUB,
    "GitHubFilter": _GITHUB,
    "GitHubPullRequest": _GITHUB,
    "GitHubRepository": _GITHUB,
    "GitHubSubjectFormat": _GITHUB,
    "GitHubSubjectTemplate": "_github_claims",
    "GitHubTag": _GITHUB,
    "GitLabBranch": _GITLAB,
    "GitLabCiTrust": _GITLAB,
    "GitLabFilter": _GITLAB,
    "GitLabProject": _GITLAB,
    "GitLabTag": _GITLAB,
    "GoogleTrust": _BUILTIN,
    "HcpTerraformRunPhase": _CI,
    "HcpTerraformTrust": _CI,
    "HcpTerraformWorkspace": _CI,
    "MfaSessionGroup": "_mfa_session",
    "OidcProvider": _OIDC,
    "OidcProviderReference": "_references",
    "OidcTrust": "_web_identity",
    "SamlMetadata": "_saml_metadata",
    "SamlProvider": _SAML,
    "SamlProviderReference": "_references",
    "SamlTrust": _SAML,
    "azure_devops_issuer": _CI,
    "bitbucket_pipelines_issuer": _CI,
    "circleci_issuer": _CI,
    "github_actions_issuer": _GITHUB,
    "saml_sign_in_endpoint": _SAML,
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'sts_constructs.federation' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"sts_constructs.federation.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
