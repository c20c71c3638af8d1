"""Run the rules over a template dict, a template file or a cloud assembly (``cdk.out``).

This module and the rules import nothing from ``aws_cdk``: ``sts-constructs check`` stays fast.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict, Unpack

from ..template import load_template
from ._across import AccountTotals, account_totals
from ._assembly import StackTemplate, read_assembly
from ._context import ResourceContext, TemplateContext
from ._finding import Finding, Rule
from ._limits import Limits
from .rules import RULES
from .rules._inline_totals import PrincipalKey, over_quota
from .rules.limit_inline_policy_total import RULE as INLINE_TOTAL_RULE

__all__ = [
    "ACKNOWLEDGE_METADATA_KEY",
    "CheckSummary",
    "check_assembly",
    "check_file",
    "check_paths",
    "check_template",
]

# Resource Metadata for templates not written by the CDK:
#   Metadata: {"sts-constructs:acknowledge": [{"rule": "STS-IAM3", "reason": "..."}]}
ACKNOWLEDGE_METADATA_KEY = "sts-constructs:acknowledge"

Acknowledgments = Mapping[str, Mapping[str, str]]  # logical ID -> rule ID -> reason


class CheckOptions(TypedDict, total=False):
    """The options ``check_file``, ``check_assembly`` and ``check_paths`` take, each passed on
    to ``check_template`` (which says what they mean and their defaults)."""

    account_id: str | None
    limits: Limits | None
    rules: Sequence[Rule]
    own_accounts: Collection[str]
    organization_ids: Collection[str]
    summary: CheckSummary | None


def check_template(
    template: Mapping[str, Any],
    *,
    name: str = "<template>",
    account_id: str | None = None,
    limits: Limits | None = None,
    rules: Sequence[Rule] = RULES,
    size_bytes: int | None = None,
    acknowledgments: Acknowledgments | None = None,
    own_accounts: Collection[str] = (),
    organization_ids: Collection[str] = (),
    summary: CheckSummary | None = None,
) -> list[Finding]:
    """Return the findings of ``rules`` on one template, sorted, acknowledged ones left out.

    ``account_id`` is the stack's own account, when known, and ``own_accounts`` the user's
    other accounts (``organization_ids`` their organizations), so trust in other accounts
    can be told apart; ``size_bytes`` the size of the template as deployed. ``acknowledgments`` maps
    logical IDs (``""`` for the template itself) to ``{rule ID: reason}``; resources, and the
    template, can also carry their own in the Metadata entry
    ``sts-constructs:acknowledge: [{rule, reason}]``. ``summary``, when given, counts what
    was read and acknowledged, and which rules could not fully run.
    """
    context = TemplateContext(
        name=name,
        template=template,
        limits=limits or Limits(),
        account_id=account_id,
        size_bytes=size_bytes,
        own_accounts=frozenset(own_accounts),
        organization_ids=frozenset(organization_ids),
    )
    return _check_context(context, rules, acknowledgments, summary)


def _check_context(
    context: TemplateContext,
    rules: Sequence[Rule],
    acknowledgments: Acknowledgments | None,
    summary: CheckSummary | None,
) -> list[Finding]:
    """Return the findings of ``rules`` on the template of ``context`` (see check_template)."""
    summary = summary if summary is not None else CheckSummary()
    name = context.name
    by_type: dict[str, list[Rule]] = {}
    template_rules: list[Rule] = []
    for rule in rules:
        if rule.check_template is not None:
            template_rules.append(rule)
        for resource_type in rule.resource_types:
            by_type.setdefault(resource_type, []).append(rule)

    findings: list[Finding] = []
    for logical_id, resource in context.resources.items():
        kind = resource.get("Type")
        applicable = by_type.get(kind, []) if isinstance(kind, str) else []
        if not applicable:
            continue
        resource_context = ResourceContext(
            logical_id=logical_id, type=str(kind), resource=resource, template=context
        )
        acknowledged = _resource_acknowledgments(resource, acknowledgments, logical_id)
        for rule in applicable:
            messages = _run_resource(rule, resource_context)
            if rule.id in acknowledged:
                summary.acknowledged += len(messages)
                continue
            for message in messages:
                findings.append(_finding(rule, name, logical_id, message))
    for rule in template_rules:
        for logical_id, message in _run_pairs(rule, context):
            if _acknowledged(context, acknowledgments, rule.id, logical_id):
                summary.acknowledged += 1
            else:
                findings.append(_finding(rule, name, logical_id, message))
    summary.templates += 1
    summary.resources += len(context.resources)
    roles = any(r.get("Type") == "AWS::IAM::Role" for r in context.resources.values())
    if roles and not context.knows_own_accounts and any(r.id == "STS-TRUST2" for r in rules):
        summary.limited.setdefault(
            "STS-TRUST2",
            "no own account known, so every account in a trust was judged outside (give the "
            "stacks an env, or --account-id / --own-account)",
        )
    return sorted(findings)


def _finding(rule: Rule, template: str, resource: str, message: str) -> Finding:
    return Finding(
        rule=rule.id, severity=rule.severity, template=template, resource=resource, message=message
    )


def _run_resource(rule: Rule, resource: ResourceContext) -> list[str]:
    """Return a rule's messages; a rule that fails reports that as a finding, never raises."""
    assert rule.check_resource is not None
    try:
        return [str(message) for message in rule.check_resource(resource)]
    except Exception as error:
        return [_crash_message(rule, error)]


