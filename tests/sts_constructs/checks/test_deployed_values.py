"""The checks judge what CloudFormation deploys (issue 10, kinds 1-3): intrinsic functions
resolved, documents written as text, and what cannot be read said instead of passed.

Every case is written twice, as a JSON template dict and as YAML with short-form tags, and
both must give the same findings.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from sts_constructs.checks import check_template, parse_template
from tests.sts_constructs.checks._trust_templates import (
    GITHUB,
    GITHUB_ARN,
    OWN,
    allow,
    messages,
    rules,
    trust_role,
    trusting,
)


def role_json(statement: dict[str, Any]) -> dict[str, Any]:
    return trusting(statement, Conditions={"IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}})


def role_yaml(statement: str) -> dict[str, Any]:
    indented = "\n".join("          " + line for line in statement.strip("\n").splitlines())
    text = (
        "Conditions:\n"
        "  IsProd: !Equals [!Ref Stage, prod]\n"
        "Resources:\n"
        "  Role:\n"
        "    Type: AWS::IAM::Role\n"
        "    Properties:\n"
        "      AssumeRolePolicyDocument:\n"
        "        Version: 2012-10-17\n"
        "        Statement:\n" + indented + "\n"
    )
    return parse_template(text, source="case.yaml")


def github_sub_case(name: str, sub: str, expected: list[str]) -> tuple[Any, ...]:
    """Return a case of a GitHub trust whose ``sub`` condition is ``!Sub sub``."""
    return (
        name,
        allow(
            {"Federated": GITHUB_ARN},
            "sts:AssumeRoleWithWebIdentity",
            StringEquals={f"{GITHUB}:aud": "sts.amazonaws.com"},
            StringLike={f"{GITHUB}:sub": {"Fn::Sub": sub}},
        ),
        f"- Effect: Allow\n  Principal: {{Federated: '{GITHUB_ARN}'}}\n"
        "  Action: sts:AssumeRoleWithWebIdentity\n"
        "  Condition:\n"
        f"    StringEquals: {{'{GITHUB}:aud': sts.amazonaws.com}}\n"
        f"    StringLike: {{'{GITHUB}:sub': !Sub '{sub}'}}",
        expected,
    )


# (name, JSON statement, the same statement in YAML, rules expected)
CASES = [
    (
        "principal-join-of-star",
        allow({"AWS": {"Fn::Join": ["", ["*"]]}}),
        "- Effect: Allow\n  Principal: {AWS: !Join ['', ['*']]}\n  Action: sts:AssumeRole",
        ["STS-TRUST1"],
    ),
    (
        "principal-join-own-account",
        allow(
            {
                "AWS": {
                    "Fn::Join": [
                        "",
                        [
                            "arn:",
                            {"Ref": "AWS::Partition"},
                            ":iam::",
                            {"Ref": "AWS::AccountId"},
                            ":root",
                        ],
                    ]
                }
            }
        ),
        "- Effect: Allow\n"
        "  Principal: {AWS: !Join ['', ['arn:', !Ref 'AWS::Partition', ':iam::',"
        " !Ref 'AWS::AccountId', ':root']]}\n"
        "  Action: sts:AssumeRole",
        [],
    ),
    github_sub_case("sub-of-a-wildcard-subject", "repo:*", ["STS-FED2"]),
    # ${Repo} is a parameter: it could be '*'.
    github_sub_case("sub-of-a-scoped-subject", "repo:octo/${Repo}:ref:main", ["STS-FED2"]),
    (
        "if-with-a-star-branch",
        allow({"AWS": {"Fn::If": ["IsProd", "*", f"arn:aws:iam::{OWN}:root"]}}),
        f"- Effect: Allow\n  Principal: {{AWS: !If [IsProd, '*', 'arn:aws:iam::{OWN}:root']}}\n"
        "  Action: sts:AssumeRole",
        ["STS-TRUST1"],
    ),
    (
        "if-with-two-own-branches",
        allow({"AWS": {"Fn::If": ["IsProd", f"arn:aws:iam::{OWN}:role/a", OWN]}}),
        "- Effect: Allow\n"
        f"  Principal: {{AWS: !If [IsProd, 'arn:aws:iam::{OWN}:role/a', '{OWN}']}}\n"
        "  Action: sts:AssumeRole",
        [],
    ),
    (
        "principal-arn-sub-of-star",
        allow({"AWS": "*"}, ArnLike={"aws:PrincipalArn": {"Fn::Sub": "*"}}),
        "- Effect: Allow\n  Principal: {AWS: '*'}\n  Action: sts:AssumeRole\n"
        "  Condition: {ArnLike: {'aws:PrincipalArn': !Sub '*'}}",
        ["STS-TRUST1"],
    ),
    (
        "principal-arn-sub-of-own-role",
        allow(
            {"AWS": "*"},
            ArnLike={"aws:PrincipalArn": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/ci"}},
        ),
        "- Effect: Allow\n  Principal: {AWS: '*'}\n  Action: sts:AssumeRole\n"
        "  Condition:\n"
        "    ArnLike: {'aws:PrincipalArn': !Sub 'arn:aws:iam::${AWS::AccountId}:role/ci'}",
        [],
    ),
    (
        "principal-arn-pattern-from-a-parameter",
        allow({"AWS": "*"}, ArnLike={"aws:PrincipalArn": {"Ref": "TrustedArn"}}),
        "- Effect: Allow\n  Principal: {AWS: '*'}\n  Action: sts:AssumeRole\n"
        "  Condition: {ArnLike: {'aws:PrincipalArn': !Ref TrustedArn}}",
        ["STS-TRUST1"],
    ),
    (
        "principal-arn-exact-from-a-parameter",
        allow({"AWS": "*"}, StringEquals={"aws:PrincipalArn": {"Ref": "TrustedArn"}}),
        "- Effect: Allow\n  Principal: {AWS: '*'}\n  Action: sts:AssumeRole\n"
        "  Condition: {StringEquals: {'aws:PrincipalArn': !Ref TrustedArn}}",
        [],
    ),
    (
        "condition-if-with-no-value",
        {
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "Fn::If": [
                    "IsProd",
                    {"StringEquals": {"aws:PrincipalOrgID": "o-abc1234567"}},
                    {"Ref": "AWS::NoValue"},
                ]
            },
        },
        "- Effect: Allow\n  Principal: {AWS: '*'}\n  Action: sts:AssumeRole\n"
        "  Condition: !If [IsProd, {StringEquals: {'aws:PrincipalOrgID': o-abc1234567}},"
        " !Ref 'AWS::NoValue']",
        ["STS-TRUST1"],
    ),
    (
        "condition-if-with-two-organizations",
        {
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {
                    "aws:PrincipalOrgID": {"Fn::If": ["IsProd", "o-abc1234567", "o-def1234567"]}
                }
            },
        },
        "- Effect: Allow\n  Principal: {AWS: '*'}\n  Action: sts:AssumeRole\n"
        "  Condition: {StringEquals: {'aws:PrincipalOrgID': !If [IsProd, o-abc1234567,"
        " o-def1234567]}}",
        [],
    ),
]


@pytest.mark.parametrize(
    ("statement", "yaml_statement", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_intrinsics_are_judged_by_what_they_deploy(
    statement: dict[str, Any], yaml_statement: str, expected: list[str]
) -> None:
    assert rules(role_json(statement)) == expected
    assert rules(role_yaml(yaml_statement)) == expected


def test_a_risky_branch_is_named_with_its_condition() -> None:
    template = role_json(allow({"AWS": {"Fn::If": ["IsProd", "*", OWN]}}))
    assert "Trust policy statement 0 (if IsProd is true) trusts every" in messages(template)


STAR_DOCUMENT = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
    }
)


def eks_document(*, with_audience: bool) -> dict[str, Any]:
    """Return an EKS IRSA trust as plain CloudFormation writes it: Fn::Join over JSON text."""
    issuer = {"Fn::Select": [1, {"Fn::Split": ["//", {"Ref": "IssuerUrl"}]}]}
    audience = ['"', issuer, ':aud": "sts.amazonaws.com", '] if with_audience else []
    return {
        "Fn::Join": [
            "",
            [
                '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": '
                f'{{"Federated": "arn:aws:iam::{OWN}:oidc-provider/',
                issuer,
                '"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {',
                *audience,
                '"',
                issuer,
                ':sub": "system:serviceaccount:prod:app"}}}]}',
            ],
        ]
    }


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"Fn::Sub": STAR_DOCUMENT}, ["STS-TRUST1"]),
        ({"Fn::Join": ["", [STAR_DOCUMENT[:40], STAR_DOCUMENT[40:]]]}, ["STS-TRUST1"]),
        ({"Fn::Sub": STAR_DOCUMENT.replace('"*"', '"arn:aws:iam::${AWS::AccountId}:root"')}, []),
        ({"Fn::Sub": STAR_DOCUMENT.replace('"*"', "${Principals}")}, ["STS-TRUST2"]),
        (eks_document(with_audience=True), []),
        (eks_document(with_audience=False), ["STS-FED3"]),
    ],
    ids=["sub-star", "join-star", "sub-own", "sub-parameter", "eks-aud", "eks-no-aud"],
)
def test_documents_written_as_text_are_read(document: Any, expected: list[str]) -> None:
    assert rules(trust_role(document)) == expected


def test_yaml_sub_block_document_is_read() -> None:
    template = parse_template(
        "Resources:\n"
        "  Role:\n"
        "    Type: AWS::IAM::Role\n"
        "    Properties:\n"
        "      AssumeRolePolicyDocument: !Sub |\n"
        '        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},\n'
        '          "Action": "sts:AssumeRole",\n'
        '          "Condition": {"StringEquals": {"sts:ExternalId": "${ExternalId}"}}}]}\n'
    )
    assert rules(template) == ["STS-TRUST1"]


@pytest.mark.parametrize(
    ("document", "said"),
    [
        ({"statement": []}, "the document element 'statement' is not read (IAM spells it"),
        ({"Statement": "sts:AssumeRole"}, "'Statement' is the string 'sts:AssumeRole', not a list"),
        ({"Statement": {"Ref": "Statements"}}, "'Statement' is Ref Statements, known only"),
        ({"Fn::GetAtt": ["Custom", "Policy"]}, "the document is Fn::GetAtt Custom.Policy"),
        ({"Fn::Sub": "not json ${X}"}, "the document is text that is not JSON"),
        (
            {"Statement": [{"effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]},
            "statement 0: the element 'effect' is not read (IAM spells it 'Effect')",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Principal": {"aws": "*"}, "Action": "x"}]},
            "the principal type 'aws' is not read (IAM spells it 'AWS')",
        ),
        (
            {
                "Statement": [
                    {"Effect": "Allow", "Principal": "*", "Action": "a", "Condition": {"Ref": "C"}}
                ]
            },
            "statement 0: Condition is Ref C, known only at deploy time",
        ),
        (
            {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "a",
                        "Condition": {"StringEqual": {"k": "v"}},
                    }
                ]
            },
            "'StringEqual' is not a condition operator IAM documents",
        ),
    ],
)
def test_what_cannot_be_read_is_said(document: Any, said: str) -> None:
    found = [
        f for f in check_template(trust_role(document), account_id=OWN) if f.rule == "STS-READ1"
    ]
    assert len(found) == 1
    assert said in found[0].message
    assert found[0].severity == "warning"


def test_an_unknown_effect_reads_as_allow() -> None:
    document = {
        "Statement": [{"Effect": {"Ref": "Effect"}, "Principal": "*", "Action": "sts:AssumeRole"}]
    }
    assert rules(trust_role(document)) == ["STS-READ1", "STS-TRUST1"]


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ({"Resources": {}}, "The template has no Resources"),
        ({"Outputs": {}}, "The template has no Resources"),
        ({"Resources": {"R": ["not", "a", "resource"]}}, "not an object with a Type"),
        ({"Resources": {"R": {"Properties": {}}}}, "not an object with a Type"),
        (
            {"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": ["x"]}}},
            "Properties is not an object",
        ),
        (
            {"Resources": {"R": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": 7}}}},
            "PolicyDocument must be a policy document (object or JSON text), not int",
        ),
        (
            {"Resources": {"R": {"Type": "AWS::IAM::User", "Properties": {"Policies": "p"}}}},
            "Policies must be a list, not str",
        ),
    ],
)
def test_templates_of_the_wrong_shape_are_said(template: dict[str, Any], said: str) -> None:
    found = [f for f in check_template(template) if f.rule == "STS-READ3"]
    assert len(found) == 1
    assert said in found[0].message


def test_a_role_without_a_trust_policy_is_said() -> None:
    template = {"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}}}}
    [finding] = check_template(template)
    assert (finding.rule, finding.resource) == ("STS-READ1", "R")
    assert "no AssumeRolePolicyDocument" in finding.message


def test_cdk_cfn_json_conditions_are_read_through() -> None:
    template = trust_role(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": GITHUB_ARN},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {"Fn::GetAtt": ["ConditionJson", "Value"]},
                }
            ]
        }
    )
    template["Resources"]["ConditionJson"] = {
        "Type": "Custom::AWSCDKCfnJson",
        "Properties": {
            "ServiceToken": {"Fn::GetAtt": ["Provider", "Arn"]},
            "Value": {
                "Fn::Join": [
                    "",
                    [
                        '{"StringEquals":{"',
                        GITHUB,
                        ':aud":"sts.amazonaws.com"},"StringLike":{"',
                        GITHUB,
                        ':sub":"repo:*"}}',
                    ],
                ]
            },
        },
    }
    assert rules(template) == ["STS-FED2"]
