"""STS-FED5: a Cognito identity pool trust without ``aud`` and ``amr`` conditions."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import COGNITO, ResourceContext
from .._finding import Rule
from ._common import ROLE, federated_statements, has_positive_condition, where


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per Cognito trust statement missing ``aud`` or ``amr``."""
    for statement in federated_statements(resource, "cognito"):
        missing = []
        if not has_positive_condition(statement, f"{COGNITO}:aud"):
            missing.append(f'"StringEquals": {{"{COGNITO}:aud": "<identity pool ID>"}}')
        if not statement.conditions_on(f"{COGNITO}:amr"):
            missing.append(f'"ForAnyValue:StringLike": {{"{COGNITO}:amr": "authenticated"}}')
        if missing:
            yield (
                f"{where(statement)} trusts {COGNITO} without "
                + " and ".join(missing)
                + ". Without 'aud' any identity pool, in any account, can assume the role; "
                "without 'amr' unauthenticated guests can too. Add the missing conditions."
            )


RULE = Rule(
    id="STS-FED5",
    severity="error",
    title="Cognito identity pool trust without aud and amr conditions",
    link="https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html",
    resource_types=ROLE,
    check_resource=check,
)
