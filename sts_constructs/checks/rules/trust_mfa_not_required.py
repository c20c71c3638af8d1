"""STS-TRUST4: an MFA condition in an ``Allow`` that does not actually require MFA."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import Condition
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, assume_statements, where

MFA_PRESENT = "aws:multifactorauthpresent"
MFA_AGE = "aws:multifactorauthage"


def _problem(condition: Condition) -> str | None:
    if condition.key == MFA_PRESENT:
        if condition.if_exists:
            return (
                f"'{condition.operator}' is true when the key is absent, which it is for "
                "long-term access keys, so they get in without MFA"
            )
        if condition.qualifier is not None or condition.base != "Bool":
            return f"'{condition.operator}' does not test that MFA was used"
        if any(str(v).lower() != "true" for v in condition.values):
            return "it allows sessions without MFA ('false')"
        return None
    if condition.key == MFA_AGE and (condition.if_exists or condition.qualifier is not None):
        return f"'{condition.operator}' is true when no MFA was used at all"
    return None


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per MFA condition of an ``Allow`` that lets sessions without MFA in."""
    for statement in assume_statements(resource):
        for condition in statement.conditions or ():
            problem = _problem(condition)
            if problem is None:
                continue
            yield (
                f"{where(statement)} tests {condition.name}, but {problem}. The role looks "
                "MFA-protected and is not. Use "
                '"Bool": {"aws:MultiFactorAuthPresent": "true"} (optionally with '
                '"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}).'
            )


RULE = Rule(
    id="STS-TRUST4",
    severity="error",
    title="MFA condition that does not require MFA",
    link=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_condition-keys.html#condition-keys-multifactorauthpresent"
    ),
    resource_types=ROLE,
    check_resource=check,
)
