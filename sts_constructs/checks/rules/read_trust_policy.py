"""STS-READ1: a part of a role's trust policy that could not be read, said instead of passed.

A statement or document the reader cannot take apart (an unknown shape, element names
spelled in lower case, a ``Statement`` that is not a list, a ``Condition`` known only at
deploy time) would otherwise be skipped by every rule: a silent pass. This warning names
what was not read, so a reviewer reads it instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per part of the trust policy that could not be read."""
    if "AssumeRolePolicyDocument" not in resource.properties:
        yield (
            "The role has no AssumeRolePolicyDocument, so nobody's trust was checked (and "
            "CloudFormation refuses the role). Give the role its trust policy."
        )
        return
    problems = resource.trust_reading.problems
    if problems:
        yield (
            f"The trust policy could not be fully read: {'; '.join(problems)}. The trust "
            "checks did not judge that part, so it may trust more than they report. Write it "
            "as a literal policy (intrinsic functions inside values are fine), or review it "
            "by hand."
        )


RULE = Rule(
    id="STS-READ1",
    severity="warning",
    title="Part of a trust policy could not be read",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    resource_types=ROLE,
    check_resource=check,
)
