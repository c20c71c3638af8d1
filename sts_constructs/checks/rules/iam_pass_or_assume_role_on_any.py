"""STS-IAM1: ``iam:PassRole`` or ``sts:AssumeRole`` allowed on every role (``Resource: "*"``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...template import action_matches, flatten
from .._context import ResourceContext
from .._finding import Rule
from ._identity import IDENTITY_POLICY_TYPES, allow_identity_statements

SENSITIVE = ("iam:PassRole", "sts:AssumeRole")
# "*" and role ARNs with a wildcard account and name: "arn:aws:iam::*:role/*".
_ANY_ROLE = re.compile(r"^arn:[^:]*:iam::[^:]*:role/(?:.*/)?\*$")


def _any_resource(values: list[str]) -> bool:
    return any(v == "*" or (_ANY_ROLE.match(v) and ":iam::*:" in v) for v in values)


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per statement allowing PassRole or AssumeRole on every role."""
    for place, statement in allow_identity_statements(resource):
        resources = [flatten(r) for r in statement.resources]
        if not (statement.not_resource or _any_resource(resources)):
            continue
        actions = statement.literal_actions()
        if statement.not_action:
            granted = [a for a in SENSITIVE if not any(action_matches(p, a) for p in actions)]
        else:
            granted = [a for a in SENSITIVE if any(action_matches(p, a) for p in actions)]
        for action in granted:
            yield (
                f"{place} allows {action} on every role (Resource '*'). "
                + (
                    "Whoever holds this policy can hand any role, including admin roles, to "
                    "a service they control and act with its permissions."
                    if action == "iam:PassRole"
                    else "Whoever holds this policy can become any role that trusts its account."
                )
                + " Name the role ARNs in Resource (and for PassRole add an "
                "iam:PassedToService condition)."
            )


RULE = Rule(
    id="STS-IAM1",
    severity="error",
    title="iam:PassRole or sts:AssumeRole on Resource '*'",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
    resource_types=IDENTITY_POLICY_TYPES,
    check_resource=check,
)
