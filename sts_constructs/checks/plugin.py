"""The CDK policy-validation plugin: run the checks on every template ``cdk synth`` writes.

::

    app = App()
    Validations.of(app).add_plugins(StsTrustChecks())
    # or, on older code: App(policy_validation_beta1=[StsTrustChecks()])

Errors fail the synth; warnings are printed. Acknowledge a finding on the construct that
causes it (or any ancestor), with the reason::

    sts_constructs.acknowledge(user, "STS-IAM3", "Sandbox CI user; key rotated by ...")

which is CDK's own ``Validations.of(user).acknowledge(Acknowledgment(id=
"sts-constructs::STS-IAM3", reason=...))`` (the ID CDK's report suggests). IDs without the
``sts-constructs::`` prefix are honoured too, as cdk-nag v3 does.

This module imports aws_cdk; the rest of ``sts_constructs.checks`` does not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii

from ..template import TemplateError
from ..validation import validate_account_id, validate_principal_org_id
from ._assembly import PLUGIN_NAME, StackTemplate, read_assembly
from ._engine import check_stacks
from ._finding import Finding, Rule
from ._limits import Limits
from .rules import RULES, rule_by_id

__all__ = ["StsTrustChecks"]


def _version() -> str:
    try:
        return metadata.version("sts-constructs")
    except metadata.PackageNotFoundError:
        return "0.0.0"


@jsii.implements(cdk.IPolicyValidationPlugin, cdk.IPolicyValidationPluginBeta1)
class StsTrustChecks:
    """Define a CDK validation plugin that fails ``cdk synth`` on risky trust or broken limits.

    ``limits`` (default: AWS's default quotas) and ``rules`` (default: all of ``RULES``)
    tune what is checked. Each stack's own account comes from its environment, when set;
    the accounts of every stack of the app, and ``own_accounts`` (12-digit IDs, default
    none), are the user's own, so trust between them is first party (STS-TRUST2);
    ``organization_ids`` (default none: any organization) are the user's organizations for
    ``aws:PrincipalOrgID``. Raises ``ValueError`` naming a malformed account or org ID.
    """

    def __init__(
        self,
        *,
        limits: Limits | None = None,
        rules: Sequence[Rule] = RULES,
        own_accounts: Sequence[str] = (),
        organization_ids: Sequence[str] = (),
    ) -> None:
        for account in own_accounts:
            validate_account_id("own_accounts", account)
        for org in organization_ids:
            validate_principal_org_id("organization_ids", org)
        self._limits = limits or Limits()
        self._rules = tuple(rules)
        self._own_accounts = frozenset(own_accounts)
        self._organization_ids = frozenset(organization_ids)

    @property
    def name(self) -> str:
        """Return the plugin's name, which is also the namespace of its acknowledgment IDs."""
        return PLUGIN_NAME

    @property
    def version(self) -> str:
        """Return the installed sts-constructs version."""
        return _version()

    @property
    def rule_ids(self) -> list[str]:
        """Return the IDs of the rules this plugin runs."""
        return [rule.id for rule in self._rules]

    def validate(self, context: Any) -> cdk.PolicyValidationPluginReport:
        """Check every template of the synthesized app and report findings as violations."""
        assemblies: dict[Path, dict[str, StackTemplate]] = {}
        templates = _templates(context)
        own = set(self._own_accounts) | {account for _, account in templates if account}
        for template_path, _ in templates:
            path = Path(template_path)
            if path.parent not in assemblies:
                try:
                    assemblies[path.parent] = {s.path.name: s for s in read_assembly(path.parent)}
                except TemplateError:
                    assemblies[path.parent] = {}
            own.update(s.account_id for s in assemblies[path.parent].values() if s.account_id)
        stacks: list[StackTemplate] = []
        for template_path, account in templates:
            path = Path(template_path)
            stack = assemblies[path.parent].get(path.name, StackTemplate(path))
            stacks.append(StackTemplate(path, account or stack.account_id, stack.acknowledgments))
        # Checked together: a principal's inline policies add up across one account's stacks.
        findings = check_stacks(
            stacks,
            limits=self._limits,
            rules=self._rules,
            own_accounts=own,
            organization_ids=self._organization_ids,
        )
        return _report(findings)


def _templates(context: Any) -> list[tuple[str, str | None]]:
    stacks = getattr(context, "stack_templates", None)
    if stacks:
        return [(s.template_path, s.account_id) for s in stacks]
    return [(path, None) for path in context.template_paths]


def _report(findings: Sequence[Finding]) -> cdk.PolicyValidationPluginReport:
    grouped: Mapping[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[(finding.rule, finding.severity, finding.message)].append(finding)
    violations = []
    for (rule_id, severity, message), group in grouped.items():
        rule = rule_by_id(rule_id)
        violations.append(
            cdk.PolicyViolation(
                rule_name=rule_id,
                description=message,
                fix=f"{rule.title}: see {rule.link}",
                severity=severity,
                rule_metadata={"title": rule.title, "link": rule.link},
                violating_resources=[
                    cdk.PolicyViolatingResource(
                        template_path=finding.template,
                        resource_logical_id=finding.resource or None,
                        locations=["Resources"] if not finding.resource else ["Properties"],
                    )
                    for finding in group
                ],
            )
        )
    return cdk.PolicyValidationPluginReport(
        success=not any(finding.severity == "error" for finding in findings),
        violations=violations,
        plugin_version=_version(),
    )
