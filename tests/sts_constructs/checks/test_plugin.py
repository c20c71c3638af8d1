"""The CDK validation plugin: a synth with risky trust fails, acknowledged findings do not count.

Synthesis is slow (seconds): one module-scoped fixture synthesizes both apps.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest

pytest.importorskip("aws_cdk")
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")

import aws_cdk as cdk
from aws_cdk import aws_iam as iam

from sts_constructs import acknowledge
from sts_constructs.checks import StsTrustChecks, assert_no_sts_findings

OPEN_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
}


@dataclass
class Synth:
    failing_error: str
    failing_report: dict[str, Any]
    passing_outdir: Path
    passing_stack: cdk.Stack


def _risky_app(outdir: Path) -> cdk.App:
    app = cdk.App(outdir=str(outdir))
    cdk.Validations.of(app).add_plugins(StsTrustChecks())
    stack = cdk.Stack(app, "Risky", env=cdk.Environment(account="111111111111", region="us-east-1"))
    iam.CfnRole(stack, "OpenRole", assume_role_policy_document=OPEN_TRUST)
    partner = iam.Role(stack, "PartnerRole", assumed_by=iam.AccountPrincipal("222222222222"))
    acknowledged = iam.CfnRole(stack, "AcknowledgedRole", assume_role_policy_document=OPEN_TRUST)
    acknowledge(acknowledged, rule_id="STS-TRUST1", reason="Locked down by an SCP in this test.")
    # A bare ID (CDK files it under "Annotation::"), as cdk-nag v3 users write them.
    bare = iam.CfnRole(stack, "BareAcknowledgedRole", assume_role_policy_document=OPEN_TRUST)
    cdk.Validations.of(bare).acknowledge(
        cdk.Acknowledgment(id="STS-TRUST1", reason="Also locked down.")
    )
    del partner
    return app


def _passing_app(outdir: Path) -> tuple[cdk.App, cdk.Stack]:
    # The deprecated registration; typed for the Beta1 report, which it accepts at run time.
    plugin = cast("cdk.IPolicyValidationPluginBeta1", StsTrustChecks())
    app = cdk.App(outdir=str(outdir), policy_validation_beta1=[plugin])
    stack = cdk.Stack(app, "Fine")
    user = iam.User(stack, "CiUser")
    iam.CfnAccessKey(stack, "CiKey", user_name=user.user_name)  # A warning only.
    iam.Role(stack, "Ec2Role", assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"))
    return app, stack


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    failing_outdir = tmp_path_factory.mktemp("risky")
    with pytest.raises(Exception, match="ValidationFailed") as raised:
        _risky_app(failing_outdir).synth()
    report = json.loads((failing_outdir / "validation-report.json").read_text())
    passing_outdir = tmp_path_factory.mktemp("fine")
    app, stack = _passing_app(passing_outdir)
    app.synth()
    return Synth(str(raised.value), report, passing_outdir, stack)


def _our_violations(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows = []
    for plugin in report["pluginReports"]:
        if plugin["pluginName"] != "sts-constructs":
            continue
        for violation in plugin["violations"]:
            for construct in violation["violatingConstructs"]:
                rows.append(
                    (violation["ruleName"], violation["severity"], construct["constructPath"])
                )
    return sorted(rows)


def test_synth_fails_on_risky_trust_and_reports_each_resource(synth: Synth) -> None:
    assert _our_violations(synth.failing_report) == [
        ("STS-TRUST1", "error", "Risky/OpenRole"),
        ("STS-TRUST2", "error", "Risky/PartnerRole/Resource"),
    ]


def test_acknowledged_resources_are_not_reported(synth: Synth) -> None:
    paths = {path for _, _, path in _our_violations(synth.failing_report)}
    assert "Risky/AcknowledgedRole" not in paths
    assert "Risky/BareAcknowledgedRole" not in paths


def test_report_says_why_and_how_to_fix(synth: Synth) -> None:
    plugin = next(
        p for p in synth.failing_report["pluginReports"] if p["pluginName"] == "sts-constructs"
    )
    violation = next(v for v in plugin["violations"] if v["ruleName"] == "STS-TRUST1")
    assert "aws:PrincipalOrgID" in violation["description"]
    assert "https://docs.aws.amazon.com/" in violation["suggestedFix"]
    assert plugin["conclusion"] == "failure"
    assert "Acknowledge with 'sts-constructs::STS-TRUST1'" in synth.failing_error


def test_warnings_alone_do_not_fail_the_synth_with_the_beta1_registration(synth: Synth) -> None:
    report = json.loads((synth.passing_outdir / "validation-report.json").read_text())
    assert _our_violations(report) == [("STS-IAM3", "warning", "Fine/CiKey")]


def test_pytest_helper_accepts_a_stack(synth: Synth) -> None:
    assert_no_sts_findings(synth.passing_stack)
    with pytest.raises(AssertionError, match="STS-IAM3"):
        assert_no_sts_findings(synth.passing_stack, severity="warning")


@pytest.mark.parametrize(
    ("rule_id", "reason", "message"),
    [("STS-NOPE", "a long enough reason", "rule_id"), ("STS-IAM3", "short", "reason")],
)
def test_acknowledge_fails_on_unknown_rule_or_short_reason(
    rule_id: str, reason: str, message: str
) -> None:
    stack = cdk.Stack(cdk.App(), "S")
    with pytest.raises(ValueError, match=message):
        acknowledge(stack, rule_id=rule_id, reason=reason)


def test_synth_fails_on_a_user_s_inline_policies_across_stacks(tmp_path: Path) -> None:
    # iam.User.from_user_name in two stacks of one account: each stack alone is under 2,048.
    app = cdk.App(outdir=str(tmp_path))
    cdk.Validations.of(app).add_plugins(StsTrustChecks())
    env = cdk.Environment(account="111111111111", region="eu-west-1")
    for stack_name in ("GrantsA", "GrantsB"):
        stack = cdk.Stack(app, stack_name, env=env)
        for i in range(6):
            iam.Policy(
                stack,
                f"Grant{i}",
                users=[iam.User.from_user_name(stack, f"Alice{i}", "alice")],
                statements=[
                    iam.PolicyStatement(
                        actions=["sts:AssumeRole"],
                        resources=[
                            f"arn:aws:iam::222222222222:role/prod-access-{stack_name}-{i}",
                            f"arn:aws:iam::333333333333:role/prod-access-{stack_name}-{i}",
                        ],
                    )
                ],
            )
    with pytest.raises(Exception, match="ValidationFailed"):
        app.synth()
    report = json.loads((tmp_path / "validation-report.json").read_text())
    [violation] = [
        v
        for p in report["pluginReports"]
        for v in p["violations"]
        if p["pluginName"] == "sts-constructs"
    ]
    assert violation["ruleName"] == "STS-LIMIT3"
    assert violation["description"].startswith(
        "The 12 inline policies that 2 stacks of account 111111111111 (GrantsA, GrantsB) "
        "attach to the user alice add up to about 2,"
    )
    assert [c["constructPath"] for c in violation["violatingConstructs"]] == [
        "GrantsA/Grant0/Resource"
    ]
