"""The scale workload: roles placed into roles stacks by a stable key, inside CloudFormation's
limits (benchmarks/scale.yaml; 1,000 roles over 50 accounts)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from aws_cdk import App

from app import build_app
from stacks import cross_account_stack
from stacks.config import ConfigError, load_config
from stacks.cross_account_stack import (
    MAX_ROLES_PER_STACK,
    ROLES_PER_STACK,
    role_stack_count,
    role_stack_index,
)

ROOT = Path(__file__).resolve().parents[2]
SCALE = ROOT / "benchmarks" / "scale.yaml"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_scale_config", ROOT / "benchmarks" / "make_scale_config.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_scale_config", module)
    spec.loader.exec_module(module)
    return module


def _placement(roles: list[str]) -> dict[str, int]:
    parts = role_stack_count(len(roles))
    return {role: role_stack_index(role, parts) for role in roles}


def test_shipped_scale_config_is_the_generated_one() -> None:
    shipped = yaml.safe_load(SCALE.read_text())

    assert shipped == _generator().scale_config(1000, 50)
    assert len(shipped["cross_account"]["accounts"]) == 50
    assert len(shipped["cross_account"]["access"]) == 1000


def test_scale_config_places_every_account_inside_the_limits() -> None:
    config = load_config(SCALE)
    assert config.cross_account is not None
    by_account: dict[str, list[str]] = {}
    for access in config.cross_account.access:
        by_account.setdefault(access.target, []).append(access.role)

    stacks = {account: Counter(_placement(roles).values()) for account, roles in by_account.items()}

    assert max(stacks["acct-00"].values()) <= MAX_ROLES_PER_STACK
    assert len(stacks["acct-00"]) == role_stack_count(300) == 4
    assert all(len(counts) == 1 for account, counts in stacks.items() if account != "acct-00")


@pytest.mark.parametrize("seed", ["app", "svc", "x"])
def test_a_role_never_moves_when_unrelated_roles_come_and_go(seed: str) -> None:
    roles = [f"{seed}-{n:03d}" for n in range(150)]  # 2 stacks
    before = _placement(roles)

    added = _placement([*roles, f"{seed}-new-1", f"{seed}-new-2"])
    removed = _placement([r for r in roles if r not in {f"{seed}-007", f"{seed}-100"}])

    assert len(set(before.values())) == role_stack_count(150) == 2
    assert all(added[role] == stack for role, stack in before.items())
    assert all(before[role] == stack for role, stack in removed.items())


def _slice(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: str,
    value: int,
    *,
    roles: int,
    accounts: int,
) -> Path:
    """Write the scale workload's config of ``roles`` over ``accounts``, with the stacks'
    ``limit`` (a module constant of ``stacks.cross_account_stack``) set to ``value``."""
    monkeypatch.setattr(cross_account_stack, limit, value)
    path = tmp_path / "slice.yaml"
    path.write_text(yaml.safe_dump(_generator().scale_config(roles, accounts)))
    return path


def test_stack_count_changes_only_at_powers_of_two() -> None:
    counts = {n: role_stack_count(n) for n in (0, 1, ROLES_PER_STACK, ROLES_PER_STACK + 1, 400)}

    assert counts == {0: 1, 1: 1, ROLES_PER_STACK: 1, ROLES_PER_STACK + 1: 2, 400: 4}
    assert role_stack_index("App-Reader", 4) == role_stack_index("app-reader", 4)


def test_slice_synthesizes_with_roles_split_by_the_stable_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 100 roles over 5 accounts; 10 roles per stack on average splits the hub (30 roles).
    path = _slice(tmp_path, monkeypatch, "ROLES_PER_STACK", 10, roles=100, accounts=5)

    assembly = build_app(App(context={"config": str(path)})).synth()

    names = {stack.stack_name: stack.template for stack in assembly.stacks}
    hub = [name for name in names if name.startswith("sts-scale-acct-00") and "roles" in name]
    assert sorted(hub) == [
        "sts-scale-acct-00-2-roles",
        "sts-scale-acct-00-3-roles",
        "sts-scale-acct-00-4-roles",
        "sts-scale-acct-00-roles",
    ]
    placed = {
        resource["Properties"]["RoleName"]: name
        for name in hub
        for resource in names[name]["Resources"].values()
        if resource["Type"] == "AWS::IAM::Role"
    }
    assert len(placed) == 30
    for role, name in placed.items():
        part = role_stack_index(role, 4)
        assert name == (
            f"sts-scale-acct-00-{part + 1}-roles" if part else "sts-scale-acct-00-roles"
        )
    assert all(len(t.get("Resources", {})) <= 500 for t in names.values())


def test_fails_when_a_stack_would_pass_the_output_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _slice(tmp_path, monkeypatch, "MAX_ROLES_PER_STACK", 5, roles=20, accounts=3)

    with pytest.raises(ConfigError, match=r"account 'acct-0\d': \d+ roles fall in its roles stack"):
        build_app(App(context={"config": str(path)}))


@pytest.mark.parametrize(
    ("entry", "suggestion"),
    [
        (
            {"grant_to": {"roles": [f"ci/deployer-number-{i:03d}" for i in range(60)]}},
            "name fewer principals, or use grant_to.groups: the trust then names the source "
            "account once (with "
            "aws:PrincipalOrgID when cross_account.organization_id is set)",
        ),
        (
            {
                "source": None,
                "grant_to": None,
                "third_party": {
                    "account": "444455556666",
                    "external_id": "vendor-7f3a9c21",
                    "roles": [f"vendor/reader-role-{i:03d}" for i in range(70)],
                },
            },
            "trust the vendor's account (third_party.roles empty) with its ExternalId",
        ),
    ],
)
def test_fails_on_a_trust_over_its_quota_naming_the_role_size_and_fix(
    tmp_path: Path, entry: dict[str, Any], suggestion: str
) -> None:
    config = _generator().scale_config(4, 2)
    access = config["cross_account"]["access"][1]
    access.update(entry)
    for key in [k for k, v in access.items() if v is None]:
        del access[key]
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(config))

    with pytest.raises(ConfigError) as error:
        build_app(App(context={"config": str(path)}))

    (line,) = str(error.value).splitlines()
    assert line.startswith(
        f"{path}: cross_account.access[1]: role 'app-0001-reader': trust: at least "
    )
    assert "is above 2048, the role trust policy quota" in line
    assert line.endswith(f"; {suggestion}")


def test_fails_when_two_accounts_need_the_same_roles_stack_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cross_account_stack, "ROLES_PER_STACK", 1)
    text = yaml.safe_dump(_generator().scale_config(10, 3)).replace("acct-02", "acct-00-2")
    path = tmp_path / "clash.yaml"
    path.write_text(text)

    with pytest.raises(ConfigError) as error:
        build_app(App(context={"config": str(path)}))

    assert str(error.value) == (
        f"{path}: cross_account.accounts: accounts 'acct-00' and 'acct-00-2' both need the "
        "roles stack 'sts-scale-acct-00-2-roles'; rename one of them"
    )
