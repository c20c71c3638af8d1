"""Claims of the OIDC tokens real issuers mint, for :meth:`Emulator.oidc_token` to sign.

Each function returns the claims one issuer puts in a token for one job, pod or user, in that
issuer's shapes (``sub`` layout, extra claims STS exposes as condition keys). The emulator
signs them with its own key, standing in for the issuer; nothing here contacts the issuer.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "COGNITO_IDENTITY_ISSUER",
    "FACEBOOK_ISSUER",
    "GITHUB_ACTIONS_ISSUER",
    "GITLAB_ISSUER",
    "GOOGLE_ISSUER",
    "LOGIN_WITH_AMAZON_ISSUER",
    "cognito_identity_claims",
    "eks_service_account_claims",
    "generic_claims",
    "github_actions_claims",
    "gitlab_ci_claims",
    "google_claims",
    "oauth_app_claims",
]

GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com"
GITLAB_ISSUER = "https://gitlab.com"
# IAM's built-in issuers (no OIDC provider to create; the emulator stands in for them too).
COGNITO_IDENTITY_ISSUER = "https://cognito-identity.amazonaws.com"
GOOGLE_ISSUER = "https://accounts.google.com"
FACEBOOK_ISSUER = "https://graph.facebook.com"
LOGIN_WITH_AMAZON_ISSUER = "https://www.amazon.com"
# The claim naming the user in Facebook's and Login with Amazon's tokens.
_USER_CLAIMS = {FACEBOOK_ISSUER: "id", LOGIN_WITH_AMAZON_ISSUER: "user_id"}
STS_AUDIENCE = "sts.amazonaws.com"


def github_actions_claims(
    *,
    repository: str,  # owner/name
    ref: str = "refs/heads/main",
    environment: str | None = None,
    owner_id: int | None = None,  # With repository_id: the immutable subject format.
    repository_id: int | None = None,
    event_name: str = "push",
    audience: str = STS_AUDIENCE,
    issuer: str = GITHUB_ACTIONS_ISSUER,
) -> dict[str, Any]:
    """Return a GitHub Actions job's claims; ``sub`` is ``repo:OWNER/REPO:environment:ENV``
    or ``repo:OWNER/REPO:ref:REF``, with ``@ID`` after owner and repository when both IDs
    are given (the format of repositories created from 2026-07-15).
    https://docs.github.com/en/actions/reference/security/oidc

    Args:
        environment: Default: a job without a deployment environment.
    """
    owner, _, name = repository.partition("/")
    if owner_id is not None and repository_id is not None:
        prefix = f"repo:{owner}@{owner_id}/{name}@{repository_id}"
    else:
        prefix = f"repo:{repository}"
    subject = f"{prefix}:environment:{environment}" if environment else f"{prefix}:ref:{ref}"
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": subject,
        "repository": repository,
        "repository_owner": owner,
        "ref": ref,
        "ref_type": "tag" if ref.startswith("refs/tags/") else "branch",
        "event_name": event_name,
        "workflow": "deploy",
        "job_workflow_ref": f"{repository}/.github/workflows/deploy.yml@{ref}",
        "actor": "octocat",
        "runner_environment": "github-hosted",
    }
    if owner_id is not None:
        claims["repository_owner_id"] = str(owner_id)
    if repository_id is not None:
        claims["repository_id"] = str(repository_id)
    if environment:
        claims["environment"] = environment
    return claims


def gitlab_ci_claims(
    *,
    project_path: str,  # group/project
    ref: str = "main",
    ref_type: str = "branch",
    environment: str | None = None,
    audience: str = "https://gitlab.com",
    issuer: str = GITLAB_ISSUER,
) -> dict[str, Any]:
    """Return a GitLab CI job's claims; ``sub`` is
    ``project_path:GROUP/PROJECT:ref_type:TYPE:ref:REF``.
    https://docs.gitlab.com/ci/secrets/id_token_authentication/
    """
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": f"project_path:{project_path}:ref_type:{ref_type}:ref:{ref}",
        "namespace_path": project_path.rsplit("/", 1)[0],
        "project_path": project_path,
        "ref": ref,
        "ref_type": ref_type,
        "ref_protected": "true",
    }
    if environment:
        claims["environment"] = environment
    return claims


def eks_service_account_claims(
    *,
    cluster_issuer: str,  # https://oidc.eks.REGION.amazonaws.com/id/CLUSTER_ID
    namespace: str,
    service_account: str,
    audience: str = STS_AUDIENCE,
) -> dict[str, Any]:
    """Return an EKS pod's projected service-account token claims (IRSA); ``sub`` is
    ``system:serviceaccount:NAMESPACE:NAME``.
    https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
    """
    return {
        "iss": cluster_issuer,
        "aud": audience,
        "sub": f"system:serviceaccount:{namespace}:{service_account}",
        "kubernetes.io": {
            "namespace": namespace,
            "serviceaccount": {"name": service_account},
        },
    }


def cognito_identity_claims(
    *,
    identity_pool_id: str,
    identity_id: str,
    authenticated: bool = True,
    login_provider: str | None = None,  # e.g. cognito-idp.REGION.amazonaws.com/POOL_ID
) -> dict[str, Any]:
    """Return a Cognito identity pool token's claims: ``aud`` is the pool, ``amr`` says
    authenticated or unauthenticated (and the login provider).
    https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
    """
    amr = ["authenticated" if authenticated else "unauthenticated"]
    if login_provider:
        amr.append(login_provider)
    return {
        "iss": COGNITO_IDENTITY_ISSUER,
        "aud": identity_pool_id,
        "sub": identity_id,
        "amr": amr,
    }


def google_claims(*, client_id: str, subject: str, audience: str | None = None) -> dict[str, Any]:
    """Return a Google ID token's claims: ``azp`` is the OAuth client ID (what IAM compares as
    ``accounts.google.com:aud``), ``aud`` (``:oaud``) ``audience``, ``sub`` the account's
    numeric ID.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif

    Args:
        audience: Default: ``client_id``.
    """
    return {
        "iss": GOOGLE_ISSUER,
        "azp": client_id,
        "aud": audience or client_id,
        "sub": subject,
    }


def oauth_app_claims(*, issuer: str, app_id: str, user_id: str) -> dict[str, Any]:
    """Return the claims of a Facebook (``FACEBOOK_ISSUER``) or Login with Amazon
    (``LOGIN_WITH_AMAZON_ISSUER``) sign-in: ``app_id``, and the user in ``id`` (Facebook) or
    ``user_id`` (Amazon), which STS exposes as ``graph.facebook.com:app_id``... Their real
    tokens are OAuth access tokens; the emulator signs these claims as a JWT (``aud`` is
    ``app_id``). Raises ``ValueError`` for another issuer.
    """
    if issuer not in _USER_CLAIMS:
        raise ValueError(f"issuer: {issuer!r} is not one of {sorted(_USER_CLAIMS)}")
    return {
        "iss": issuer,
        "aud": app_id,
        "sub": user_id,
        "app_id": app_id,
        _USER_CLAIMS[issuer]: user_id,
    }


def generic_claims(*, issuer: str, audience: str, subject: str, **extra: Any) -> dict[str, Any]:
    """Return the claims of any OIDC issuer: ``iss``, ``aud``, ``sub`` and ``extra``."""
    return {"iss": issuer, "aud": audience, "sub": subject, **extra}
