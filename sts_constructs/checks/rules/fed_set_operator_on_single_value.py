"""STS-FED4: ``ForAllValues``/``ForAnyValue``/``IfExists`` on a single-valued key in a trust."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import Condition
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, allow_statements, where

# Single-valued keys trust policies test to decide who gets in. (MFA keys: STS-TRUST4.)
SINGLE_VALUED_KEYS = frozenset(
    {
        "sts:externalid",
        "sts:sourceidentity",
        "aws:sourceidentity",
        "aws:principalorgid",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceorgid",
        "saml:aud",
        "saml:sub",
        "saml:iss",
        "saml:sub_type",
        "saml:namequalifier",
    }
)
# Claims of OIDC tokens that hold one value. (Cognito's "amr" is multi-valued.)
SINGLE_VALUED_CLAIMS = (":sub", ":aud", ":oaud", ":azp", ":app_id", ":user_id", ":id")


def is_single_valued(key: str) -> bool:
    """Return whether a trust-policy condition key holds at most one value per request."""
    if key in SINGLE_VALUED_KEYS:
        return True
    return not key.startswith(("aws:", "sts:")) and key.endswith(SINGLE_VALUED_CLAIMS)


def _problem(condition: Condition) -> str | None:
    if condition.qualifier == "ForAllValues":
        return "ForAllValues is true when the key is missing from the request"
    if condition.qualifier == "ForAnyValue":
        return "ForAnyValue on a single value hides that the key is single-valued"
    if condition.if_exists:
        return "IfExists lets a request without the key through"
    return None


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per set operator or ``IfExists`` on a single-valued key."""
    for statement in allow_statements(resource):
        for condition in statement.conditions or ():
            if not is_single_valued(condition.key):
                continue
            problem = _problem(condition)
            if problem is None:
                continue
            yield (
                f"{where(statement)} tests the single-valued key '{condition.name}' with "
                f"'{condition.operator}': {problem}, so the condition may not restrict who "
                f"assumes the role. Use the plain operator '{condition.base}'."
            )


RULE = Rule(
    id="STS-FED4",
    severity="error",
    title="Set operator or IfExists on a single-valued trust condition key",
    link=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_condition-single-vs-multi-valued-context-keys.html"
    ),
    resource_types=ROLE,
    check_resource=check,
)
