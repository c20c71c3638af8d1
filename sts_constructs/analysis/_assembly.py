"""Find the stacks of one or more cloud assemblies (``cdk.out``), nested ones included.

A stack comes with its template, its account (from the stack's environment) and the
construct path of each logical ID (from the manifest's metadata). StackSet resources whose
``TemplateBody`` is inline become stacks of their own, deployed to the StackSet's accounts.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..template import TemplateError, load_template, parse_template
from ..template import resolve as resolve_value

__all__ = ["AssemblyError", "StackTemplate", "load_stacks"]

# An account we cannot name (an environment-agnostic stack): a placeholder ID per assembly.
UNKNOWN_ACCOUNT = "000000000000"
# The member accounts a StackSet deploys to through organizational units (not listed).
MEMBER_ACCOUNTS = "000000000001"


class AssemblyError(Exception):
    """A path that is not a cloud assembly or a template; the message is one line."""


@dataclass(frozen=True)
class StackTemplate:
    """One stack: its name, account, template and logical-ID-to-construct-path map."""

    name: str
    account: str
    template: Mapping[str, Any]
    paths: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    account_known: bool = True


def _environment_account(environment: Any) -> tuple[str, bool]:
    if isinstance(environment, str) and environment.startswith("aws://"):
        account = environment[len("aws://") :].split("/", 1)[0]
        if len(account) == 12 and account.isdigit():
            return account, True
    return UNKNOWN_ACCOUNT, False


def _paths(metadata: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    if not isinstance(metadata, Mapping):
        return found
    for path, entries in metadata.items():
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, Mapping) and entry.get("type") == "aws:cdk:logicalId":
                data = entry.get("data")
                if isinstance(data, str):
                    found[data] = str(path).strip("/")
    return found


def _read_manifest(directory: Path, seen: set[Path]) -> Iterator[StackTemplate]:
    resolved = directory.resolve()
    if resolved in seen:
        return
    seen.add(resolved)
    manifest_path = directory / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AssemblyError(
            f"{manifest_path}: not a readable cloud assembly manifest ({error})"
        ) from error
    artifacts = manifest.get("artifacts") if isinstance(manifest, Mapping) else None
    if not isinstance(artifacts, Mapping):
        raise AssemblyError(f"{manifest_path}: no 'artifacts' in the manifest")
    for name, artifact in artifacts.items():
        if not isinstance(artifact, Mapping):
            continue
        kind = artifact.get("type")
        raw_properties = artifact.get("properties")
        properties: Mapping[str, Any] = (
            raw_properties if isinstance(raw_properties, Mapping) else {}
        )
        if kind == "cdk:cloud-assembly":
            nested = properties.get("directoryName")
            if isinstance(nested, str):
                yield from _read_manifest(directory / nested, seen)
        elif kind == "aws:cloudformation:stack":
            template_file = properties.get("templateFile")
            if not isinstance(template_file, str):
                continue
            try:
                template = load_template(directory / template_file)
            except TemplateError as error:
                raise AssemblyError(str(error)) from error
            account, known = _environment_account(artifact.get("environment"))
            metadata = artifact.get("metadata")
            extra = artifact.get("additionalMetadataFile")
            if isinstance(extra, str):
                # Newer CDK versions write the metadata to a file of its own.
                with contextlib.suppress(OSError, ValueError):
                    metadata = json.loads((directory / extra).read_text(encoding="utf-8"))
            stack = StackTemplate(
                str(properties.get("stackName") or name),
                account,
                template,
                _paths(metadata),
                str(directory / template_file),
                known,
            )
            yield stack
            yield from _stack_sets(stack)


def _stack_sets(stack: StackTemplate) -> Iterator[StackTemplate]:
    resources = stack.template.get("Resources")
    if not isinstance(resources, Mapping):
        return
    for logical_id, resource in resources.items():
        if (
            not isinstance(resource, Mapping)
            or resource.get("Type") != "AWS::CloudFormation::StackSet"
        ):
            continue
        properties = resource.get("Properties")
        if not isinstance(properties, Mapping):
            continue
        body = resolve_value(properties.get("TemplateBody"), account_id=stack.account)
        if isinstance(body, str):
            try:
                body = parse_template(body, source=f"{stack.name}/{logical_id}")
            except TemplateError:
                continue
        if not isinstance(body, Mapping):
            continue
        accounts = _stack_set_accounts(properties, stack.account)
        name = str(properties.get("StackSetName") or logical_id)
        for account, known in accounts:
            yield StackTemplate(
                f"{name} ({account if known else 'member accounts'})",
                account,
                body,
                {},
                f"{stack.source}#{logical_id}",
                known,
            )


def _stack_set_accounts(properties: Mapping[str, Any], own: str) -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    groups = properties.get("StackInstancesGroup")
    for group in groups if isinstance(groups, list) else []:
        targets = group.get("DeploymentTargets") if isinstance(group, Mapping) else None
        accounts = targets.get("Accounts") if isinstance(targets, Mapping) else None
        for account in accounts if isinstance(accounts, list) else []:
            if isinstance(account, str) and len(account) == 12 and account.isdigit():
                found.append((account, True))
    # Organizational units or unknown targets: one stack standing for every member account.
    return found or [(MEMBER_ACCOUNTS, False)]


def _without_stack_set_copies(stacks: list[StackTemplate]) -> list[StackTemplate]:
    """Drop a nested assembly's stack whose template is a StackSet's body.

    CDK synthesizes a StackSet's stage as a nested assembly too; the StackSet's copies,
    placed in the accounts it deploys to, stand for it.
    """
    bodies = {json.dumps(s.template, sort_keys=True) for s in stacks if "#" in s.source}
    return [
        s for s in stacks if "#" in s.source or json.dumps(s.template, sort_keys=True) not in bodies
    ]


def load_stacks(paths: list[str]) -> list[StackTemplate]:
    """Return the stacks of each path: a ``cdk.out`` directory or a template file.

    Raises :class:`AssemblyError` with one line for a path that is neither.
    """
    stacks: list[StackTemplate] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if not (path / "manifest.json").is_file():
                raise AssemblyError(
                    f"{raw}: a directory without manifest.json is not a cloud assembly"
                )
            stacks.extend(_read_manifest(path, seen))
            stacks = _without_stack_set_copies(stacks)
        elif path.is_file():
            try:
                template = load_template(path)
            except TemplateError as error:
                raise AssemblyError(str(error)) from error
            stack = StackTemplate(path.stem, UNKNOWN_ACCOUNT, template, {}, str(path), False)
            stacks.append(stack)
            stacks.extend(_stack_sets(stack))
        else:
            raise AssemblyError(f"{raw}: no such cloud assembly directory or template file")
    return stacks
