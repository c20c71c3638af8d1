"""STS-TRUST3: an ``sts:ExternalId`` value that STS would never accept."""

from __future__ import annotations

from collections.abc import Iterator

from ...validation import is_external_id
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, allow_statements, where


def _acceptable(value: str, *, wildcards: bool) -> bool:
    """Return whether STS could receive an ExternalId equal to (or matching) ``value``."""
    if wildcards:
        # Each wildcard stands for at least one character of an ExternalId.
        value = value.replace("*", "x").replace("?", "x")
    return is_external_id(value)


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per ExternalId value outside 2-1,224 characters of ``[\\w+=,.@:/-]``."""
    for statement in allow_statements(resource):
        for condition in statement.conditions_on("sts:ExternalId"):
            op = condition.op
            wildcards = bool(op.spec and op.spec.wildcards)
            for value in condition.literal_values():
                if _acceptable(value, wildcards=wildcards):
                    continue
                shown = value if len(value) <= 40 else value[:37] + "..."
                yield (
                    f"{where(statement)}: the sts:ExternalId '{shown}' ({len(value)} "
                    "characters) is not 2-1,224 characters of letters, digits and +=,.@:/-_. "
                    "STS rejects such an ExternalId in AssumeRole, so nobody can assume the "
                    "role. Use the exact ID your partner gave you, without spaces."
                )


RULE = Rule(
    id="STS-TRUST3",
    severity="error",
    title="Malformed sts:ExternalId",
    link="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html",
    resource_types=ROLE,
    check_resource=check,
)
