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

from typing import TYPE_CHECKING

from sts_constructs._lazy import lazy_exports

# The one list of public names (read by ``lazy_exports``): each from the module it lives in.
if TYPE_CHECKING:
    from sts_constructs.evaluator._conditions import ConditionTerm as ConditionTerm
    from sts_constructs.evaluator._context import Context as Context
    from sts_constructs.evaluator._engine import SymbolicAccess as SymbolicAccess
    from sts_constructs.evaluator._engine import evaluate as evaluate
    from sts_constructs.evaluator._engine import evaluate_symbolic as evaluate_symbolic
    from sts_constructs.evaluator._flow import Alternative as Alternative
    from sts_constructs.evaluator._match import statements_of as statements_of
    from sts_constructs.evaluator._model import Decision as Decision
    from sts_constructs.evaluator._model import FailedCondition as FailedCondition
    from sts_constructs.evaluator._model import Policy as Policy
    from sts_constructs.evaluator._model import PolicyInput as PolicyInput
    from sts_constructs.evaluator._model import PolicyKind as PolicyKind
    from sts_constructs.evaluator._model import Request as Request
    from sts_constructs.evaluator._model import StatementRef as StatementRef
    from sts_constructs.evaluator._principal import Principal as Principal
    from sts_constructs.evaluator._principal import PrincipalType as PrincipalType
    from sts_constructs.evaluator._sts import decide_sts as decide_sts
    from sts_constructs.evaluator._sts_decision import STS_ACTIONS as STS_ACTIONS
    from sts_constructs.evaluator._sts_decision import StsDecision as StsDecision
    from sts_constructs.evaluator.managed import aws_managed_policy as aws_managed_policy
    from sts_constructs.evaluator.operators import BaseOperator as BaseOperator
    from sts_constructs.evaluator.operators import Operator as Operator
    from sts_constructs.evaluator.operators import parse_operator as parse_operator

__all__, __getattr__, __dir__ = lazy_exports(__name__, __file__)
