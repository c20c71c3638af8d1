"""A helper for your own test suite: fail a test when a stack or template breaks a rule.

::

    from sts_constructs.checks import assert_no_sts_findings

    def test_stack_passes_sts_checks(stack: Stack) -> None:
        assert_no_sts_findings(stack)  # errors fail; severity="warning" fails on warnings too
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ._engine import check_paths, check_template
from ._finding import Finding, Severity
from ._limits import Limits

__all__ = ["assert_no_sts_findings", "format_findings"]


def format_findings(findings: Iterable[Finding]) -> str:
    """Return findings as plain text, grouped by template and resource."""
    lines: list[str] = []
    current: tuple[str, str] | None = None
    for finding in sorted(findings):
        where = (finding.template, finding.resource)
        if where != current:
            current = where
            lines.append(f"{finding.template} {finding.resource or '(template)'}")
        lines.append(f"  {finding.severity.upper()} {finding.rule}: {finding.message}")
    return "\n".join(lines)


def assert_no_sts_findings(
    subject: Any,
    *,
    severity: Severity = "error",
    account_id: str | None = None,
    own_accounts: Collection[str] = (),
    organization_ids: Collection[str] = (),
    limits: Limits | None = None,
) -> None:
    """Raise ``AssertionError`` listing the findings on ``subject`` at ``severity`` or worse.

    ``subject`` is a template dict, a path (template file or ``cdk.out``), an
    ``aws_cdk.assertions.Template``, or an ``aws_cdk.Stack`` (synthesized here; its
    environment's account and the acknowledgments in its construct tree are used).
    ``severity="error"`` fails on errors only; ``"warning"`` fails on warnings as well.
    ``own_accounts`` and ``organization_ids`` name the user's other accounts and
    organizations, so trust in them is first party (STS-TRUST2); an environment-agnostic
    template with none of them treats every account it trusts as not known to be yours.
    """
    if severity not in ("error", "warning"):
        raise ValueError(f"severity: {severity!r} must be 'error' or 'warning'")
    scope = _Scope(account_id, frozenset(own_accounts), frozenset(organization_ids), limits)
    findings = _findings(subject, scope)
    failing = [f for f in findings if severity == "warning" or f.severity == "error"]
    if failing:
        raise AssertionError(
            f"{len(failing)} sts-constructs finding(s):\n{format_findings(failing)}"
        )


@dataclass(frozen=True)
class _Scope:
    account_id: str | None
    own_accounts: frozenset[str]
    organization_ids: frozenset[str]
    limits: Limits | None

    def options(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "own_accounts": self.own_accounts,
            "organization_ids": self.organization_ids,
            "limits": self.limits,
        }


def _findings(subject: Any, scope: _Scope) -> list[Finding]:
    if isinstance(subject, Mapping):
        return check_template(subject, **scope.options())
    if isinstance(subject, str | Path):
        return check_paths([subject], **scope.options())
    if hasattr(subject, "to_json") and callable(subject.to_json):
        return check_template(subject.to_json(), **scope.options())
    if hasattr(subject, "node") and hasattr(subject, "resolve"):
        return _stack_findings(subject, scope)
    raise TypeError(
        f"subject: {type(subject).__name__} is not a template dict, a path, "
        "an aws_cdk.assertions.Template or an aws_cdk.Stack"
    )


def _stack_findings(stack: Any, scope: _Scope) -> list[Finding]:
    import aws_cdk as cdk
    from aws_cdk.assertions import Template

    template = Template.from_stack(stack).to_json()
    if scope.account_id is None and not cdk.Token.is_unresolved(stack.account):
        scope = replace(scope, account_id=stack.account)
    return check_template(
        template,
        name=stack.node.path,
        acknowledgments=_tree_acknowledgments(stack),
        **scope.options(),
    )


def _tree_acknowledgments(stack: Any) -> dict[str, dict[str, str]]:
    """Return, per logical ID, the rules acknowledged on a resource or its ancestors."""
    import aws_cdk as cdk

    from ._assembly import _our_rule_id

    acknowledged: dict[str, dict[str, str]] = {}
    for construct in stack.node.find_all():
        if not isinstance(construct, cdk.CfnResource):
            continue
        acks: dict[str, str] = {}
        scope: Any = construct
        while scope is not None:
            for entry in scope.node.metadata:
                if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY:
                    for rule_id, reason in dict(entry.data or {}).items():
                        own = _our_rule_id(str(rule_id))
                        if own is not None:
                            acks.setdefault(own, str(reason))
            scope = scope.node.scope
        if acks:
            acknowledged[stack.resolve(construct.logical_id)] = acks
    return acknowledged