def _run_pairs(rule: Rule, context: TemplateContext) -> list[tuple[str, str]]:
    assert rule.check_template is not None
    try:
        return [(str(resource), str(message)) for resource, message in rule.check_template(context)]
    except Exception as error:
        return [("", _crash_message(rule, error))]


def _crash_message(rule: Rule, error: Exception) -> str:
    return (
        f"rule {rule.id} could not read this input ({type(error).__name__}: {error}), so it "
        "was not checked. This is a bug in sts-constructs: please report it with the template."
    )


def _acknowledged(
    context: TemplateContext, given: Acknowledgments | None, rule_id: str, logical_id: str
) -> bool:
    """Return whether ``rule_id`` is acknowledged on the resource (``""``: the template)."""
    holder = context.resources.get(logical_id, {}) if logical_id else context.template
    return rule_id in _resource_acknowledgments(holder, given, logical_id)


def _resource_acknowledgments(
    resource: Mapping[str, Any], given: Acknowledgments | None, logical_id: str
) -> dict[str, str]:
    acknowledged = dict(given.get(logical_id, {})) if given else {}
    metadata = resource.get("Metadata")
    if isinstance(metadata, dict):
        entries = metadata.get(ACKNOWLEDGE_METADATA_KEY)
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("rule"), str):
                reason = entry.get("reason")
                if isinstance(reason, str) and reason.strip():
                    acknowledged[entry["rule"]] = reason
    return acknowledged


@dataclass
class CheckSummary:
    """Count what a check read: templates, resources, findings acknowledged (left out).

    ``limited`` maps a rule ID to why it could not fully run (``STS-TRUST2``: no own account
    known). Pass one to ``check_template``/``check_file``/``check_assembly``/``check_paths``.
    """

    templates: int = 0
    resources: int = 0
    acknowledged: int = 0
    limited: dict[str, str] = field(default_factory=dict)


def check_file(
    path: str | Path,
    *,
    acknowledgments: Acknowledgments | None = None,
    **options: Unpack[CheckOptions],
) -> list[Finding]:
    """Return the findings on the template file at ``path`` (JSON or YAML).

    ``acknowledgments`` and ``options`` are those of ``check_template``. Raises
    ``TemplateError`` when the file cannot be read or is not a template.
    """
    template, size = _load(path)
    return check_template(
        template,
        name=str(path),
        size_bytes=size,
        acknowledgments=acknowledgments,
        **options,
    )


def _load(path: str | Path) -> tuple[Mapping[str, Any], int | None]:
    """Return the template at ``path`` and its size in bytes (``None`` if unknown)."""
    template = load_template(path)
    try:
        return template, Path(path).stat().st_size
    except OSError:
        return template, None


