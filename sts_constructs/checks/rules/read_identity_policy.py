"""STS-READ2: a part of an identity policy that could not be read, said instead of passed."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._identity import IDENTITY_POLICY_TYPES


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per part of the resource's identity policies that could not be read."""
    for place, reading in resource.identity_readings:
        if reading.problems:
            yield (
                f"{place} could not be fully read: {'; '.join(reading.problems)}. The checks "
                "on identity policies (iam:PassRole on '*', privilege escalation, ...) did not "
                "judge that part. Write it as a literal policy, or review it by hand."
            )


RULE = Rule(
    id="STS-READ2",
    severity="warning",
    title="Part of an identity policy could not be read",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    resource_types=IDENTITY_POLICY_TYPES,
    check_resource=check,
)
