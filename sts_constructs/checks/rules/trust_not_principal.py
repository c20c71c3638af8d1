"""STS-TRUST5: ``NotPrincipal`` with ``Allow`` in a trust policy."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, allow_statements, where


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per ``Allow`` statement that uses ``NotPrincipal``."""
    for statement in allow_statements(resource):
        if statement.not_principal:
            yield (
                f"{where(statement)} uses NotPrincipal with Allow: it trusts every principal "
                "except the ones listed, in every AWS account, including anonymous ones. Use "
                "Principal with the accounts or roles you trust."
            )


RULE = Rule(
    id="STS-TRUST5",
    severity="error",
    title="NotPrincipal with Allow in a trust policy",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
    resource_types=ROLE,
    check_resource=check,
)
