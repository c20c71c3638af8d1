"""STS-TRUST2: principals of an account not known to be yours trusted without ``sts:ExternalId``.

Your accounts are the stack's own account, the accounts of every stack of the same cloud
assembly, and those given with ``--own-account`` (CLI) or ``own_accounts=`` (plugin and
engine). Any other account is outside: a literal account that is not yours, an account
known only at deploy time (a parameter), and, when none of your accounts is known at all,
every literal account (the message then says so, instead of staying silent). Trust between
your own accounts is first party and needs no ExternalId. ``aws:PrincipalOrgID`` of your
organization (``--organization-id``; any organization when none is given) counts as well.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...template import Statement, describe, principal_account
from .._context import ResourceContext, TemplateContext
from .._finding import Rule
from ._common import ROLE, assume_statements, restricting_values, where


def _org_condition(statement: Statement, template: TemplateContext) -> bool:
    values = restricting_values(statement, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths")
    if not values:
        return False
    if not template.organization_ids:
        return True
    return any(any(org in value for org in template.organization_ids) for value in values)


def _whose(account: str, template: TemplateContext) -> str:
    if account == "unknown":
        return "an account known only at deploy time"
    if not template.knows_own_accounts:
        return (
            f"account {account}, not known to be yours (no own account is known: give the "
            "stack an env, as the app config's `account:` does, or pass --own-account / "
            "own_accounts=)"
        )
    own = sorted({template.account_id or "", *template.own_accounts} - {""})
    return f"account {account}, outside your accounts ({', '.join(own)})"


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per outside-account principal trusted without ``sts:ExternalId``."""
    template = resource.template
    for statement in assume_statements(resource):
        if statement.conditions is None:
            continue  # STS-READ1 says the conditions could not be read.
        if restricting_values(statement, "sts:ExternalId") or _org_condition(statement, template):
            continue
        for value in statement.principals.get("AWS", ()):
            account = principal_account(
                value, own_account=template.account_id, own_accounts=template.own_accounts
            )
            if account in ("any", "own"):
                continue
            principal = describe(value)
            # The account itself (its ID or its root): named once.
            itself = principal == account or principal.endswith(f":iam::{account}:root")
            subject = "" if itself else f"{principal} of "
            yield (
                f"{where(statement)} trusts {subject}{_whose(account, template)}, "
                "without an sts:ExternalId condition. A third party that assumes roles for "
                "several customers can be tricked into using this role for another customer "
                "(the confused deputy). Add "
                '"StringEquals": {"sts:ExternalId": "<id the third party gave you>"}, '
                "aws:PrincipalOrgID when the account is in your own organization, or declare "
                "the account as yours."
            )


RULE = Rule(
    id="STS-TRUST2",
    severity="error",
    title="Outside account trusted without sts:ExternalId",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html",
    resource_types=ROLE,
    check_resource=check,
)
