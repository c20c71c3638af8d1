"""One role, several trusts: the same workload from several clusters, issuers or services.

A role's trust policy may hold several statements; any one of them lets its principal in. Use
it for a workload that runs in several EKS clusters (one OIDC provider per cluster issuer, in
the role's account, even when the cluster lives in another account), for GitHub.com and a
GitHub Enterprise Server, or for Pod Identity next to IRSA during a migration.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sts_constructs._arguments import check_fields
from sts_constructs.validation import require_unique

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument, TrustPolicySource

__all__ = ["CombinedTrust"]


@dataclass(frozen=True, kw_only=True)
class CombinedTrust:
    """Define a trust that any of several trusts satisfies (their statements, side by side).

    Each trust keeps its own conditions: a token of cluster A must satisfy cluster A's
    statement. Statement IDs that repeat get the trust's position as a suffix
    (``EksServiceAccounts`` -> ``EksServiceAccounts1``).
    """

    trusts: Sequence[TrustPolicySource]
    """The trusts, such as one ``EksServiceAccountTrust`` per cluster. Required: two or more."""

    def __post_init__(self) -> None:
        check_fields(self)
        if len(self.trusts) < 2:
            raise ValueError(
                f"trusts: {len(self.trusts)} trust(s); combine two or more, or pass the one "
                "trust to AssumableRole directly"
            )
        for i, trust in enumerate(self.trusts):
            if not callable(getattr(trust, "policy_document", None)):
                raise ValueError(f"trusts[{i}]: {trust!r} has no policy_document()")
        require_unique(
            "trusts[].statements",
            [
                json.dumps({k: v for k, v in s.items() if k != "Sid"}, sort_keys=True, default=str)
                for s in self._statements(renumber=False)
            ],
        )

    def _statements(self, *, renumber: bool) -> list[dict[str, Any]]:
        statements: list[dict[str, Any]] = []
        seen: set[str] = set()
        for i, trust in enumerate(self.trusts):
            for statement in trust.policy_document()["Statement"]:
                statement = dict(statement)
                sid = statement.get("Sid")
                if renumber and isinstance(sid, str):
                    if sid in seen:
                        statement["Sid"] = f"{sid}{i}"
                    seen.add(statement["Sid"])
                statements.append(statement)
        return statements

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy: every statement of every trust, in order."""
        return {"Version": "2012-10-17", "Statement": self._statements(renumber=True)}
