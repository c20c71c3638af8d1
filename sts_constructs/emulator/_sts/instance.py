"""Instance credentials: the emulator plays EC2 and assumes an instance profile's role.

https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
"""

from __future__ import annotations

from typing import Any

from sts_constructs.emulator._decide import RoleRequest, decide_assume
from sts_constructs.emulator._decisions import DECISIONS, Decision
from sts_constructs.emulator._sessions import Session
from sts_constructs.emulator._sts._call import iam_of
from sts_constructs.emulator._sts._issue import issue_role_session
from sts_constructs.emulator._sts._verdict import enforced

__all__ = ["issue_instance_session"]


def issue_instance_session(instance: Any, *, seconds: int) -> Session:
    """Assume the instance profile's role as ``ec2.amazonaws.com`` does, for the IMDS.

    Raises ``PermissionError`` with the evaluator's reason when the trust does not allow it.
    """
    from sts_constructs.emulator._imds import EC2_SERVICE

    role = iam_of(instance.account_id).get_role(instance.role_name)
    request = RoleRequest(
        "AssumeRole",
        role.arn,
        role,
        instance.instance_id,
        seconds,
        principal=("Service", EC2_SERVICE),
        context={"sts:RoleSessionName": instance.instance_id},
    )
    principal = f"{EC2_SERVICE} for {instance.instance_id}"
    notes = (
        f"{instance.instance_id} is an emulated instance of profile {instance.profile_name}: "
        "the emulator plays EC2 and calls AssumeRole as ec2.amazonaws.com",
    )
    if enforced():
        verdict = decide_assume(request)
        DECISIONS.add(
            Decision("AssumeRole", principal, role.arn, verdict.allowed, verdict.why, notes)
        )
        if not verdict.allowed:
            raise PermissionError(verdict.why)
    session, _ = issue_role_session("us-east-1", request)
    return session
