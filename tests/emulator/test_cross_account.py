"""The cross-account act's helpers that need no emulator: stack selection and environments."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from sts_constructs.emulator import EmulatorError
from sts_constructs.emulator.cross_account import (
    CrossAccountAccess,
    _environments,
    cross_account_stacks,
)
from tests.e2e.multi_account import ACCESS


def _assembly(tmp_path: Path, stacks: dict[str, tuple[str, str]]) -> Path:
    """Write a manifest with ``stacks``: construct ID -> (stack name, environment)."""
    artifacts: dict[str, object] = {"Tree": {"type": "cdk:tree"}}
    for construct_id, (name, environment) in stacks.items():
        artifacts[construct_id] = {
            "type": "aws:cloudformation:stack",
            "environment": environment,
            "properties": {"stackName": name},
        }
    (tmp_path / "manifest.json").write_text(json.dumps({"artifacts": artifacts}))
    return tmp_path


# A multi-account app: its main stack, roles and grants stacks of two accounts, StackSets.
MULTI_ACCOUNT = {
    "StsMulti": ("sts-multi", "aws://111111111111/eu-west-1"),
    "StsMultiProdRoles": ("sts-multi-prod-roles", "aws://222222222222/eu-west-1"),
    "StsMultiToolsGrants": ("sts-multi-tools-grants", "aws://111111111111/eu-west-1"),
    "StsMultiToolsRoles": ("sts-multi-tools-roles", "aws://111111111111/eu-west-1"),
    "StsMultiMgmtStackSets": ("sts-multi-mgmt-stacksets", "aws://999999999999/us-east-1"),
}


def test_selects_the_roles_grants_and_stack_sets_stacks_only(tmp_path: Path) -> None:
    assembly = _assembly(tmp_path, MULTI_ACCOUNT)

    assert cross_account_stacks(assembly) == [
        "StsMultiProdRoles",
        "StsMultiToolsGrants",
        "StsMultiToolsRoles",
        "StsMultiMgmtStackSets",
    ]


def test_groups_stacks_by_account_and_region(tmp_path: Path) -> None:
    assembly = _assembly(tmp_path, MULTI_ACCOUNT)
    stacks = ["StsMultiProdRoles", "StsMultiToolsGrants", "StsMultiToolsRoles"]

    assert _environments(assembly, stacks) == {
        ("222222222222", "eu-west-1"): ["StsMultiProdRoles"],
        ("111111111111", "eu-west-1"): ["StsMultiToolsGrants", "StsMultiToolsRoles"],
    }


@pytest.mark.parametrize(
    "environment", ["aws://unknown-account/unknown-region", "aws://111111111111/unknown-region"]
)
def test_fails_on_a_stack_without_account_and_region(tmp_path: Path, environment: str) -> None:
    assembly = _assembly(tmp_path, {"Roles": ("x-roles", environment)})

    with pytest.raises(EmulatorError, match=r"Roles: environment .* names no account and region"):
        _environments(assembly, ["Roles"])


@pytest.mark.parametrize(
    ("grantee", "arn"),
    [
        ("ci/ci-deployer", "arn:aws:iam::111111111111:role/ci/ci-deployer"),
        ("deployer", "arn:aws:iam::111111111111:role/deployer"),
    ],
)
def test_grantee_role_arn_keeps_the_path(grantee: str, arn: str) -> None:
    access = CrossAccountAccess(
        source_name="tools",
        source_account_id="111111111111",
        source_region="eu-west-1",
        grantee_role=grantee,
        target_name="prod",
        target_account_id="222222222222",
        target_role_arn="arn:aws:iam::222222222222:role/x",
    )

    assert access.grantee_role_arn == arn


def test_demo_walks_the_access_the_e2e_tests_check() -> None:
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("demo", root / "scripts" / "demo.py")
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)

    assert demo.walked_access("config/multi-account.yaml") == ACCESS
