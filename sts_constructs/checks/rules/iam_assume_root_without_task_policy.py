"""STS-IAM10: ``sts:AssumeRoot`` allowed without an ``sts:TaskPolicyArn`` condition.

A root session of a member account is scoped by the task policy the caller asks for; without
a condition on ``sts:TaskPolicyArn`` the holder may pick any of them (delete the root user's
credentials, unlock any bucket policy ...), on every account the ``Resource`` names.
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase

from .._context import ResourceContext
from .._finding import Rule
from ._common import only_wildcards
from ._identity import IDENTITY_POLICY_TYPES, statements_allowing

_TASKS = (
    "IAMAuditRootUserCredentials",
    "IAMCreateRootUserPassword",
    "IAMDeleteRootUserCredentials",
    "S3UnlockBucketPolicy",
    "SQSUnlockQueuePolicy",
)
_RESTRICTING = {"StringEquals", "StringLike", "ArnEquals", "ArnLike"}


def _matches_every_task(pattern: str) -> bool:
    """Return whether an ARN pattern such as ``...:policy/root-task/*`` allows all tasks."""
    return all(
        fnmatchcase(f"arn:aws:iam::aws:policy/root-task/{task}".lower(), pattern.lower())
        for task in _TASKS
    )


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per statement allowing AssumeRoot without a task-policy condition."""
    for place, statement in statements_allowing(resource, "sts:AssumeRoot"):
        scoped = False
        for condition in statement.conditions_on("sts:TaskPolicyArn"):
            if condition.qualifier or condition.if_exists or condition.base not in _RESTRICTING:
                continue
            values = condition.literal_values()
            if len(values) < len(condition.values):
                scoped = True  # A value known at deploy time only: not judged.
            elif values and not any(only_wildcards(v) or _matches_every_task(v) for v in values):
                scoped = True
        if not scoped:
            yield (
                f"{place} allows sts:AssumeRoot without a StringEquals condition on "
                "sts:TaskPolicyArn. Its holder can open a root session of the member accounts "
                "with any task policy (delete root credentials, unlock bucket and queue "
                'policies). Add "StringEquals": {"sts:TaskPolicyArn": '
                '"arn:aws:iam::aws:policy/root-task/<the task>"}.'
            )


RULE = Rule(
    id="STS-IAM10",
    severity="error",
    title="sts:AssumeRoot allowed without an sts:TaskPolicyArn condition",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html",
    resource_types=IDENTITY_POLICY_TYPES,
    check_resource=check,
)
