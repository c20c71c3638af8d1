"""STS-TRUST3: an ``sts:ExternalId`` value that STS would never accept."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, allow_statements, where

EXTERNAL_ID = re.compile(r"^[\w+=,.@:/-]{2,1224}$", re.ASCII)
# StringLike patterns may also hold the wildcards.
EXTERNAL_ID_PATTERN = re.compile(r"^[\w+=,.@:/*?-]{2,1224}$", re.ASCII)


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per ExternalId value outside 2-1,224 characters of ``[\\w+=,.@:/-]``."""
    for statement in allow_statements(resource):
        for condition in statement.conditions_on("sts:ExternalId"):
            shape = EXTERNAL_ID_PATTERN if condition.base.endswith("Like") else EXTERNAL_ID
            for value in condition.literal_values():
                if shape.match(value):
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
