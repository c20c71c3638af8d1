"""STS-FED1: a role trusts a shared OIDC issuer without pinning the token's ``sub``."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, assume_statements, federated_principals, where

# Issuers whose tokens anyone can obtain: every GitHub repository, every GitLab.com project,
# every HCP Terraform workspace gets one. Only the ``sub`` claim says whose token it is.
SHARED_ISSUERS = {
    "token.actions.githubusercontent.com": "GitHub Actions",
    "gitlab.com": "GitLab.com",
    "app.terraform.io": "HCP Terraform",
}


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per statement that trusts a shared issuer without a scoped ``sub``."""
    for statement in assume_statements(resource):
        if statement.conditions is None:
            continue  # The Condition block is only known at deploy time.
        for principal in federated_principals(resource, statement):
            if principal.kind != "oidc" or principal.issuer not in SHARED_ISSUERS:
                continue
            subject = f"{principal.issuer}:sub"
            if any(c.is_positive_match for c in statement.conditions_on(subject)):
                continue  # Present; whether it is narrow enough is STS-FED2's question.
            yield (
                f"{where(statement)} trusts {principal.issuer} "
                f"({SHARED_ISSUERS[principal.issuer]}) without a StringEquals or StringLike "
                f"condition on '{subject}'. Every user of that service can mint a "
                "token this role accepts, so anyone's pipeline could assume it (and IAM refuses "
                "such a trust policy since 2025). Add a condition such as "
                f'"StringEquals": {{"{subject}": "repo:OWNER/REPO:environment:prod"}}.'
            )


RULE = Rule(
    id="STS-FED1",
    severity="error",
    title="Shared OIDC issuer trusted without a scoped sub condition",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
    resource_types=ROLE,
    check_resource=check,
)
