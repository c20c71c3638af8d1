"""STS-LIMIT7: a role's ``MaxSessionDuration`` outside 3,600-43,200 seconds."""

from __future__ import annotations

from collections.abc import Iterator

from ...validation import MAX_SESSION_DURATION_SECONDS, MIN_SESSION_DURATION_SECONDS
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE

MINIMUM, MAXIMUM = MIN_SESSION_DURATION_SECONDS, MAX_SESSION_DURATION_SECONDS


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when a literal ``MaxSessionDuration`` is out of range."""
    value = resource.properties.get("MaxSessionDuration")
    if isinstance(value, bool) or value is None:
        return
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return  # Known only at deploy time.
    if MINIMUM <= seconds <= MAXIMUM and seconds == int(seconds):
        return
    yield (
        f"MaxSessionDuration {value} is not a whole number of seconds from {MINIMUM} (1 hour) "
        f"to {MAXIMUM} (12 hours). IAM rejects the role. Pick a value in that range; "
        "sessions reached by role chaining are limited to 1 hour anyway."
    )


RULE = Rule(
    id="STS-LIMIT7",
    severity="error",
    title="MaxSessionDuration outside 1-12 hours",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html#id_roles_update-session-duration",
    resource_types=ROLE,
    check_resource=check,
)
