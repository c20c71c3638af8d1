"""Check CloudFormation templates for risky STS trust and IAM/STS limits, at synth time.

Three ways in, one engine:

- ``check_template`` / ``check_file`` / ``check_assembly`` / ``check_paths``: the engine, over a
  template dict, a JSON or YAML file, or a ``cdk.out`` directory; it never imports aws_cdk.
- ``StsTrustChecks``: a CDK policy-validation plugin, so ``cdk synth`` fails on errors;
  ``sts_constructs.acknowledge(construct, rule_id, reason)`` accepts a finding with a reason.
- ``assert_no_sts_findings``: a helper for your own pytest suite.

Every rule is listed in ``RULES`` and in docs/RULES.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..template import TemplateError, load_template, parse_template
from ._engine import (
    ACKNOWLEDGE_METADATA_KEY,
    PLUGIN_NAME,
    CheckSummary,
    StackTemplate,
    check_assembly,
    check_file,
    check_paths,
    check_template,
    read_assembly,
)
from ._finding import Finding, Rule, Severity
from ._limits import Limits
from .rules import RULES, rule_by_id
from .testing import assert_no_sts_findings, format_findings

if TYPE_CHECKING:
    from .plugin import StsTrustChecks

__all__ = [
    "ACKNOWLEDGE_METADATA_KEY",
    "PLUGIN_NAME",
    "RULES",
    "CheckSummary",
    "Finding",
    "Limits",
    "Rule",
    "Severity",
    "StackTemplate",
    "StsTrustChecks",
    "TemplateError",
    "assert_no_sts_findings",
    "check_assembly",
    "check_file",
    "check_paths",
    "check_template",
    "format_findings",
    "load_template",
    "parse_template",
    "read_assembly",
    "rule_by_id",
]

# The plugin needs aws_cdk (seconds to import); load it only when asked for.
_LAZY = {"StsTrustChecks"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import plugin

        return getattr(plugin, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
