"""STS-FED3: an OIDC trust that does not check the token's audience."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, assume_statements, federated_principals, has_positive_condition, where

# Web identity providers built into IAM name their audience claim differently.
_AUDIENCE_CLAIMS = {"graph.facebook.com": "app_id", "www.amazon.com": "app_id"}


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per OIDC trust statement without an ``aud`` condition."""
    for statement in assume_statements(resource):
        if statement.conditions is None:
            continue
        for principal in federated_principals(resource, statement):
            if principal.kind != "oidc":
                continue
            if principal.issuer is None:
                keys = {c.key for c in statement.conditions if c.key.endswith(":aud")}
                if keys and has_positive_condition(statement, *keys):
                    continue
                key = "<issuer>:aud"
            else:
                key = f"{principal.issuer}:{_AUDIENCE_CLAIMS.get(principal.issuer, 'aud')}"
                if has_positive_condition(statement, key):
                    continue
            yield (
                f"{where(statement)} trusts the OIDC issuer {principal.display} without a "
                f"StringEquals condition on '{key}'. Without it the role accepts tokens the "
                "issuer minted for any other audience (another cloud, another app). Add "
                f'"StringEquals": {{"{key}": "sts.amazonaws.com"}} (or your client ID).'
            )


RULE = Rule(
    id="STS-FED3",
    severity="error",
    title="OIDC trust without an audience (aud) condition",
    link=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_iam-condition-keys.html#condition-keys-wif"
    ),
    resource_types=ROLE,
    check_resource=check,
)
