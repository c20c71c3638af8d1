"""The scale workload: roles placed into roles stacks, and grants into grants stacks, by a
stable key, inside CloudFormation's limits (benchmarks/scale.yaml: 1,000 roles over 50
accounts; generated configs where one identity account grants over 500 roles)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from aws_cdk import App
from aws_cdk.cx_api import CloudFormationStackArtifact

from app import build_app
from stacks import cross_account_stack
from stacks.config import ConfigError, load_config
from stacks.cross_account_stack import (
    GRANTS_PER_STACK,
    MAX_GRANTS_PER_STACK,
    MAX_ROLES_PER_STACK,
    ROLES_PER_STACK,
    role_stack_count,
    role_stack_index,
    stack_count,
    stack_index,
)

ROOT = Path(__file__).resolve().parents[2]
SCALE = ROOT / "benchmarks" / "scale.yaml"
GRANTS = "sts-scale-acct-00-grants"
"""The first grants stack of the identity account of ``_identity_config``."""


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_scale_config", ROOT / "benchmarks" / "make_scale_config.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_scale_config", module)
    spec.loader.exec_module(module)
    return module


def _placement(keys: list[str], per_stack: int = ROLES_PER_STACK) -> dict[str, int]:
    parts = stack_count(len(keys), per_stack)
    return {key: stack_index(key, parts) for key in keys}


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


def test_scale_config_places_the_identity_accounts_grants_inside_the_limits() -> None:
    config = load_config(SCALE)
    assert config.cross_account is not None
    by_account: dict[str, list[str]] = {}
    for access in config.cross_account.access:
        by_account.setdefault(str(access.source), []).append(access.role)

    stacks = {
        account: Counter(_placement(roles, GRANTS_PER_STACK).values())
        for account, roles in by_account.items()
    }

    assert sorted(stacks) == ["acct-00", "acct-01"]
    assert sum(stacks["acct-00"].values()) == 700
    assert len(stacks["acct-00"]) == stack_count(700, GRANTS_PER_STACK) == 4
    assert len(stacks["acct-01"]) == stack_count(300, GRANTS_PER_STACK) == 2
    assert max(n for counts in stacks.values() for n in counts.values()) <= MAX_GRANTS_PER_STACK


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


def _identity_config(roles: int, accounts: int) -> dict[str, Any]:
    """The scale workload's config (``acct-00`` grants every role of the other accounts), with
    its first three grants also to the groups ``ops`` and ``auditors``."""
    config: dict[str, Any] = _generator().scale_config(roles, accounts)
    granted = [a for a in config["cross_account"]["access"] if a["source"] == "acct-00"]
    for access in granted[:3]:
        access["grant_to"]["groups"] = ["ops", "auditors"]
    return config


def _synth(tmp_path: Path, config: dict[str, Any]) -> dict[str, CloudFormationStackArtifact]:
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / "scale.yaml"
    path.write_text(yaml.safe_dump(config))
    assembly = build_app(App(context={"config": str(path)})).synth()
    return {stack.stack_name: stack for stack in assembly.stacks}


def _grants_stack(part: int) -> str:
    return f"sts-scale-acct-00-{part + 1}-grants" if part else GRANTS


def _key(policy: dict[str, Any]) -> str:
    """The placement key of a grant's policy: the name of the role it allows."""
    found = re.search(r"iam::(\d{12}):role/([\w+=,.@-]+)", json.dumps(policy["PolicyDocument"]))
    assert found is not None
    role: str = found.group(2)
    return role


def _placed(stacks: dict[str, CloudFormationStackArtifact]) -> dict[str, str]:
    """The stack of each acct-00 grant, by its placement key."""
    return {
        _key(resource["Properties"]): name
        for name, stack in stacks.items()
        if name.startswith("sts-scale-acct-00") and name.endswith("-grants")
        for resource in stack.template["Resources"].values()
        if resource["Type"] == "AWS::IAM::Policy"
    }


def test_an_identity_account_over_500_grants_splits_inside_the_limits(tmp_path: Path) -> None:
    config = _identity_config(510, 3)
    for n, access in enumerate(config["cross_account"]["access"]):
        access["target"], access["source"] = f"acct-0{1 + n % 2}", "acct-00"  # all from acct-00

    stacks = _synth(tmp_path, config)

    parts = stack_count(510, GRANTS_PER_STACK)
    grants = [_grants_stack(part) for part in range(parts)]
    assert parts == 4
    assert set(grants) <= set(stacks)
    assert all(len(s.template["Resources"]) <= 500 for s in stacks.values())
    assert all(len(s.template.get("Outputs", {})) <= 200 for s in stacks.values())
    placed = _placed(stacks)
    assert len(placed) == 510
    assert all(name == grants[stack_index(key, parts)] for key, name in placed.items())


