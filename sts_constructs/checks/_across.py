"""What adds up across the templates of one account: each principal's inline policies (STS-LIMIT3).

IAM counts every inline policy of a role, user or group together, whichever stack attached it
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length).
Templates belong to the account their stack deploys to (the stack's environment, else
``account_id``); a template whose account is unknown is an account of its own, since nothing
says it shares one with the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._context import TemplateContext
from .rules._inline_totals import PrincipalKey, PrincipalTotal, template_totals

__all__ = ["AccountTotals", "account_totals"]

AccountTotals = list[tuple[str, PrincipalTotal]]
"""The principals that several templates of one account define or attach policies to, each
with its account and its total across those templates."""


def account_totals(
    contexts: Sequence[TemplateContext],
) -> tuple[list[frozenset[PrincipalKey]], AccountTotals]:
    """Return, per context, the principals it shares with other templates of its account (its
    ``shared_principals``), and each such principal's account and total across them.

    Principals are matched by kind and literal name; one without a literal name stays in its
    own template.
    """
    accounts: list[str] = []
    merged: dict[str, dict[PrincipalKey, PrincipalTotal]] = {}
    for index, context in enumerate(contexts):
        account = context.account_id or f"#{index}"  # Unknown: an account of its own.
        accounts.append(account)
        principals = merged.setdefault(account, {})
        for key, total in template_totals(context).items():
            if key[1].startswith("#"):
                continue  # No literal name: no other template can name it.
            if key in principals:
                principals[key].add(total)
            else:
                principals[key] = total
    shared = [
        frozenset(
            key
            for key, total in merged[account].items()
            if len(total.templates) > 1 and context.name in total.templates
        )
        for account, context in zip(accounts, contexts, strict=True)
    ]
    totals = [
        (account, total)
        for account, principals in merged.items()
        for total in principals.values()
        if len(total.templates) > 1
    ]
    return shared, totals
