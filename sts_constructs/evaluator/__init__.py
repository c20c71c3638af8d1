"""Decide IAM requests locally: the one place where sts-constructs decides "allowed".

Plain data in (policy documents as parsed JSON), a decision out; no CDK, no boto3, and
importing it is cheap (moto's managed-policy data is read only when a managed policy is
named). The checks, ``sts-constructs explain``/``graph`` and the local STS emulator all ask
this package, so they never disagree.

Concrete mode::

    from sts_constructs.evaluator import Request, evaluate

    decision = evaluate(
        Request(
            "s3:GetObject",
            "arn:aws:s3:::bucket/key",
            principal="arn:aws:sts::111111111111:assumed-role/Reader/alice",
            context={"aws:MultiFactorAuthPresent": True, "aws:TagKeys": ["team"]},
        ),
        identity=[{"Version": "2012-10-17", "Statement": [...]}, "ReadOnlyAccess"],
        resource=bucket_policy,  # or None
    )
    decision.allowed, decision.reason, decision.allowed_by, decision.failed_conditions

STS calls (what the emulator asks)::

    from sts_constructs.evaluator import decide_sts

    decision = decide_sts(
        "sts:AssumeRole",
        caller="arn:aws:iam::111111111111:user/alice",
        role_arn="arn:aws:iam::222222222222:role/Deploy",
        trust_policy=trust,  # parsed JSON
        identity=[alice_policy],  # the caller's inline, managed and group policies
        context={"aws:MultiFactorAuthPresent": True},
        external_id="partner-7",
        duration_seconds=3600,
        role_max_session_seconds=43200,
    )
    decision.allowed, decision.error_code, decision.missing, decision.max_session_seconds

Symbolic mode (which conditions must hold; what ``explain`` prints)::

    access = evaluate_symbolic(Request("sts:AssumeRole", role_arn, principal=user, partial=True),
                               resource=trust, identity=user_policies)
    for alternative in access.alternatives:
        print([str(term) for term in alternative.conditions])

AWS's "Policy evaluation logic":
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""

from __future__ import annotations

from ._conditions import ConditionTerm
from ._context import Context
from ._engine import Alternative, SymbolicAccess, evaluate, evaluate_symbolic, statements_of
from ._model import (
    Decision,
    FailedCondition,
    Policy,
    PolicyInput,
    PolicyKind,
    Principal,
    PrincipalType,
    Request,
    StatementRef,
)
from ._sts import STS_ACTIONS, StsDecision, decide_sts
from .managed import aws_managed_policy
from .operators import BaseOperator, Operator, parse_operator

__all__ = [
    "STS_ACTIONS",
    "Alternative",
    "BaseOperator",
    "ConditionTerm",
    "Context",
    "Decision",
    "FailedCondition",
    "Operator",
    "Policy",
    "PolicyInput",
    "PolicyKind",
    "Principal",
    "PrincipalType",
    "Request",
    "StatementRef",
    "StsDecision",
    "SymbolicAccess",
    "aws_managed_policy",
    "decide_sts",
    "evaluate",
    "evaluate_symbolic",
    "parse_operator",
    "statements_of",
]
