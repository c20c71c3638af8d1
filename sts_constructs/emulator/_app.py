"""Deploy any synthesized CDK app into the emulator, one account at a time, and find its roles.

Each stack goes to the account and region of its environment (``aws://ACCOUNT/REGION``);
an environment-agnostic stack goes to the emulator admin's account and the emulator's region.
An account other than the admin's gets ``OrganizationAccountAccessRole`` first, as AWS
Organizations creates it, and the CDK CLI deploys with the admin's session of that role.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sts_constructs.emulator._deploy import TOOLKIT_STACK, DeployResult, bootstrap, deploy
from sts_constructs.emulator._process import Emulator, EmulatorError, StaticCredentials
from sts_constructs.validation import is_account_id, is_region

__all__ = [
    "AppDeployment",
    "DeployedStack",
    "admin_of",
    "deploy_app",
    "deployed_stacks",
    "stack_environments",
]

_STACK = "aws:cloudformation:stack"


@dataclass(frozen=True)
class DeployedStack:
    """One stack of the app as deployed: where, its outputs, and its template's resources."""

    construct_id: str
    stack_name: str
    account_id: str
    region: str
    outputs: dict[str, str]
    resources: dict[str, Any]  # logical ID -> resource, from the synthesized template


@dataclass(frozen=True)
class AppDeployment:
    """Every stack of one cloud assembly deployed into the emulator."""

    assembly: Path
    stacks: tuple[DeployedStack, ...]
    results: tuple[DeployResult, ...]

    @property
    def accounts(self) -> list[str]:
        """Return the accounts the app deployed into, in deploy order."""
        return list(dict.fromkeys(stack.account_id for stack in self.stacks))


def _manifest(assembly: Path) -> dict[str, Any]:
    path = assembly / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EmulatorError(
            f"{assembly}: no manifest.json; expected a cloud assembly (`cdk synth` writes one "
            "into cdk.out/)"
        ) from None
    except (OSError, ValueError) as error:
        raise EmulatorError(f"{path}: cannot read it: {error}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("artifacts", {}), dict):
        raise EmulatorError(f"{path}: expected a cloud assembly manifest")
    return manifest


def stack_environments(
    assembly: Path, *, default_account: str, default_region: str
) -> dict[tuple[str, str], list[str]]:
    """Return the construct IDs of ``assembly``'s stacks by ``(account, region)``.

    ``unknown-account`` / ``unknown-region`` (an environment-agnostic stack) become the
    defaults. Raise EmulatorError for an environment that is neither.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for construct_id, artifact in _manifest(assembly).get("artifacts", {}).items():
        if not isinstance(artifact, dict) or artifact.get("type") != _STACK:
            continue
        environment = str(artifact.get("environment", "aws://unknown-account/unknown-region"))
        account, _, region = environment.removeprefix("aws://").partition("/")
        account = default_account if account == "unknown-account" else account
        region = default_region if region == "unknown-region" else region
        if not is_account_id(account) or not is_region(region):
            raise EmulatorError(
                f"{construct_id}: environment {environment[:100]!r}: expected "
                "aws://ACCOUNT/REGION with a 12-digit account and a region, or unknown ones"
            )
        groups.setdefault((account, region), []).append(construct_id)
    if not groups:
        raise EmulatorError(f"{assembly}: the assembly holds no stack to deploy")
    return groups


def deploy_app(
    emulator: Emulator,
    *,
    assembly: Path,
    stacks: Sequence[str] = (),
    cdk: str | None = None,
) -> AppDeployment:
    """Deploy ``assembly``'s stacks, each into its own account and region, with the CDK CLI.

    Bootstraps each account and region once (a CDKToolkit stack already there is kept), then
    runs one ``cdk deploy`` per account and region. Raises EmulatorError (one line; the CLI's
    output in ``details``) when a step fails.

    Args:
        stacks: Default: every stack. Construct IDs (`cdk ls`).
        cdk: Default: `cdk` on PATH.
    """
    groups = stack_environments(
        assembly, default_account=emulator.account_id, default_region=emulator.region
    )
    unknown = sorted(set(stacks) - {c for ids in groups.values() for c in ids})
    if unknown:
        raise EmulatorError(f"{', '.join(unknown)}: no such stack in {assembly}")
    deployed: list[DeployedStack] = []
    results: list[DeployResult] = []
    for (account_id, region), construct_ids in groups.items():
        chosen = [c for c in construct_ids if not stacks or c in stacks]
        if not chosen:
            continue
        credentials = admin_of(emulator, account_id, session_name="emulator-deploy")
        if not _has_toolkit(emulator, credentials, region):
            bootstrap(emulator, cdk=cdk, credentials=credentials, region=region)
        result = deploy(
            emulator,
            assembly=assembly,
            stacks=chosen,
            cdk=cdk,
            credentials=credentials,
            region=region,
        )
        results.append(result)
        deployed.extend(
            deployed_stacks(
                assembly, chosen, account_id=account_id, region=region, outputs=result.stacks
            )
        )
    return AppDeployment(assembly=assembly, stacks=tuple(deployed), results=tuple(results))


def deployed_stacks(
    assembly: Path,
    construct_ids: Sequence[str],
    *,
    account_id: str,
    region: str,
    outputs: dict[str, dict[str, str]],  # Stack name -> its outputs, as deploy returns them.
) -> list[DeployedStack]:
    """Return the stacks ``construct_ids`` of ``assembly`` as deployed into ``account_id``
    and ``region``: their stack names, outputs and templates' resources."""
    artifacts = _manifest(assembly)["artifacts"]
    stacks = []
    for construct_id in construct_ids:
        properties = artifacts[construct_id].get("properties", {})
        name = properties.get("stackName") or construct_id
        resources = _resources(assembly / properties.get("templateFile", ""))
        stacks.append(
            DeployedStack(construct_id, name, account_id, region, outputs.get(name, {}), resources)
        )
    return stacks


def admin_of(emulator: Emulator, account_id: str, *, session_name: str) -> StaticCredentials | None:
    """Return an administrator of ``account_id`` (None: the emulator admin itself), in a
    session named ``session_name``."""
    if account_id == emulator.account_id:
        return None
    return emulator.account_admin(account_id, session_name=session_name)


def _has_toolkit(emulator: Emulator, credentials: StaticCredentials | None, region: str) -> bool:
    cloudformation = emulator.client("cloudformation", credentials=credentials, region=region)
    try:
        stacks = cloudformation.describe_stacks(StackName=TOOLKIT_STACK)["Stacks"]
    except Exception as error:
        if "does not exist" in str(error):
            return False
        raise
    return any(s.get("StackStatus", "").endswith("_COMPLETE") for s in stacks)


def _resources(template: Path) -> dict[str, Any]:
    try:
        body = json.loads(template.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    resources = body.get("Resources", {}) if isinstance(body, dict) else {}
    return resources if isinstance(resources, dict) else {}
