"""Read a cloud assembly (``cdk.out``): its stack templates, their accounts, acknowledgments.

Nested assemblies and nested-stack templates are included; a loop, or a manifest that is not
a JSON object, is refused with a one-line ``TemplateError``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..template import TemplateError

__all__ = ["PLUGIN_NAME", "StackTemplate", "read_assembly"]

PLUGIN_NAME = "sts-constructs"
# Where CDK's Validations.of(c).acknowledge(...) records acknowledgments (construct metadata).
_CDK_ACKNOWLEDGED = "aws:cdk:acknowledged-rules"
# Namespaces under which a CDK acknowledgment ID may name one of our rules: ours, and the
# "Annotation" namespace CDK gives IDs written without one (cdk-nag v3 accepts those too).
_ACK_NAMESPACES = frozenset({PLUGIN_NAME, "annotation", "construct-annotations"})


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