def test_groups_live_in_the_first_grants_stack_and_the_others_attach_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cross_account_stack, "GRANTS_PER_STACK", 3)
    config = _identity_config(30, 4)  # acct-00 grants 21 roles: 8 grants stacks

    stacks = _synth(tmp_path, config)

    placed = _placed(stacks)
    assert len(placed) == 21
    assert all(name == _grants_stack(stack_index(role, 8)) for role, name in placed.items())
    groups = {
        name: sorted(
            r["Properties"]["GroupName"]
            for r in stack.template["Resources"].values()
            if r["Type"] == "AWS::IAM::Group"
        )
        for name, stack in stacks.items()
    }
    assert {name: found for name, found in groups.items() if found} == {GRANTS: ["auditors", "ops"]}
    assert sorted(stacks[GRANTS].template["Outputs"]) == ["AuditorsGroupName", "OpsGroupName"]
    for name, stack in stacks.items():
        if not name.endswith("-grants") or name == GRANTS:
            continue
        named = [
            group
            for r in stack.template["Resources"].values()
            if r["Type"] == "AWS::IAM::Policy"
            for group in r["Properties"].get("Groups", [])
        ]
        assert all(group in {"ops", "auditors"} for group in named)  # literal names
        first = [d for d in stack.dependencies if getattr(d, "stack_name", None) == GRANTS]
        assert bool(first) == bool(named)


def test_a_grant_never_moves_when_unrelated_grants_come_and_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cross_account_stack, "GRANTS_PER_STACK", 3)
    config = _identity_config(24, 3)  # acct-00 grants 17 roles: 8 grants stacks
    before = _placed(_synth(tmp_path / "before", config))
    access = config["cross_account"]["access"]
    gone = next(a for a in access if a["source"] == "acct-00")  # an early one: order moves
    added = {**gone, "role": "app-new-reader"}

    config["cross_account"]["access"] = [added, *(a for a in access if a is not gone)]
    after = _placed(_synth(tmp_path / "after", config))

    assert len(before) == len(after) == 17
    assert len(set(before.values())) == len(set(after.values())) == 8
    assert gone["role"] in before and "app-new-reader" in after
    kept = set(before) & set(after)
    assert len(kept) == 16
    assert {role: after[role] for role in kept} == {role: before[role] for role in kept}


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        (
            "MAX_GRANTS_PER_STACK",
            4,
            r"^[^\n]*: cross_account\.accounts: account 'acct-00': \d+ grants fall in its "
            r"grants stack 1 of 1, above the 2 that fit \(CloudFormation's resources per "
            r"stack, one per grant, less one for CDK's metadata and, in the first, one per "
            r"group\); rename roles or split the account$",
        ),
        (
            "MAX_OUTPUTS_PER_STACK",
            1,
            r"^[^\n]*: cross_account\.accounts: account 'acct-00': its grants name 2 groups, "
            r"above CloudFormation's 1 outputs per stack \(one per group, all in its first "
            r"grants stack\)$",
        ),
    ],
)
def test_fails_when_the_grants_cannot_fit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, message: str
) -> None:
    monkeypatch.setattr(cross_account_stack, limit, value)
    path = tmp_path / "full.yaml"
    path.write_text(yaml.safe_dump(_identity_config(12, 3)))

    with pytest.raises(ConfigError, match=message):
        build_app(App(context={"config": str(path)}))


@pytest.mark.parametrize(
    ("limit", "kind"), [("ROLES_PER_STACK", "roles"), ("GRANTS_PER_STACK", "grants")]
)
def test_fails_when_two_accounts_need_the_same_stack_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, kind: str
) -> None:
    monkeypatch.setattr(cross_account_stack, limit, 1)
    config = _identity_config(10, 3)  # acct-00: 3 roles, 7 grants
    for access in config["cross_account"]["access"]:
        if access["target"] == "acct-00":
            access["source"] = "acct-02"  # which then has a grants stack too
    path = tmp_path / "clash.yaml"
    path.write_text(yaml.safe_dump(config).replace("acct-02", "acct-00-2"))

    with pytest.raises(ConfigError) as error:
        build_app(App(context={"config": str(path)}))

    assert str(error.value) == (
        f"{path}: cross_account.accounts: accounts 'acct-00' and 'acct-00-2' both need the "
        f"{kind} stack 'sts-scale-acct-00-2-{kind}'; rename one of them"
    )
