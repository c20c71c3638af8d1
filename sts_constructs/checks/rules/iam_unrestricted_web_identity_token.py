"""STS-IAM11: ``sts:GetWebIdentityToken`` allowed for any audience.

Outbound identity federation mints JWTs signed by AWS for the audiences the caller asks.
Without ``ForAllValues:StringEquals`` on ``sts:IdentityTokenAudience`` the holder can mint a
token for any external service that trusts the account's issuer. ``ForAnyValue`` does not
restrict: one named audience among others is enough.
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_policies.html
"""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import only_wildcards
from ._identity import IDENTITY_POLICY_TYPES, statements_allowing


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per statement allowing GetWebIdentityToken for any audience."""
    for place, statement in statements_allowing(resource, "sts:GetWebIdentityToken"):
        scoped = False
        for condition in statement.conditions_on("sts:IdentityTokenAudience"):
            if (
                condition.qualifier != "ForAllValues"
                or condition.if_exists
                or condition.base not in {"StringEquals", "StringLike"}
            ):
                continue
            values = condition.literal_values()
            if len(values) < len(condition.values) or (
                values and not any(only_wildcards(v) for v in values)
            ):
                scoped = True
        if not scoped:
            yield (
                f"{place} allows sts:GetWebIdentityToken without "
                '"ForAllValues:StringEquals" on sts:IdentityTokenAudience. Its holder can '
                "mint an AWS-signed token for any external service that trusts this account. "
                'Add "ForAllValues:StringEquals": {"sts:IdentityTokenAudience": '
                '["<audience>"]}, "Null": {"sts:IdentityTokenAudience": "false"} and a '
                "NumericLessThanEquals on sts:DurationSeconds."
            )


RULE = Rule(
    id="STS-IAM11",
    severity="error",
    title="sts:GetWebIdentityToken allowed without an audience condition",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_policies.html",
    resource_types=IDENTITY_POLICY_TYPES,
    check_resource=check,
)
