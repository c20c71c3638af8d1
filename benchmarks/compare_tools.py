"""Run sts-constructs, cfn-lint, checkov and cdk-nag (AwsSolutions) on the non-compliant fixtures.

Measures, never asserts: prints, per rule's fixture, what each tool reported on that same
template, as a Markdown table for docs/RULES.md. A tool that is not installed shows "n/a".

    .venv/bin/python benchmarks/compare_tools.py [--checkov PATH-TO-checkov]

checkov is best installed in its own virtualenv (its pins clash with ours):
``python3 -m venv /tmp/checkov && /tmp/checkov/bin/pip install checkov``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "sts_constructs" / "checks" / "fixtures" / "non_compliant"
OWN_ACCOUNT = "111111111111"


def _big_template(bytes_wanted: int) -> dict[str, Any]:
    """Return a valid template of more than ``bytes_wanted`` bytes (a large Metadata value)."""
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Metadata": {"Padding": "x" * bytes_wanted},
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
    }


def fixtures(directory: Path) -> list[tuple[str, Path]]:
    """Return (rule ID, template path) for every fixture, size fixtures written to directory."""
    found = [(path.stem, path) for path in sorted(FIXTURES.glob("*.json"))]
    for rule_id, size in (("STS-LIMIT11", 60_000), ("STS-LIMIT10", 1_100_000)):
        path = directory / f"{rule_id}.json"
        path.write_text(json.dumps(_big_template(size), indent=1))
        found.append((rule_id, path))
    return found


def ours(path: Path) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from sts_constructs.checks import check_file

    return sorted({f.rule for f in check_file(path, account_id=OWN_ACCOUNT)})


def cfn_lint(path: Path) -> list[str] | None:
    binary = Path(sys.executable).parent / "cfn-lint"
    if not binary.exists():
        return None
    result = subprocess.run(
        [str(binary), "--format", "json", str(path)], capture_output=True, text=True, check=False
    )
    matches = json.loads(result.stdout or "[]")
    return sorted({m["Rule"]["Id"] for m in matches})


def checkov(path: Path, binary: str | None) -> list[str] | None:
    if binary is None or not Path(binary).exists():
        return None
    result = subprocess.run(
        [
            binary,
            "-f",
            str(path),
            "--framework",
            "cloudformation",
            "-o",
            "json",
            "--quiet",
            "--compact",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        return ["(checkov failed)"]
    reports = report if isinstance(report, list) else [report]
    failed = {
        check["check_id"]
        for item in reports
        for check in item.get("results", {}).get("failed_checks", [])
    }
    return sorted(failed)


def cdk_nag(paths: list[tuple[str, Path]]) -> dict[str, list[str]] | None:
    try:
        import aws_cdk as cdk
        from aws_cdk import cloudformation_include as cfn_inc
        from cdk_nag import AwsSolutionsChecks
    except ImportError:
        return None
    results: dict[str, list[str]] = {}
    app = cdk.App()
    pack = AwsSolutionsChecks(app)
    for rule_id, path in paths:
        stack = cdk.Stack(
            app,
            rule_id.replace("-", ""),
            env=cdk.Environment(account=OWN_ACCOUNT, region="us-east-1"),
        )
        try:
            cfn_inc.CfnInclude(stack, "Template", template_file=str(path))
        except Exception as error:
            results[rule_id] = [f"(CfnInclude failed: {type(error).__name__})"]
            continue
        report = pack.validate_scope(stack)
        results[rule_id] = sorted({v.rule_name.split("[")[0] for v in report.violations})
    return results


def _cell(found: list[str] | None) -> str:
    if found is None:
        return "n/a"
    return ", ".join(found) if found else "nothing"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkov", default=shutil.which("checkov"), help="path to checkov")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        cases = fixtures(Path(temp))
        nag = cdk_nag(cases)
        print("| fixture | sts-constructs | cfn-lint | checkov | cdk-nag AwsSolutions |")
        print("|---|---|---|---|---|")
        for rule_id, path in cases:
            row = [
                rule_id,
                _cell(ours(path)),
                _cell(cfn_lint(path)),
                _cell(checkov(path, args.checkov)),
                _cell(None if nag is None else nag.get(rule_id)),
            ]
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
