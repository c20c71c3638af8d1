"""Check CloudFormation templates for risky STS trust and IAM/STS limits, at synth time.

Three ways in, one engine:

- ``check_template`` / ``check_file`` / ``check_assembly`` / ``check_paths``: the engine, over a
  template dict, a JSON or YAML file, or a ``cdk.out`` directory; it never imports aws_cdk.
- ``StsTrustChecks``: a CDK policy-validation plugin, so ``cdk synth`` fails on errors;
  ``sts_constructs.acknowledge(construct, rule_id, reason)`` accepts a finding with a reason.
- ``assert_no_sts_findings``: a helper for your own pytest suite.

Every rule is listed in ``RULES`` and in docs/RULES.md. Names load lazily, through the loader
every package of sts_constructs uses (``sts_constructs._lazy``): the engine does not import
aws_cdk, and only ``StsTrustChecks`` does (seconds), on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sts_constructs._lazy import lazy_exports

if TYPE_CHECKING:
    from sts_constructs.checks._assembly import PLUGIN_NAME as PLUGIN_NAME
    from sts_constructs.checks._assembly import StackTemplate as StackTemplate
    from sts_constructs.checks._assembly import read_assembly as read_assembly
    from sts_constructs.checks._engine import ACKNOWLEDGE_METADATA_KEY as ACKNOWLEDGE_METADATA_KEY
    from sts_constructs.checks._engine import CheckSummary as CheckSummary
    from sts_constructs.checks._engine import check_assembly as check_assembly
    from sts_constructs.checks._engine import check_file as check_file
    from sts_constructs.checks._engine import check_paths as check_paths
    from sts_constructs.checks._engine import check_template as check_template
    from sts_constructs.checks._finding import Finding as Finding
    from sts_constructs.checks._finding import Rule as Rule
    from sts_constructs.checks._finding import Severity as Severity
    from sts_constructs.checks._limits import Limits as Limits
    from sts_constructs.checks.plugin import StsTrustChecks as StsTrustChecks
    from sts_constructs.checks.rules import RULES as RULES
    from sts_constructs.checks.rules import rule_by_id as rule_by_id
    from sts_constructs.checks.testing import assert_no_sts_findings as assert_no_sts_findings
    from sts_constructs.checks.testing import format_findings as format_findings
    from sts_constructs.template import TemplateError as TemplateError
    from sts_constructs.template import load_template as load_template
    from sts_constructs.template import parse_template as parse_template

__all__, __getattr__, __dir__ = lazy_exports(__name__, __file__)
