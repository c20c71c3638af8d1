"""Run the rules over a template dict, a template file or a cloud assembly (``cdk.out``).

This module and the rules import nothing from ``aws_cdk``: ``sts-constructs check`` stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..template import TemplateError, load_template
from ._context import ResourceContext, TemplateContext
from ._finding import Finding, Rule
from ._limits import Limits
from .rules import RULES

__all__ = [
    "ACKNOWLEDGE_METADATA_KEY",
    "PLUGIN_NAME",
    "CheckSummary",
    "StackTemplate",
    "check_assembly",
    "check_file",
    "check_paths",
    "check_template",
    "read_assembly",
]

PLUGIN_NAME = "sts-constructs"
# Resource Metadata for templates not written by the CDK:
#   Metadata: {"sts-constructs:acknowledge": [{"rule": "STS-IAM3", "reason": "..."}]}
ACKNOWLEDGE_METADATA_KEY = "sts-constructs:acknowledge"
# Where CDK's Validations.of(c).acknowledge(...) records acknowledgments (construct metadata).
_CDK_ACKNOWLEDGED = "aws:cdk:acknowledged-rules"
# Namespaces under which a CDK acknowledgment ID may name one of our rules: ours, and the
# "Annotation" namespace CDK gives IDs written without one (cdk-nag v3 accepts those too).
_ACK_NAMESPACES = frozenset({PLUGIN_NAME, "annotation", "construct-annotations"})

Acknowledgments = Mapping[str, Mapping[str, str]]  # logical ID -> rule ID -> reason


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
    summary = summary if summary is not None else CheckSummary()
    context = TemplateContext(
        name=name,
        template=template,
        limits=limits or Limits(),
        account_id=account_id,
        size_bytes=size_bytes,
        own_accounts=frozenset(own_accounts),
        organization_ids=frozenset(organization_ids),
    )
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
            holder: Mapping[str, Any] = (
                context.resources.get(logical_id, {}) if logical_id else template
            )
            if rule.id in _resource_acknowledgments(holder, acknowledgments, logical_id):
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


@dataclass(frozen=True)
class StackTemplate:
    """Describe one template of a cloud assembly: its file, account and acknowledgments."""

    path: Path
    account_id: str | None = None
    acknowledgments: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def read_assembly(directory: str | Path) -> list[StackTemplate]:
    """Return the templates of the cloud assembly in ``directory``, nested assemblies included.

    Reads ``manifest.json`` (stack artifacts, their environment, and construct metadata for
    acknowledgments); also picks up nested-stack templates (``*.nested.template.json``).
    Without a manifest, every ``*.template.json`` is taken. Raises ``TemplateError`` when the
    directory holds no template.
    """
    root = Path(directory)
    found = _read_assembly_dir(root, set())
    if not found:
        raise TemplateError(f"{root}: no CloudFormation template (*.template.json) in directory")
    return found


def _read_assembly_dir(root: Path, seen: set[Path]) -> list[StackTemplate]:
    """Read one assembly directory; ``seen`` holds those read (a nested one naming ``.``)."""
    resolved = root.resolve()
    if resolved in seen:
        raise TemplateError(
            f"{root}: a nested cloud assembly names a directory already read (a loop)"
        )
    seen.add(resolved)
    manifest_path = root / "manifest.json"
    if not manifest_path.exists():
        return [StackTemplate(path) for path in sorted(root.glob("*.template.json"))]
    if not manifest_path.is_file():
        raise TemplateError(f"{manifest_path}: not a regular file")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise TemplateError(f"{manifest_path}: not a readable cloud assembly manifest") from error
    if not isinstance(manifest, dict):
        raise TemplateError(
            f"{manifest_path}: a cloud assembly manifest must be a JSON object, not "
            f"{type(manifest).__name__}"
        )
    artifacts = manifest.get("artifacts")
    if not isinstance(artifacts, dict):
        artifacts = {}

    stacks: list[tuple[Path, str | None]] = []
    paths_to_acks: dict[str, dict[str, str]] = {}
    logical_paths: dict[tuple[str, str], str] = {}  # (template file, logical ID) -> path
    stack_paths: dict[str, str] = {}  # template file -> construct path of its stack
    nested: list[StackTemplate] = []
    for artifact in artifacts.values():
        if not isinstance(artifact, dict):
            continue
        props = artifact.get("properties") if isinstance(artifact.get("properties"), dict) else {}
        assert isinstance(props, dict)
        if artifact.get("type") == "cdk:cloud-assembly":
            directory = props.get("directoryName")
            if isinstance(directory, str):
                nested.extend(_read_assembly_dir(root / directory, seen))
            continue
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        template_file = props.get("templateFile")
        if not isinstance(template_file, str):
            continue
        stacks.append((root / template_file, _environment_account(artifact.get("environment"))))
        for path, entries in _artifact_metadata(root, artifact, props).items():
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict):
                    continue
                kind, data = entry.get("type"), entry.get("data")
                if kind == "aws:cdk:logicalId" and isinstance(data, str):
                    logical_paths[(template_file, data)] = path
                elif kind == "aws:cdk:templateFile" and isinstance(data, str):
                    stack_paths[data] = path
                elif kind == _CDK_ACKNOWLEDGED and isinstance(data, dict):
                    for rule_id, reason in data.items():
                        own = _our_rule_id(str(rule_id))
                        if own is not None:
                            paths_to_acks.setdefault(path, {})[own] = str(reason)

    found: list[StackTemplate] = []
    listed = {path.name for path, _ in stacks}
    for template_path, account in stacks:
        acks = _acks_by_logical_id(template_path, logical_paths, stack_paths, paths_to_acks)
        found.append(StackTemplate(template_path, account, acks))
    for template_path in sorted(root.glob("*.template.json")):
        if template_path.name in listed or not template_path.name.endswith(".nested.template.json"):
            continue
        acks = _acks_by_logical_id(template_path, {}, stack_paths, paths_to_acks)
        found.append(StackTemplate(template_path, None, acks))
    return found + nested


def _artifact_metadata(
    root: Path, artifact: Mapping[str, Any], props: Mapping[str, Any]
) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    inline = artifact.get("metadata")
    if isinstance(inline, dict):
        metadata.update(inline)
    extra = artifact.get("additionalMetadataFile") or props.get("additionalMetadataFile")
    if isinstance(extra, str) and (root / extra).is_file():
        try:
            loaded = json.loads((root / extra).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            loaded = None  # Acknowledgments are optional; the template is still checked.
        if isinstance(loaded, dict):
            for path, entries in loaded.items():
                if isinstance(entries, list):
                    metadata.setdefault(path, [])
                    metadata[path] = [*metadata[path], *entries]
    return metadata


def _our_rule_id(acknowledged_id: str) -> str | None:
    namespace, separator, rule_id = acknowledged_id.rpartition("::")
    if not separator:
        return acknowledged_id if acknowledged_id.startswith("STS-") else None
    if namespace.lower() in _ACK_NAMESPACES and rule_id.startswith("STS-"):
        return rule_id
    return None


def _acks_by_logical_id(
    template_path: Path,
    logical_paths: Mapping[tuple[str, str], str],
    stack_paths: Mapping[str, str],
    paths_to_acks: Mapping[str, Mapping[str, str]],
) -> dict[str, dict[str, str]]:
    """Map each resource to the acknowledgments on its construct or any ancestor.

    The key ``""`` holds those on the stack (or above it), for template-wide findings.
    """
    if not paths_to_acks:
        return {}
    acknowledged: dict[str, dict[str, str]] = {}
    stack_path = stack_paths.get(template_path.name)
    if stack_path is not None:
        stack_acks = _inherited(stack_path, paths_to_acks)
        if stack_acks:
            acknowledged[""] = stack_acks
    if not template_path.is_file():
        return {}  # check_file says why it cannot be read.
    try:
        template = json.loads(template_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    resources = template.get("Resources") if isinstance(template, dict) else None
    for logical_id, resource in (resources if isinstance(resources, dict) else {}).items():
        path = logical_paths.get((template_path.name, logical_id))
        metadata = resource.get("Metadata") if isinstance(resource, dict) else None
        if path is None and isinstance(metadata, dict):
            cdk_path = metadata.get("aws:cdk:path")
            path = f"/{cdk_path}" if isinstance(cdk_path, str) else None
        if path is None:
            continue
        acks = _inherited(path, paths_to_acks)
        if acks:
            acknowledged[logical_id] = acks
    return acknowledged


def _inherited(path: str, paths_to_acks: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Return the acknowledgments on the construct at ``path`` and its ancestors."""
    acks: dict[str, str] = {}
    while path:
        for rule_id, reason in paths_to_acks.get(path, {}).items():
            acks.setdefault(rule_id, reason)
        path = path.rpartition("/")[0]
    return acks


