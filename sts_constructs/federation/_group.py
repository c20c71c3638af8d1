"""What the federation token broker and the MFA session group share: their group's inline policy."""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._trust import PolicyDocument

__all__: list[str] = []


def group_inline_policy(
    scope: Construct, construct_id: str, group: iam.IGroup, document: PolicyDocument | None
) -> iam.Policy | None:
    """Attach ``document`` to ``group`` as the inline policy ``construct_id``; None without one."""
    if document is None:
        return None
    return iam.Policy(
        scope, construct_id, groups=[group], document=iam.PolicyDocument.from_json(document)
    )
