"""STS-IAM2: identity policies that allow known IAM privilege-escalation actions.

Each action below lets its holder raise their own permissions: rewrite a policy they are
subject to, attach a managed policy, mint credentials for another user, or rewrite who may
assume a role (Rhino Security Labs' list of IAM privilege-escalation methods).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...template import action_matches
from .._context import ResourceContext
from .._finding import Rule
from ._identity import IDENTITY_POLICY_TYPES, allow_identity_statements

ESCALATION_ACTIONS = (
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicyVersion",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:PutGroupPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
)


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per statement that allows one or more escalation actions."""
    for place, statement in allow_identity_statements(resource):
        actions = statement.literal_actions()
        if statement.not_action:
            granted = [
                a for a in ESCALATION_ACTIONS if not any(action_matches(p, a) for p in actions)
            ]
        else:
            granted = [a for a in ESCALATION_ACTIONS if any(action_matches(p, a) for p in actions)]
        if not granted:
            continue
        shown = ", ".join(granted[:4]) + (
            f" and {len(granted) - 4} more" if len(granted) > 4 else ""
        )
        yield (
            f"{place} allows {shown}. These let whoever holds the policy grant themselves more "
            "permissions (rewrite or attach a policy, mint credentials, change a role's trust), so "
            "the policy is as strong as an administrator's. Scope the actions to named resources "
            "with a permissions boundary, or acknowledge this finding with the reason."
        )


RULE = Rule(
    id="STS-IAM2",
    severity="warning",
    title="Known IAM privilege-escalation action allowed",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
    resource_types=IDENTITY_POLICY_TYPES,
    check_resource=check,
)
