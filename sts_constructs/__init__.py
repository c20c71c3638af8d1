"""AWS CDK constructs for AWS STS: who may get temporary credentials, and how.

See the README for one section per use case. The constructs load lazily: importing
``sts_constructs.checks`` or the ``sts-constructs`` command does not start CDK's Node.js
process (about 1.5 s); the first construct you use does. The public names are the imports
of the ``TYPE_CHECKING`` block below, the one list ``__all__`` and the loader are built
from (``sts_constructs._lazy``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sts_constructs._lazy import lazy_exports

if TYPE_CHECKING:
    from sts_constructs._acknowledge import acknowledge as acknowledge
    from sts_constructs._assumable_role import AssumableRole as AssumableRole
    from sts_constructs._assume_only_user import AssumeOnlyUser as AssumeOnlyUser
    from sts_constructs._assume_root import (
        AssumeRootPolicy as AssumeRootPolicy,
    )
    from sts_constructs._assume_root import (
        RootTaskPolicy as RootTaskPolicy,
    )
    from sts_constructs._assume_root import (
        assume_root_policy_document as assume_root_policy_document,
    )
    from sts_constructs._bulk import (
        AssumableRoleProps as AssumableRoleProps,
    )
    from sts_constructs._bulk import (
        AssumableRoleSet as AssumableRoleSet,
    )
    from sts_constructs._combined_trust import CombinedTrust as CombinedTrust
    from sts_constructs._cross_account_check import verify_cross_account as verify_cross_account
    from sts_constructs._cross_account_grant import CrossAccountGrant as CrossAccountGrant
    from sts_constructs._cross_account_role import CrossAccountRole as CrossAccountRole
    from sts_constructs._cross_account_shared import (
        FirstParty as FirstParty,
    )
    from sts_constructs._cross_account_shared import (
        Grantee as Grantee,
    )
    from sts_constructs._cross_account_shared import (
        ThirdParty as ThirdParty,
    )
    from sts_constructs._cross_account_shared import (
        cross_account_role_arn as cross_account_role_arn,
    )
    from sts_constructs._instance_role import Ec2InstanceRole as Ec2InstanceRole
    from sts_constructs._org_rollout import (
        OrganizationStackSet as OrganizationStackSet,
    )
    from sts_constructs._org_rollout import (
        SelfManagedStackSet as SelfManagedStackSet,
    )
    from sts_constructs._org_rollout import (
        StackSetCallAs as StackSetCallAs,
    )
    from sts_constructs._outbound_federation import (
        WebIdentityTokenAlgorithm as WebIdentityTokenAlgorithm,
    )
    from sts_constructs._outbound_federation import (
        WebIdentityTokenPolicy as WebIdentityTokenPolicy,
    )
    from sts_constructs._outbound_federation import (
        web_identity_token_policy_document as web_identity_token_policy_document,
    )
    from sts_constructs._pod_identity import (
        PodIdentityAssociation as PodIdentityAssociation,
    )
    from sts_constructs._pod_identity import (
        PodIdentityTrust as PodIdentityTrust,
    )
    from sts_constructs._pod_identity import (
        PodIdentityWorkload as PodIdentityWorkload,
    )
    from sts_constructs._role_resource import RoleResource as RoleResource
    from sts_constructs._roles_anywhere import (
        CertificateMatch as CertificateMatch,
    )
    from sts_constructs._roles_anywhere import (
        RolesAnywhereProfile as RolesAnywhereProfile,
    )
    from sts_constructs._roles_anywhere import (
        RolesAnywhereTrust as RolesAnywhereTrust,
    )
    from sts_constructs._roles_anywhere import (
        RolesAnywhereTrustAnchor as RolesAnywhereTrustAnchor,
    )
    from sts_constructs._trust import (
        PolicyDocument as PolicyDocument,
    )
    from sts_constructs._trust import (
        Trust as Trust,
    )
    from sts_constructs._trust import (
        TrustedPrincipal as TrustedPrincipal,
    )
    from sts_constructs._trust import (
        TrustPolicySource as TrustPolicySource,
    )
    from sts_constructs.federation import (
        GitHubActionsTrust as GitHubActionsTrust,
    )
    from sts_constructs.federation import (
        OidcProvider as OidcProvider,
    )
    from sts_constructs.federation import (
        SamlProvider as SamlProvider,
    )
    from sts_constructs.federation import (
        SamlTrust as SamlTrust,
    )

__all__, __getattr__, __dir__ = lazy_exports(__name__, __file__)
