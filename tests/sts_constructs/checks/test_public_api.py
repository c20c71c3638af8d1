"""The public API: every rule documented, the engine without aws_cdk.

Exported names: tests/sts_constructs/test_exported_members.py, with every package's.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import sts_constructs.checks as checks
from sts_constructs.checks import RULES

ROOT = Path(__file__).resolve().parents[3]


def test_engine_does_not_import_aws_cdk() -> None:
    code = (
        "import sys, sts_constructs.checks as c\n"
        "c.check_template({'Resources': {}})\n"
        "print('aws_cdk' in sys.modules, 'StsTrustChecks' in c.__all__)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False True", result.stderr


def test_one_rule_per_module() -> None:
    rules_dir = Path(checks.__file__).parent / "rules"
    modules = [p.stem for p in rules_dir.glob("*.py") if not p.stem.startswith("_")]
    ids = [importlib.import_module(f"sts_constructs.checks.rules.{m}").RULE.id for m in modules]
    assert sorted(ids) == sorted(rule.id for rule in RULES)
    assert len(set(ids)) == len(ids)


def test_rules_have_unique_ids_aws_links_and_titles() -> None:
    assert len({rule.id for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"STS-(READ|FED|TRUST|IAM|LIMIT)\d+", rule.id)
        assert rule.link.startswith("https://docs.aws.amazon.com/")
        assert rule.title and not rule.title.endswith(".")


def test_every_rule_is_in_the_rules_table() -> None:
    table = (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (STS-[A-Z]+\d+) \|", table, flags=re.MULTILINE))
    assert documented == {rule.id for rule in RULES}
