"""STS-TRUST9: a role others may assume that carries administrator power.

"Others" are principals of an account not known to be yours, any principal (``*``), and
federated identities (OIDC, SAML, Cognito). "Administrator power" is the AWS managed policy
``AdministratorAccess``, an identity statement that allows ``*`` (or ``*:*``) on ``*``, or
``iam:PassRole`` on ``*`` (which hands any role, admin ones included, to a service). A
warning: sometimes that is the point (a break-glass role); acknowledge it with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...template import Statement, action_matches, flatten, iter_strings, principal_account
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, assume_statements

ADMIN_POLICY_SUFFIX = ":iam::aws:policy/AdministratorAccess"


def _outsiders(resource: ResourceContext, statement: Statement) -> list[str]:
    template = resource.template
    found: list[str] = []
    if "*" in statement.principals or statement.not_principal:
        found.append("any principal")
    for value in statement.principals.get("AWS", ()):
        account = principal_account(
            value, own_account=template.account_id, own_accounts=template.own_accounts
        )
        if account == "any":
            found.append("any principal")
        elif account != "own":
            found.append(f"account {account}")
    if statement.principals.get("Federated"):
        found.append("federated identities")
    return found


def _powers(resource: ResourceContext) -> list[str]:
    powers = [
        "AdministratorAccess"
        for arn in resource.template.attached_managed_policies.get(resource.logical_id, [])
        if arn.endswith(ADMIN_POLICY_SUFFIX)
    ]
    for place, document in resource.template.attached_policies.get(resource.logical_id, []):
        if not any("*" in text for text in iter_strings(document)):
            continue  # Neither '*' actions nor Resource '*': nothing to read.
        for statement in resource.template.read_policy(document).statements:
            if not statement.allows or statement.not_action:
                continue
            resources = [flatten(r) for r in statement.resources]
            if "*" not in resources:
                continue
            actions = statement.literal_actions()
            if any(a in ("*", "*:*") for a in actions):
                powers.append(f"'*' on '*' ({place})")
            elif any(action_matches(a, "iam:PassRole") for a in actions):
                powers.append(f"iam:PassRole on '*' ({place})")
    return powers


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when others may assume the role and it carries administrator power."""
    outsiders = sorted({o for s in assume_statements(resource) for o in _outsiders(resource, s)})
    if not outsiders:
        return
    powers = list(dict.fromkeys(_powers(resource)))
    if not powers:
        return
    yield (
        f"The role can be assumed by {', '.join(outsiders)} and carries {', '.join(powers)}. "
        "Whoever gets in, through a leaked token or a partner's mistake, controls the account. "
        "Grant the permissions the job needs instead, or acknowledge this finding with the "
        "reason (a break-glass role)."
    )


RULE = Rule(
    id="STS-TRUST9",
    severity="warning",
    title="Administrator power on a role others may assume",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    resource_types=ROLE,
    check_resource=check,
)
