"""STS-IAM10/11 and STS-TRUST10/11: compliant and non-compliant cases, our constructs pass."""

from __future__ import annotations

from typing import Any

import pytest

from sts_constructs import (
    CertificateMatch,
    PodIdentityTrust,
    PodIdentityWorkload,
    RolesAnywhereTrust,
    assume_root_policy_document,
    web_identity_token_policy_document,
)
from sts_constructs.checks import RULES, Finding, check_template

OWN = "111111111111"
ANCHOR = f"arn:aws:rolesanywhere:eu-west-1:{OWN}:trust-anchor/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
TASK = "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy"


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {
        "Resources": {
            "Policy": {
                "Type": "AWS::IAM::ManagedPolicy",
                "Properties": {
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": list(statements)}
                },
            }
        }
    }


def role(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": document}}
        }
    }


def trust(principal: dict[str, Any], actions: list[str], **condition: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": actions}
    if condition:
        statement["Condition"] = condition
    return role({"Version": "2012-10-17", "Statement": [statement]})


def allow(action: Any, resource: Any = "*", **condition: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": action, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return statement


def findings(template: dict[str, Any], rule_id: str) -> list[Finding]:
    return [f for f in check_template(template, account_id=OWN) if f.rule == rule_id]


ROOT = f"arn:aws:iam::{OWN}:root"
ROLES_ANYWHERE = {"Service": "rolesanywhere.amazonaws.com"}
RA_ACTIONS = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
PODS = {"Service": "pods.eks.amazonaws.com"}
POD_ACTIONS = ["sts:AssumeRole", "sts:TagSession"]

CASES = [
    # STS-IAM10: AssumeRoot
    (
        "STS-IAM10",
        policy(allow("sts:AssumeRoot", ROOT, StringEquals={"sts:TaskPolicyArn": TASK})),
        [],
    ),
    ("STS-IAM10", policy(allow("sts:AssumeRoot", ROOT)), ["STS-IAM10"]),
    ("STS-IAM10", policy(allow("sts:*", ROOT)), ["STS-IAM10"]),
    (
        "STS-IAM10",
        policy(
            allow(
                "sts:AssumeRoot",
                ROOT,
                StringLike={"sts:TaskPolicyArn": "arn:aws:iam::aws:policy/root-task/*"},
            )
        ),
        ["STS-IAM10"],
    ),
    (
        "STS-IAM10",
        policy(allow("sts:AssumeRoot", ROOT, StringEqualsIfExists={"sts:TaskPolicyArn": TASK})),
        ["STS-IAM10"],
    ),
    ("STS-IAM10", policy(allow("sts:AssumeRole", ROOT)), []),
    # STS-IAM11: GetWebIdentityToken
    (
        "STS-IAM11",
        policy(
            allow(
                "sts:GetWebIdentityToken",
                **{
                    "ForAllValues:StringEquals": {
                        "sts:IdentityTokenAudience": "https://api.example.com"
                    }
                },
            )
        ),
        [],
    ),
    ("STS-IAM11", policy(allow("sts:GetWebIdentityToken")), ["STS-IAM11"]),
    (
        "STS-IAM11",
        policy(
            allow(
                "sts:GetWebIdentityToken",
                **{
                    "ForAnyValue:StringEquals": {
                        "sts:IdentityTokenAudience": "https://api.example.com"
                    }
                },
            )
        ),
        ["STS-IAM11"],
    ),
    (
        "STS-IAM11",
        policy(allow("sts:Get*", NumericLessThanEquals={"sts:DurationSeconds": "300"})),
        ["STS-IAM11"],
    ),
    (
        "STS-IAM11",
        policy(
            allow(
                "sts:GetWebIdentityToken",
                **{"ForAllValues:StringLike": {"sts:IdentityTokenAudience": "*"}},
            )
        ),
        ["STS-IAM11"],
    ),
    # STS-TRUST10: Roles Anywhere
    ("STS-TRUST10", trust(ROLES_ANYWHERE, RA_ACTIONS, ArnEquals={"aws:SourceArn": ANCHOR}), []),
    ("STS-TRUST10", trust(ROLES_ANYWHERE, RA_ACTIONS), ["STS-TRUST10"]),
    (
        "STS-TRUST10",
        trust(
            ROLES_ANYWHERE, RA_ACTIONS, StringEquals={"aws:PrincipalTag/x509Subject/CN": "agent"}
        ),
        ["STS-TRUST10"],
    ),
    (
        "STS-TRUST10",
        trust(
            ROLES_ANYWHERE,
            RA_ACTIONS,
            ArnLike={"aws:SourceArn": f"arn:aws:rolesanywhere:eu-west-1:{OWN}:trust-anchor/*"},
        ),
        ["STS-TRUST10"],
    ),
    (
        "STS-TRUST10",
        trust(
            ROLES_ANYWHERE,
            RA_ACTIONS,
            ArnEquals={"aws:SourceArn": {"Fn::GetAtt": ["Anchor", "TrustAnchorArn"]}},
        ),
        [],
    ),
    # STS-TRUST11: Pod Identity
    (
        "STS-TRUST11",
        trust(
            PODS,
            POD_ACTIONS,
            StringEquals={
                "aws:RequestTag/kubernetes-namespace": "payments",
                "aws:RequestTag/kubernetes-service-account": "api",
            },
        ),
        [],
    ),
    ("STS-TRUST11", trust(PODS, POD_ACTIONS), ["STS-TRUST11"]),
    (
        "STS-TRUST11",
        trust(PODS, POD_ACTIONS, StringEquals={"aws:RequestTag/kubernetes-namespace": "payments"}),
        ["STS-TRUST11"],
    ),
    (
        "STS-TRUST11",
        trust(
            PODS,
            POD_ACTIONS,
            StringLike={
                "aws:RequestTag/kubernetes-namespace": "*",
                "aws:RequestTag/kubernetes-service-account": "*",
            },
        ),
        ["STS-TRUST11"],
    ),
]


@pytest.mark.parametrize(("rule_id", "template", "expected"), CASES)
def test_rule(rule_id: str, template: dict[str, Any], expected: list[str]) -> None:
    assert [f.rule for f in findings(template, rule_id)] == expected


def test_messages_say_what_and_how_to_fix() -> None:
    (root,) = findings(CASES[1][1], "STS-IAM10")
    (token,) = findings(CASES[7][1], "STS-IAM11")
    (anchor,) = findings(CASES[12][1], "STS-TRUST10")
    (cert,) = findings(CASES[13][1], "STS-TRUST10")
    (pods,) = findings(CASES[18][1], "STS-TRUST11")

    assert "sts:TaskPolicyArn" in root.message and root.severity == "error"
    assert "sts:IdentityTokenAudience" in token.message and token.severity == "error"
    assert "any certificate of any trust anchor" in anchor.message
    assert "certificates with these fields from any trust anchor" in cert.message
    assert "aws:RequestTag/kubernetes-service-account" in pods.message
    assert pods.severity == "warning"


def test_the_library_policies_pass_the_new_rules() -> None:
    templates = [
        policy(
            *assume_root_policy_document(
                member_account_ids=["222222222222"], task_policies=["S3UnlockBucketPolicy"]
            )["Statement"]
        ),
        policy(
            *web_identity_token_policy_document(audiences=["https://api.example.com"])["Statement"]
        ),
        role(
            RolesAnywhereTrust(
                trust_anchor_arns=[ANCHOR], certificate=CertificateMatch(subject_common_names=["a"])
            ).policy_document()
        ),
        role(
            PodIdentityTrust(
                workloads=[
                    PodIdentityWorkload(cluster_name="prod", namespace="a", service_account="b")
                ]
            ).policy_document()
        ),
    ]
    ours = {"STS-IAM10", "STS-IAM11", "STS-TRUST10", "STS-TRUST11"}
    for template in templates:
        assert [f.rule for f in check_template(template, account_id=OWN) if f.rule in ours] == []


def test_the_new_rules_are_registered() -> None:
    ids = [rule.id for rule in RULES]
    for rule_id in ("STS-IAM10", "STS-IAM11", "STS-TRUST10", "STS-TRUST11"):
        assert ids.count(rule_id) == 1
