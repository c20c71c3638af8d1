"""AWS CDK constructs for AWS STS: who may get temporary credentials, and how.

See the README for one section per use case. The constructs load lazily: importing
``sts_constructs.checks`` or the ``sts-constructs`` command does not start CDK's Node.js
process (about 1.5 s); the first construct you use does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sts_constructs._acknowledge import acknowledge
    from sts_constructs._assumable_role import AssumableRole
    from sts_constructs._assume_only_user import AssumeOnlyUser
    from sts_constructs._assume_root import (
        AssumeRootPolicy,
        RootTaskPolicy,
        assume_root_policy_document,
    )
    from sts_constructs._combined_trust import CombinedTrust
    from sts_constructs._cross_account import (
        CrossAccountGrant,
        CrossAccountRole,
        FirstParty,
        Grantee,
        ThirdParty,
        cross_account_role_arn,
        verify_cross_account,
    )
    from sts_constructs._instance_role import Ec2InstanceRole
    from sts_constructs._org_rollout import (
        OrganizationStackSet,
        SelfManagedStackSet,
        StackSetCallAs,
    )
    from sts_constructs._outbound_federation import (
        WebIdentityTokenAlgorithm,
        WebIdentityTokenPolicy,
        web_identity_token_policy_document,
    )
    from sts_constructs._pod_identity import (
        PodIdentityAssociation,
        PodIdentityTrust,
        PodIdentityWorkload,
    )
    from sts_constructs._roles_anywhere import (
        CertificateMatch,
        RolesAnywhereProfile,
        RolesAnywhereTrust,
        RolesAnywhereTrustAnchor,
    )
    from sts_constructs._trust import PolicyDocument, Trust, TrustedPrincipal, TrustPolicySource
    from sts_constructs.federation import (
        GitHubActionsTrust,
        OidcProvider,
        SamlProvider,
        SamlTrust,
    )


__all__ = [
    "AssumableRole",
    "AssumeOnlyUser",
    "AssumeRootPolicy",
    "CertificateMatch",
    "CombinedTrust",
    "CrossAccountGrant",
    "CrossAccountRole",
    "Ec2InstanceRole",
    "FirstParty",
    "GitHubActionsTrust",
    "Grantee",
    "OidcProvider",
    "OrganizationStackSet",
    "PodIdentityAssociation",
    "PodIdentityTrust",
    "PodIdentityWorkload",
    "PolicyDocument",
    "RolesAnywhereProfile",
    "RolesAnywhereTrust",
    "RolesAnywhereTrustAnchor",
    "RootTaskPolicy",
    "SamlProvider",
    "SamlTrust",
    "SelfManagedStackSet",
    "StackSetCallAs",
    "ThirdParty",
    "Trust",
    "TrustPolicySource",
    "TrustedPrincipal",
    "WebIdentityTokenAlgorithm",
    "WebIdentityTokenPolicy",
    "acknowledge",
    "assume_root_policy_document",
    "cross_account_role_arn",
    "verify_cross_account",
    "web_identity_token_policy_document",
]

# Public name -> private module that defines it.
_MODULES = {
    "AssumableRole": "_assumable_role",
    "AssumeOnlyUser": "_assume_only_user",
    "AssumeRootPolicy": "_assume_root",
    "CertificateMatch": "_roles_anywhere",
    "CombinedTrust": "_combined_trust",
    "CrossAccountGrant": "_cross_account",
    "CrossAccountRole": "_cross_account",
    "Ec2InstanceRole": "_instance_role",
    "FirstParty": "_cross_account",
    "GitHubActionsTrust": "federation._github",
    "Grantee": "_cross_account",
    "OidcProvider": "federation._oidc_provider",
    "OrganizationStackSet": "_org_rollout",
    "PodIdentityAssociation": "_pod_identity",
    "PodIdentityTrust": "_pod_identity",
    "PodIdentityWorkload": "_pod_identity",
    "PolicyDocument": "_trust",
    "RolesAnywhereProfile": "_roles_anywhere",
    "RolesAnywhereTrust": "_roles_anywhere",
    "RolesAnywhereTrustAnchor": "_roles_anywhere",
    "RootTaskPolicy": "_assume_root",
    "SamlProvider": "federation._saml",
    "SamlTrust": "federation._saml",
    "SelfManagedStackSet": "_org_rollout",
    "StackSetCallAs": "_org_rollout",
    "ThirdParty": "_cross_account",
    "Trust": "_trust",
    "TrustPolicySource": "_trust",
    "TrustedPrincipal": "_trust",
    "WebIdentityTokenAlgorithm": "_outbound_federation",
    "WebIdentityTokenPolicy": "_outbound_federation",
    "acknowledge": "_acknowledge",
    "assume_root_policy_document": "_assume_root",
    "cross_account_role_arn": "_cross_account",
    "verify_cross_account": "_cross_account",
    "web_identity_token_policy_document": "_outbound_federation",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'sts_constructs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"sts_constructs.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
