"""STS-TRUST1: ``Principal: "*"`` (or ``{"AWS": "*"}``) without a condition that says who."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, assume_statements, has_positive_condition, where

# Keys that narrow "*" down to principals you know. sts:ExternalId is not among them: it is
# a shared value, not an identity.
RESTRICTING_KEYS = (
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:userid",
)


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per statement trusting any principal without a restricting condition."""
    for statement in assume_statements(resource):
        if statement.not_principal or statement.conditions is None:
            continue
        anyone = "*" in statement.principals or "*" in statement.principals.get("AWS", ())
        if not anyone or has_positive_condition(statement, *RESTRICTING_KEYS):
            continue
        yield (
            f"{where(statement)} trusts every AWS principal ('*') without a condition on "
            "aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn. Any IAM user or role "
            "in any AWS account can assume this role (sts:ExternalId alone is a shared value, "
            "not an identity). Name the trusted account or role in Principal, or add "
            '"StringEquals": {"aws:PrincipalOrgID": "o-..."}.'
        )


RULE = Rule(
    id="STS-TRUST1",
    severity="error",
    title="Any principal ('*') trusted without a restricting condition",
    link=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_principal.html#principal-anonymous"
    ),
    resource_types=ROLE,
    check_resource=check,
)
