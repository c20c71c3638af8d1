"""Every cross-account role and grant of an app, checked against each other at synth.

Each ``CrossAccountRole`` and ``CrossAccountGrant`` registers itself here; the first one of
an app adds one validation to the app's root (``node.add_validation``, as aws-iam's role.ts
does for its own checks), so the halves are checked without the user calling
``verify_cross_account``. A grant may name a role this app does not define: another app may
deploy it.
"""

from __future__ import annotations

import weakref
from typing import Any

import jsii
from constructs import Construct, IConstruct, IValidation

__all__ = ["register"]


def register(construct: Construct) -> None:
    """Add ``construct`` (a cross-account role or grant) to its app's synth-time check."""
    root = construct.node.root
    check = _CHECKS.get(root)
    if check is None:
        check = _CHECKS[root] = _AppCheck()
        root.node.add_validation(check)
    check.members.append(construct)


@jsii.implements(IValidation)
class _AppCheck:
    """Check every cross-account role and grant of one app against each other."""

    def __init__(self) -> None:
        self.members: list[Any] = []

    def validate(self) -> list[str]:
        """Return the first mismatch as one error line, or nothing."""
        from sts_constructs._cross_account_check import verify
        from sts_constructs._cross_account_role import CrossAccountRole

        roles = [m for m in self.members if isinstance(m, CrossAccountRole)]
        grants = [m for m in self.members if not isinstance(m, CrossAccountRole)]
        try:
            verify(roles, grants, require_roles=False)
        except ValueError as error:
            return [str(error)]
        return []


_CHECKS: weakref.WeakKeyDictionary[IConstruct, _AppCheck] = weakref.WeakKeyDictionary()
