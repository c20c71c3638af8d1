"""Centralized root access: let a security team run named root tasks on member accounts.

``sts:AssumeRoot`` (called from the management account or the delegated administrator for
IAM, on a Regional STS endpoint) returns a root session of a member account, scoped to one
AWS managed *task policy* and at most 900 seconds long. The identity policy here allows it on
the named member accounts for the named task policies only (``sts:TaskPolicyArn``).
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._arguments import check_arguments
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._cross_account_shared import partition_of
from sts_constructs._policy_values import one_or_list
from sts_constructs._role_interface import role_of
from sts_constructs.validation import (
    ROOT_SESSION_MAX_SECONDS,
    RootTaskPolicy,
    require_unique,
    root_task_policy_arn,
    validate_account_id,
    validate_partition,
)

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument

__all__ = ["AssumeRootPolicy", "RootTaskPolicy", "assume_root_policy_document"]


def assume_root_policy_document(
    *,
    member_account_ids: Sequence[str],
    task_policies: Sequence[RootTaskPolicy | str],
    partition: str = "aws",
) -> PolicyDocument:
    """Return an identity policy allowing ``sts:AssumeRoot`` on these accounts for these tasks.

    The session lasts at most ``ROOT_SESSION_MAX_SECONDS`` (900 seconds); STS enforces it.
    https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html

    Args:
        member_account_ids: 12-digit IDs of the member accounts (the ``TargetPrincipal`` of
            ``AssumeRoot``); required, not empty, no wildcard, each named once.
        task_policies: ``RootTaskPolicy`` values (or their names, such as
            ``"S3UnlockBucketPolicy"``) a root session may be scoped to
            (``sts:TaskPolicyArn``); required, not empty, each named once.
        partition: The partition the ARNs are built in: ``aws``, ``aws-cn``, ``aws-us-gov``
            ... (a token such as ``Aws.PARTITION`` is taken as is). Default: ``"aws"``, the
            commercial partition.

    Raises:
        ValueError: an empty ``member_account_ids`` or ``task_policies``, an account ID that
            is not 12 digits, a name that is not a ``RootTaskPolicy``, an account or task
            policy named twice, or a partition that is not one.
    """
    validate_partition("partition", partition)
    if not member_account_ids:
        raise ValueError(
            "member_account_ids: [] names nothing; name the member accounts the team may "
            "act on as root"
        )
    for i, account in enumerate(member_account_ids):
        validate_account_id(f"member_account_ids[{i}]", account)
    require_unique("member_account_ids", member_account_ids)
    if not task_policies:
        raise ValueError(
            "task_policies: [] names nothing; name the root task policies "
            f"({', '.join(t.value for t in RootTaskPolicy)})"
        )
    arns = []
    for i, task in enumerate(task_policies):
        try:
            arns.append(root_task_policy_arn(task, partition))
        except ValueError as error:
            raise ValueError(f"task_policies[{i}]{str(error).removeprefix('task')}") from None
    require_unique("task_policies", arns)
    resources = [f"arn:{partition}:iam::{account}:root" for account in member_account_ids]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AssumeRootForNamedTasks",
                "Effect": "Allow",
                "Action": "sts:AssumeRoot",
                "Resource": one_or_list(resources),
                "Condition": {"StringEquals": {"sts:TaskPolicyArn": one_or_list(arns)}},
            }
        ],
    }


class AssumeRootPolicy(Construct, NamedInErrors):
    """Define a managed policy that lets its holders call ``sts:AssumeRoot`` for named tasks.

    Attach it to the security team's role (``roles``) in the management account or the
    delegated administrator account for IAM; centralized root access must be turned on in the
    organization (``aws iam enable-organizations-root-sessions``). Root sessions last at most
    15 minutes (``ROOT_SESSION_MAX_SECONDS``) and need a Regional STS endpoint. The policy is
    ``assume_root_policy_document`` in the stack's partition, or in ``partition``.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html

    Args:
        member_account_ids: 12-digit IDs of the member accounts the holders may act on as
            root; required, not empty, no wildcard, each named once.
        task_policies: ``RootTaskPolicy`` values (or their names) a root session may be
            scoped to; required, not empty, each named once.
        partition: The partition the ARNs (member accounts' roots, task policies) are built
            in: ``aws``, ``aws-cn``, ``aws-us-gov`` ... Default: this stack's partition
            (``AWS::Partition``).
        roles: Roles to attach the policy to: ``iam.IRole`` objects or this package's role
            constructs. Default: none.
        groups: Groups to attach the policy to. Default: none.
        description: The managed policy's description. Default: a generated one naming the
            tasks (``sts:AssumeRoot on member accounts for: ...``).

    Raises:
        TypeError: an argument of the wrong type (a string where a list is expected, say).
        ValueError: an empty ``member_account_ids`` or ``task_policies``, an account ID that
            is not 12 digits, a name that is not a ``RootTaskPolicy``, an account or task
            policy named twice, a partition that is not one, or a role that is neither an
            ``iam.IRole`` nor a role construct.
    """

    MAX_SESSION_SECONDS = ROOT_SESSION_MAX_SECONDS
    """The longest root session STS issues (900 seconds)."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        member_account_ids: Sequence[str],
        task_policies: Sequence[RootTaskPolicy | str],
        partition: str | None = None,
        roles: Sequence[iam.IRole | Any] = (),
        groups: Sequence[iam.IGroup] = (),
        description: str | None = None,
    ) -> None:
        check_arguments(AssumeRootPolicy.__init__, locals())
        super().__init__(scope, construct_id)
        self.partition = partition_of(partition)
        """The partition the ARNs are built in (a token by default)."""
        self.document: PolicyDocument = assume_root_policy_document(
            member_account_ids=member_account_ids,
            task_policies=task_policies,
            partition=self.partition,
        )
        """The policy document (plain data; its ARNs hold the partition token by default)."""
        tasks = ", ".join(RootTaskPolicy(t).value for t in task_policies)
        self.policy = iam.ManagedPolicy(
            self,
            "Resource",
            description=description or f"sts:AssumeRoot on member accounts for: {tasks}",
            document=iam.PolicyDocument.from_json(self.document),
            roles=[role_of(f"roles[{i}]", role) for i, role in enumerate(roles)] or None,
            groups=list(groups) or None,
        )
        """The underlying ``iam.ManagedPolicy``."""

    @property
    def managed_policy_arn(self) -> str:
        """The policy's ARN (a token until deploy)."""
        return self.policy.managed_policy_arn