def _environment_account(environment: Any) -> str | None:
    """Return the account of ``aws://ACCOUNT/REGION`` when it is a literal account ID."""
    if not isinstance(environment, str) or not environment.startswith("aws://"):
        return None
    account = environment[len("aws://") :].split("/", 1)[0]
    return account if account.isdigit() and len(account) == 12 else None


def check_file(
    path: str | Path,
    *,
    account_id: str | None = None,
    limits: Limits | None = None,
    rules: Sequence[Rule] = RULES,
    acknowledgments: Acknowledgments | None = None,
    own_accounts: Collection[str] = (),
    organization_ids: Collection[str] = (),
    summary: CheckSummary | None = None,
) -> list[Finding]:
    """Return the findings on the template file at ``path`` (JSON or YAML).

    Raises ``TemplateError`` when the file cannot be read or is not a template.
    """
    template = load_template(path)
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = None
    return check_template(
        template,
        name=str(path),
        account_id=account_id,
        limits=limits,
        rules=rules,
        size_bytes=size,
        acknowledgments=acknowledgments,
        own_accounts=own_accounts,
        organization_ids=organization_ids,
        summary=summary,
    )


def check_assembly(
    directory: str | Path,
    *,
    account_id: str | None = None,
    limits: Limits | None = None,
    rules: Sequence[Rule] = RULES,
    own_accounts: Collection[str] = (),
    organization_ids: Collection[str] = (),
    summary: CheckSummary | None = None,
) -> list[Finding]:
    """Return the findings on every template of the cloud assembly in ``directory``.

    Each stack's own account comes from its environment in ``manifest.json`` (or
    ``account_id`` for environment-agnostic stacks); the accounts of all its stacks, with
    ``own_accounts``, are the user's own, so trust between them is first party. CDK
    acknowledgments (``Validations.of(construct).acknowledge(...)``) are honoured.
    """
    stacks = read_assembly(directory)
    own = {*own_accounts, *(s.account_id for s in stacks if s.account_id)}
    if account_id:
        own.add(account_id)
    findings: list[Finding] = []
    for stack in stacks:
        findings.extend(
            check_file(
                stack.path,
                account_id=stack.account_id or account_id,
                limits=limits,
                rules=rules,
                acknowledgments=stack.acknowledgments,
                own_accounts=own,
                organization_ids=organization_ids,
                summary=summary,
            )
        )
    return findings


def check_paths(
    paths: Iterable[str | Path],
    *,
    account_id: str | None = None,
    limits: Limits | None = None,
    rules: Sequence[Rule] = RULES,
    own_accounts: Collection[str] = (),
    organization_ids: Collection[str] = (),
    summary: CheckSummary | None = None,
) -> list[Finding]:
    """Return the findings on each path: a template file, or a ``cdk.out`` directory.

    Raises ``TemplateError`` for the first path that cannot be read.
    """
    options: dict[str, Any] = {
        "account_id": account_id,
        "limits": limits,
        "rules": rules,
        "own_accounts": own_accounts,
        "organization_ids": organization_ids,
        "summary": summary,
    }
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
