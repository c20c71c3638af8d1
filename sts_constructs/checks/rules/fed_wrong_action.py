"""STS-FED7: the trust statement's action cannot be used by its principal type."""

from __future__ import annotations

from collections.abc import Iterator

from ...template import action_matches
from .._context import ResourceContext
from .._finding import Rule
from ._common import ASSUME_ACTIONS, ROLE, assume_statements, federated_principals, where


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per principal type whose STS action is missing from its statement."""
    for statement in assume_statements(resource):
        if statement.not_action or len(statement.literal_actions()) < len(statement.actions):
            continue  # NotAction is STS-TRUST6's; intrinsic actions are unknown.
        actions = statement.literal_actions()
        kinds: dict[str, str] = {}
        for kind in ("AWS", "Service", "*"):
            if statement.principals.get(kind):
                kinds[kind] = f"{kind} principal" if kind != "*" else "principal '*'"
        for principal in federated_principals(resource, statement):
            if principal.kind != "unknown":
                kinds[principal.kind] = f"federated principal {principal.display}"
        for kind, label in kinds.items():
            needed = ASSUME_ACTIONS[kind]
            if any(action_matches(action, needed) for action in actions):
                continue
            yield (
                f"{where(statement)} lets the {label} call {', '.join(actions) or 'nothing'}, "
                f"but that principal type assumes roles only with {needed}. The trust looks "
                "right but nobody can use it (or it grants what you did not mean). "
                f"Use the action {needed} for this principal."
            )


RULE = Rule(
    id="STS-FED7",
    severity="error",
    title="Wrong STS action for the principal type",
    link=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "id_roles_create_for-idp_oidc.html#idp_oidc_Create_Trust"
    ),
    resource_types=ROLE,
    check_resource=check,
)