def check_assembly(directory: str | Path, **options: Unpack[CheckOptions]) -> list[Finding]:
    """Return the findings on every template of the cloud assembly in ``directory``.

    Each stack's own account comes from its environment in ``manifest.json`` (or
    ``account_id`` for environment-agnostic stacks); the accounts of all its stacks, with
    ``own_accounts``, are the user's own, so trust between them is first party. CDK
    acknowledgments (``Validations.of(construct).acknowledge(...)``) are honoured. The
    stacks are checked together (see ``check_stacks``). The ``options`` are those of
    ``check_template``.
    """
    return check_stacks(read_assembly(directory), **options)


def check_stacks(stacks: Sequence[StackTemplate], **options: Unpack[CheckOptions]) -> list[Finding]:
    """Return the findings on the templates of ``stacks`` (as ``read_assembly`` returns them),
    checked together: the accounts of all of them, with ``own_accounts``, are the user's own.

    STS-LIMIT3 adds up a principal's inline policies across the templates of one account (a
    stack's own, else ``account_id``; a template of unknown account is an account of its own)
    and reports a principal over its quota once, on the principal where a template defines
    it, else on its largest policy. The ``options`` are those of ``check_template``; raises
    ``TemplateError`` for the first template that cannot be read.
    """
    account_id = options.get("account_id")
    own = {*options.get("own_accounts", ()), *(s.account_id for s in stacks if s.account_id)}
    if account_id:
        own.add(account_id)
    limits = options.get("limits") or Limits()
    rules = options.get("rules", RULES)
    summary = options.get("summary") or CheckSummary()
    contexts: list[TemplateContext] = []
    for stack in stacks:
        template, size = _load(stack.path)
        contexts.append(
            TemplateContext(
                name=str(stack.path),
                template=template,
                limits=limits,
                account_id=stack.account_id or account_id,
                size_bytes=size,
                own_accounts=frozenset(own),
                organization_ids=frozenset(options.get("organization_ids", ())),
            )
        )
    total_rule = next((rule for rule in rules if rule.id == INLINE_TOTAL_RULE.id), None)
    shared, totals = _account_totals(contexts if total_rule else [])
    findings: list[list[Finding]] = []
    for index, (stack, context) in enumerate(zip(stacks, contexts, strict=True)):
        if shared.get(index):
            context = replace(context, shared_principals=shared[index])
        findings.append(_check_context(context, rules, stack.acknowledgments, summary))
    by_name = {context.name: index for index, context in enumerate(contexts)}
    for account, total in totals:
        assert total_rule is not None
        message = over_quota(total, limits, account=account)
        if message is None:
            continue
        template_name, logical_id = total.anchor
        index = by_name[template_name]
        acknowledgments = stacks[index].acknowledgments
        if _acknowledged(contexts[index], acknowledgments, total_rule.id, logical_id):
            summary.acknowledged += 1
        else:
            findings[index].append(_finding(total_rule, template_name, logical_id, message))
    return [finding for found in findings for finding in sorted(found)]


def _account_totals(
    contexts: Sequence[TemplateContext],
) -> tuple[dict[int, frozenset[PrincipalKey]], AccountTotals]:
    """Return ``account_totals`` by template index; when it cannot read an input, nothing is
    shared, so STS-LIMIT3 reports that per template."""
    try:
        shared, totals = account_totals(contexts)
    except Exception:
        return {}, []
    return dict(enumerate(shared)), totals


def check_paths(paths: Iterable[str | Path], **options: Unpack[CheckOptions]) -> list[Finding]:
    """Return the findings on each path: a template file, or a ``cdk.out`` directory.

    The ``options`` are those of ``check_template``. Raises ``TemplateError`` for the first
    path that cannot be read.
    """
    findings: list[Finding] = []
    for path in paths:
        target = Path(path)
        if target.is_dir():
            findings.extend(check_assembly(target, **options))
        elif target.name == "manifest.json":
            findings.extend(check_assembly(target.parent, **options))
        else:
            findings.extend(check_file(target, **options))
    return findings
