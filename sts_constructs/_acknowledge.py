"""Acknowledge a finding on the narrowest construct, with the reason beside it."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Validations
from constructs import IConstruct

from sts_constructs.checks import PLUGIN_NAME, rule_by_id

__all__ = ["acknowledge"]

_MIN_REASON_CHARS = 10


def acknowledge(construct: IConstruct, rule_id: str, reason: str) -> None:
    """Record that ``construct`` (and what is below it) knowingly breaks ``rule_id``, and why.

    ``rule_id`` is a cdk-nag v3 ID (``AwsSolutions-IAM5``, or a finding of it such as
    ``AwsSolutions-IAM5[Action::s3:List*]``) or one of our trust checks (``STS-IAM3``, filed
    as ``sts-constructs::STS-IAM3``, the ID CDK's validation report suggests). Both plugins
    read it through CDK's ``Validations``. A reason is mandatory: the audit trail says why.
    """
    if rule_id.startswith("STS-"):
        try:
            rule_by_id(rule_id)
        except KeyError as error:
            raise ValueError(f"rule_id: {error.args[0]}") from None
        rule_id = f"{PLUGIN_NAME}::{rule_id}"
    if len(reason.strip()) < _MIN_REASON_CHARS:
        raise ValueError(
            f"reason: {reason!r} is too short; say why the finding is acceptable "
            f"(at least {_MIN_REASON_CHARS} characters)"
        )
    Validations.of(construct).acknowledge(Acknowledgment(id=rule_id, reason=reason))
