"""Acknowledge a cdk-nag (v3) finding on the narrowest construct, with the reason beside it."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Validations
from constructs import IConstruct

__all__ = ["acknowledge"]


def acknowledge(construct: IConstruct, rule_id: str, reason: str) -> None:
    """Record that ``construct`` knowingly breaks ``rule_id``, and why.

    cdk-nag v3 reads these through CDK's ``Validations``; a reason is mandatory so the
    audit trail says why, not only that.
    """
    if len(reason.strip()) < 10:
        raise ValueError(f"reason: {reason!r} is too short to tell a reviewer why")
    Validations.of(construct).acknowledge(Acknowledgment(id=rule_id, reason=reason))
