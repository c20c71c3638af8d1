"""The non-compliant fixtures (used to compare with cfn-lint, checkov and cdk-nag) stay honest."""

from __future__ import annotations

from pathlib import Path

import pytest

from sts_constructs.checks import RULES, check_file

FIXTURES = Path(__file__).parent / "fixtures" / "non_compliant"
# The two template-size rules need files of 51 KB and 1 MB: benchmarks/compare_tools.py
# writes those on the fly instead of keeping them in the repository.
GENERATED = {"STS-LIMIT10", "STS-LIMIT11"}


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_fixture_breaks_its_rule(path: Path) -> None:
    found = {f.rule for f in check_file(path, account_id="111111111111")}
    assert path.stem in found


def test_every_rule_has_a_fixture() -> None:
    assert {p.stem for p in FIXTURES.glob("*.json")} | GENERATED == {rule.id for rule in RULES}
