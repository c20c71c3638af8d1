"""Decide IAM requests locally: the one place where sts-constructs decides "allowed".

Plain data in (policy documents as parsed JSON), decision out; no CDK, no boto3.
"""

from __future__ import annotations

from .operators import BaseOperator, Operator, parse_operator

__all__ = ["BaseOperator", "Operator", "parse_operator"]
