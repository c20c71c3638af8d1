"""The public API: an explicit, sorted ``__all__``, every name importable, every rule documented."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import sts_constructs.checks as checks
from sts_constructs.checks import RULES

ROOT = Path(__file__).resolve().parents[3]


def _isort_key(name: str) -> tuple[int, str]:
    """Sort as ruff's RUF022 does: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return kind, name


def test_all_is_sorted_and_importable() -> None:
    assert checks.__all__ == sorted(set(checks.__all__), key=_isort_key)
    for name in checks.__all__:
        assert getattr(checks, name) is not None


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
