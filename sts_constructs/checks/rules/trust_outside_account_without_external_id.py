"""STS-TRUST2: principals of another account trusted without ``sts:ExternalId``.

"Another account" means a literal account ID that differs from the stack's own account. When
the stack's own account is only known at deploy time (an environment-agnostic CDK stack, or a
template checked without ``--account-id``), the rule cannot tell and stays silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...template import describe, principal_account
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, assume_statements, has_positive_condition, where


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per outside-account principal trusted without ``sts:ExternalId``."""
    own = resource.template.account_id
    for statement in assume_statements(resource):
        if statement.conditions is None:
            continue
        if has_positive_condition(
            statement, "sts:ExternalId", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths"
        ):
            continue
        for value in statement.principals.get("AWS", ()):
            account = principal_account(value, own_account=own)
            if account in ("any", "own", "unknown"):
                continue
            yield (
                f"{where(statement)} trusts {describe(value)} of account {account}, outside "
                f"this stack's account {own}, without an sts:ExternalId condition. A third "
                "party that assumes roles for several customers can be tricked into using "
                "this role for another customer (the confused deputy). Add "
                '"StringEquals": {"sts:ExternalId": "<id the third party gave you>"}, or '
                "aws:PrincipalOrgID when the account is in your own organization."
            )


RULE = Rule(
    id="STS-TRUST2",
    severity="error",
    title="Outside account trusted without sts:ExternalId",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html",
    resource_types=ROLE,
    check_resource=check,
)
