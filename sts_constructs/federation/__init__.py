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
Names load lazily, like ``sts_constructs`` and through the same loader
(``sts_constructs._lazy``): the value objects do not start CDK's Node.js.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sts_constructs._lazy import lazy_exports

if TYPE_CHECKING:
    from sts_constructs.federation._azure_devops import (
        AZURE_DEVOPS_AUDIENCE as AZURE_DEVOPS_AUDIENCE,
    )
    from sts_constructs.federation._azure_devops import AzureDevOpsFilter as AzureDevOpsFilter
    from sts_constructs.federation._azure_devops import AzureDevOpsPipeline as AzureDevOpsPipeline
    from sts_constructs.federation._azure_devops import (
        AzureDevOpsServiceConnection as AzureDevOpsServiceConnection,
    )
    from sts_constructs.federation._azure_devops import AzureDevOpsTrust as AzureDevOpsTrust
    from sts_constructs.federation._azure_devops import azure_devops_issuer as azure_devops_issuer
    from sts_constructs.federation._bitbucket import BitbucketAnyStep as BitbucketAnyStep
    from sts_constructs.federation._bitbucket import BitbucketDeployment as BitbucketDeployment
    from sts_constructs.federation._bitbucket import BitbucketFilter as BitbucketFilter
    from sts_constructs.federation._bitbucket import (
        BitbucketPipelinesTrust as BitbucketPipelinesTrust,
    )
    from sts_constructs.federation._bitbucket import BitbucketRepository as BitbucketRepository
    from sts_constructs.federation._bitbucket import (
        bitbucket_pipelines_issuer as bitbucket_pipelines_issuer,
    )
    from sts_constructs.federation._broker import FederationTokenBroker as FederationTokenBroker
    from sts_constructs.federation._buildkite import BUILDKITE_ISSUER as BUILDKITE_ISSUER
    from sts_constructs.federation._buildkite import BuildkiteBranch as BuildkiteBranch
    from sts_constructs.federation._buildkite import BuildkiteFilter as BuildkiteFilter
    from sts_constructs.federation._buildkite import BuildkitePipeline as BuildkitePipeline
    from sts_constructs.federation._buildkite import BuildkiteTag as BuildkiteTag
    from sts_constructs.federation._buildkite import BuildkiteTrust as BuildkiteTrust
    from sts_constructs.federation._builtin_issuers import CognitoAccess as CognitoAccess
    from sts_constructs.federation._builtin_issuers import (
        CognitoIdentityPoolTrust as CognitoIdentityPoolTrust,
    )
    from sts_constructs.federation._builtin_issuers import GoogleTrust as GoogleTrust
    from sts_constructs.federation._circleci import CircleCiProject as CircleCiProject
    from sts_constructs.federation._circleci import CircleCiTrust as CircleCiTrust
    from sts_constructs.federation._circleci import circleci_issuer as circleci_issuer
    from sts_constructs.federation._eks import EksServiceAccount as EksServiceAccount
    from sts_constructs.federation._eks import EksServiceAccountTrust as EksServiceAccountTrust
    from sts_constructs.federation._github import GITHUB_ACTIONS_AUDIENCE as GITHUB_ACTIONS_AUDIENCE
    from sts_constructs.federation._github import GITHUB_ACTIONS_ISSUER as GITHUB_ACTIONS_ISSUER
    from sts_constructs.federation._github import GitHubActionsTrust as GitHubActionsTrust
    from sts_constructs.federation._github import GitHubBranch as GitHubBranch
    from sts_constructs.federation._github import GitHubEnvironment as GitHubEnvironment
    from sts_constructs.federation._github import GitHubFilter as GitHubFilter
    from sts_constructs.federation._github import GitHubPullRequest as GitHubPullRequest
    from sts_constructs.federation._github import GitHubRepository as GitHubRepository
    from sts_constructs.federation._github import GitHubSubjectFormat as GitHubSubjectFormat
    from sts_constructs.federation._github import GitHubTag as GitHubTag
    from sts_constructs.federation._github import github_actions_issuer as github_actions_issuer
    from sts_constructs.federation._github_claims import GITHUB_CLAIM_KEYS as GITHUB_CLAIM_KEYS
    from sts_constructs.federation._github_claims import GitHubClaims as GitHubClaims
    from sts_constructs.federation._github_claims import (
        GitHubSubjectTemplate as GitHubSubjectTemplate,
    )
    from sts_constructs.federation._gitlab import GITLAB_ISSUER as GITLAB_ISSUER
    from sts_constructs.federation._gitlab import GitLabBranch as GitLabBranch
    from sts_constructs.federation._gitlab import GitLabCiTrust as GitLabCiTrust
    from sts_constructs.federation._gitlab import GitLabFilter as GitLabFilter
    from sts_constructs.federation._gitlab import GitLabProject as GitLabProject
    from sts_constructs.federation._gitlab import GitLabTag as GitLabTag
    from sts_constructs.federation._hcp_terraform import (
        HCP_TERRAFORM_AUDIENCE as HCP_TERRAFORM_AUDIENCE,
    )
    from sts_constructs.federation._hcp_terraform import (
        HCP_TERRAFORM_ISSUER as HCP_TERRAFORM_ISSUER,
    )
    from sts_constructs.federation._hcp_terraform import (
        HcpTerraformRunPhase as HcpTerraformRunPhase,
    )
    from sts_constructs.federation._hcp_terraform import HcpTerraformTrust as HcpTerraformTrust
    from sts_constructs.federation._hcp_terraform import (
        HcpTerraformWorkspace as HcpTerraformWorkspace,
    )
    from sts_constructs.federation._mfa_session import MfaSessionGroup as MfaSessionGroup
    from sts_constructs.federation._oidc_provider import OidcProvider as OidcProvider
    from sts_constructs.federation._references import ExistingOidcProvider as ExistingOidcProvider
    from sts_constructs.federation._references import ExistingSamlProvider as ExistingSamlProvider
    from sts_constructs.federation._references import OidcProviderLike as OidcProviderLike
    from sts_constructs.federation._references import OidcProviderReference as OidcProviderReference
    from sts_constructs.federation._references import SamlProviderLike as SamlProviderLike
    from sts_constructs.federation._references import SamlProviderReference as SamlProviderReference
    from sts_constructs.federation._saml import SAML_SIGN_IN_ENDPOINT as SAML_SIGN_IN_ENDPOINT
    from sts_constructs.federation._saml import SamlProvider as SamlProvider
    from sts_constructs.federation._saml import SamlTrust as SamlTrust
    from sts_constructs.federation._saml import saml_sign_in_endpoint as saml_sign_in_endpoint
    from sts_constructs.federation._saml_metadata import SamlMetadata as SamlMetadata
    from sts_constructs.federation._web_identity import WEB_IDENTITY_ACTION as WEB_IDENTITY_ACTION
    from sts_constructs.federation._web_identity import OidcTrust as OidcTrust

__all__, __getattr__, __dir__ = lazy_exports(__name__, __file__)
