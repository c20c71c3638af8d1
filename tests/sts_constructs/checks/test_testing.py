"""``assert_no_sts_findings``: the helper users call from their own test suites."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sts_constructs.checks import Finding, assert_no_sts_findings, format_findings
from tests.sts_constructs.checks._trust_templates import allow, trusting

OPEN = trusting(allow({"AWS": "*"}), name="Open")
KEY_ONLY = {"Resources": {"Key": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ci"}}}}


def test_fails_on_errors_and_lists_them() -> None:
    with pytest.raises(
        AssertionError, match=r"1 sts-constructs finding\(s\):\n.*Open\n  ERROR STS-TRUST1"
    ):
        assert_no_sts_findings(OPEN)


def test_warnings_pass_unless_asked_for() -> None:
    assert_no_sts_findings(KEY_ONLY)
    with pytest.raises(AssertionError, match="WARNING STS-IAM3"):
        assert_no_sts_findings(KEY_ONLY, severity="warning")


def test_accepts_a_path(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(OPEN))
    with pytest.raises(AssertionError, match="STS-TRUST1"):
        assert_no_sts_findings(path)
    with pytest.raises(AssertionError, match="STS-TRUST1"):
        assert_no_sts_findings(str(path))


def test_accepts_anything_with_to_json() -> None:
    class Template:
        def to_json(self) -> dict[str, Any]:
            return OPEN

    with pytest.raises(AssertionError, match="STS-TRUST1"):
        assert_no_sts_findings(Template())


@pytest.mark.parametrize(("subject", "severity"), [(42, "error"), (KEY_ONLY, "info")])
def test_fails_on_bad_arguments(subject: object, severity: str) -> None:
    with pytest.raises((TypeError, ValueError)):
        assert_no_sts_findings(subject, severity=severity)  # type: ignore[arg-type]


def test_format_groups_by_template_and_resource() -> None:
    findings = [
        Finding(rule="STS-IAM3", severity="warning", template="t", resource="Key", message="m1"),
        Finding(rule="STS-IAM4", severity="warning", template="t", resource="Key", message="m2"),
        Finding(rule="STS-LIMIT8", severity="error", template="t", resource="", message="m3"),
    ]
    assert format_findings(findings) == (
        "t (template)\n  ERROR STS-LIMIT8: m3\n"
        "t Key\n  WARNING STS-IAM3: m1\n  WARNING STS-IAM4: m2"
    )


def _trusting(principal: str) -> dict[str, Any]:
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": principal},
        "Action": "sts:AssumeRole",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
    }
    return {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {"AssumeRolePolicyDocument": {"Statement": [statement]}},
            }
        }
    }


def test_own_accounts_make_trust_in_them_first_party() -> None:
    template = _trusting("arn:aws:iam::444455556666:root")

    with pytest.raises(AssertionError, match="STS-TRUST2"):
        assert_no_sts_findings(template)
    assert_no_sts_findings(template, own_accounts=["444455556666"])
    with pytest.raises(AssertionError, match="STS-TRUST2"):
        assert_no_sts_findings(template, own_accounts=["777788889999"])
