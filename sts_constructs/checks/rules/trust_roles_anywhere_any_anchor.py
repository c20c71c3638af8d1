"""STS-TRUST10: a role trusts IAM Roles Anywhere without naming the trust anchor.

Without an ``aws:SourceArn`` condition naming the trust anchor, a certificate of any trust
anchor in the account (any CA someone registered) can get the role through any profile that
lists it; without conditions on the certificate (``aws:PrincipalTag/x509Subject/CN`` ...)
every certificate of that CA can.
https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ...template import Statement, flatten
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, assume_statements, has_positive_condition, where

SERVICE = "rolesanywhere.amazonaws.com"


def _names_anchor(statement: Statement) -> bool:
    for condition in statement.conditions_on("aws:SourceArn"):
        if not condition.is_positive_match:
            continue
        values = condition.literal_values()
        if len(values) < len(condition.values):
            return True  # A value known at deploy time only (the anchor's GetAtt).
        if values and not any(v.endswith(("trust-anchor/*", ":*")) or v == "*" for v in values):
            return True
    return False


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per statement trusting Roles Anywhere without a trust anchor."""
    for statement in assume_statements(resource):
        if statement.conditions is None:
            continue  # The Condition block is only known at deploy time.
        services = [flatten(v) for v in statement.principals.get("Service", ())]
        if SERVICE not in services or _names_anchor(statement):
            continue
        certificate = any(
            c.key.startswith("aws:principaltag/x509") and c.is_positive_match
            for c in statement.conditions or ()
        ) or has_positive_condition(statement, "sts:SourceIdentity")
        whom = (
            "certificates with these fields from any trust anchor"
            if certificate
            else "any certificate of any trust anchor"
        )
        yield (
            f"{where(statement)} trusts {SERVICE} without an ArnEquals condition on "
            f"aws:SourceArn naming the trust anchor: {whom} in the account can assume the "
            'role. Add "ArnEquals": {"aws:SourceArn": "<trust anchor ARN>"} and a condition '
            'on the certificate, such as "StringEquals": '
            '{"aws:PrincipalTag/x509Subject/CN": "<name>"}.'
        )


RULE = Rule(
    id="STS-TRUST10",
    severity="error",
    title="IAM Roles Anywhere trusted without an aws:SourceArn trust anchor condition",
    link="https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html",
    resource_types=ROLE,
    check_resource=check,
)
