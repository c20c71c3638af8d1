"""The two halves of cross-account access checked against each other.

``verify_cross_account`` checks the roles and grants it is given. The same checks run by
themselves at synth over every role and grant of an app (``_cross_account_registry``),
except that there a grant may name a role the app does not define.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Stack

from sts_constructs._arguments import check_arguments
from sts_constructs._cross_account_grant import CrossAccountGrant
from sts_constructs._cross_account_role import CrossAccountRole
from sts_constructs.validation import is_unresolved

__all__ = ["verify_cross_account"]


def verify_cross_account(
    *, roles: Sequence[CrossAccountRole], grants: Sequence[CrossAccountGrant]
) -> None:
    """Check the two halves against each other; raise ``ValueError`` on the first mismatch.

    Every grant must name a role that exists among ``roles`` and whose trust lets the grant's
    principals in; every role that names principals must have a grant for each of them; and no
    account may hold two roles of one name (IAM names are global per account, stacks regional).
    Roles whose source account has no grant here (third parties) are not checked in reverse.
    """
    check_arguments(verify_cross_account, locals())
    verify(roles, grants, require_roles=True)


def verify(
    roles: Sequence[CrossAccountRole],
    grants: Sequence[CrossAccountGrant],
    *,
    require_roles: bool,
) -> None:
    """Check roles and grants; ``require_roles``: every grant's role must be among ``roles``."""
    by_account_and_name: dict[tuple[str, str], CrossAccountRole] = {}
    for role in roles:
        key = (role.account_id, role.role_name.lower())
        if key in by_account_and_name:
            other = by_account_and_name[key]
            raise ValueError(
                f"role_name: {role.role_name!r} is defined twice in account {role.account_id} "
                f"({other.node.path} in {Stack.of(other).region}, {role.node.path} in "
                f"{Stack.of(role).region}); IAM names are global per account: create each "
                "named role from one region only"
            )
        by_account_and_name[key] = role

    granted: set[tuple[int, str, str]] = set()
    for grant in grants:
        source = Stack.of(grant).account
        candidates = [
            role
            for role in roles
            if role.role_name == grant.role_name
            and role.path == grant.role_path
            # A role of an account-agnostic stack (a StackSet's template) is in every account.
            and (
                grant.target_account_id in (None, role.account_id) or is_unresolved(role.account_id)
            )
        ]
        if not candidates:
            if not require_roles:
                continue  # The role may be deployed by another app.
            raise ValueError(
                f"{grant.node.path}: grants sts:AssumeRole on {_describe_arn(grant)}, but no "
                "cross-account role of that account, path and name is defined"
            )
        for role in candidates:
            if not is_unresolved(source) and role.source_account_id != source:
                raise ValueError(
                    f"{grant.node.path}: grants account {source} sts:AssumeRole on "
                    f"{role.node.path}, whose trust names account {role.source_account_id}"
                )
            for kind, name in grant.grantees:
                if not _trust_admits(role, kind, name):
                    raise ValueError(
                        f"{grant.node.path}: grants {kind} {_show(name)} sts:AssumeRole on "
                        f"{role.node.path}, whose trust does not let it in (trusted roles: "
                        f"{list(role.trusted_roles)}, users: {list(role.trusted_users)})"
                    )
                granted.add((id(role), kind, name.lower()))

    grant_sources = {Stack.of(grant).account for grant in grants}
    for role in roles:
        if role.source_account_id not in grant_sources:
            continue  # A third party or an account outside this app grants on its own.
        named = [("role", n) for n in role.trusted_roles] + [
            ("user", n) for n in role.trusted_users
        ]
        for wanted, name in named:
            if (id(role), wanted, name.lower()) not in granted:
                raise ValueError(
                    f"{role.node.path}: trusts {wanted} {name!r} of account "
                    f"{role.source_account_id}, but no grant there lets it assume the role"
                )
        if role.trusts_whole_account and not any(key[0] == id(role) for key in granted):
            raise ValueError(
                f"{role.node.path}: trusts account {role.source_account_id}, but no grant there "
                "names the role"
            )


def _trust_admits(role: CrossAccountRole, kind: str, name: str) -> bool:
    if role.trusts_whole_account:
        return True
    if kind == "group":
        return False  # A group's members are users the trust cannot name in advance.
    if is_unresolved(name):
        return True  # A generated name: only known at deploy time.
    if kind == "role":
        return name.lower() in {n.lower() for n in role.trusted_roles}
    return name.lower() in {n.lower() for n in role.trusted_users}


def _show(name: str) -> str:
    return "(a name known at deploy time)" if is_unresolved(name) else repr(name)


def _describe_arn(grant: CrossAccountGrant) -> str:
    account = grant.target_account_id or f"any account of {grant.organization_id}"
    return f"role {grant.role_path}{grant.role_name} in {account}"
