"""Condition operators as IAM defines them, and conditions that really restrict (issue 10,
kinds 4 and 5). The operators' classification comes from the one catalogue,
``sts_constructs.evaluator.operators``; these tests check the rules use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sts_constructs.checks import parse_template
from tests.sts_constructs.checks._trust_templates import (
    GITHUB,
    GITHUB_ARN,
    OWN,
    allow,
    rules,
    trusting,
)


def github(**condition: Any) -> dict[str, Any]:
    return trusting(allow({"Federated": GITHUB_ARN}, "sts:AssumeRoleWithWebIdentity", **condition))


def anyone(**condition: Any) -> dict[str, Any]:
    return trusting(allow({"AWS": "*"}, **condition))


AUD = {f"{GITHUB}:aud": "sts.amazonaws.com"}
SUB = {f"{GITHUB}:sub": "repo:octo/app:ref:refs/heads/main"}


# (condition, rules expected) on a GitHub trust: operators are classified as IAM defines them.
GITHUB_CONDITIONS = [
    # Exact matches IAM accepts, in every documented spelling.
    ({"StringEquals": {**AUD, **SUB}}, []),
    ({"StringEqualsIgnoreCase": {**AUD, **SUB}}, []),
    ({"StringEquals": AUD, "StringEqualsIgnoreCase": SUB}, []),
    ({"StringEquals": AUD, "StringLike": SUB}, []),
    # Negated, presence and IfExists tests do not pin who may come in.
    ({"StringEquals": AUD, "StringNotEquals": SUB}, ["STS-FED1"]),
    ({"StringEquals": AUD, "Null": {f"{GITHUB}:sub": "false"}}, ["STS-FED1"]),
    ({"StringEquals": AUD, "StringEqualsIfExists": SUB}, ["STS-FED1", "STS-FED4"]),
    ({"StringEquals": AUD, "ForAllValues:StringEquals": SUB}, ["STS-FED1", "STS-FED4"]),
    ({"StringNotEqualsIgnoreCase": AUD, "StringEquals": SUB}, ["STS-FED3"]),
    ({"StringEqualsIgnoreCase": AUD, "StringEquals": SUB}, []),
]
# ... and on a trust of any principal: a restricting condition must restrict.
ANYONE_CONDITIONS = [
    ({"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{OWN}:role/ci-*"}}, []),
    ({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}, ["STS-TRUST1"]),
    ({"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::1111*:role/admin"}}, ["STS-TRUST1"]),
    ({"ArnLike": {"aws:PrincipalArn": "arn:*:*:*:*:*"}}, ["STS-TRUST1"]),
    ({"StringLike": {"aws:PrincipalAccount": "1111*"}}, ["STS-TRUST1"]),
    ({"StringEquals": {"aws:PrincipalAccount": OWN}}, []),
    ({"StringLike": {"aws:PrincipalOrgID": "o-*"}}, ["STS-TRUST1"]),
    ({"StringEquals": {"aws:PrincipalOrgID": "o-abc1234567"}}, []),
    ({"StringNotEquals": {"aws:PrincipalOrgID": "o-abc1234567"}}, ["STS-TRUST1"]),
    (
        {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc1234567"}},
        ["STS-FED4", "STS-TRUST1"],
    ),
    ({"StringEquals": {"sts:ExternalId": "partner-7"}}, ["STS-TRUST1"]),
]


@pytest.mark.parametrize(
    ("trust", "condition", "expected"),
    [(github, *case) for case in GITHUB_CONDITIONS]
    + [(anyone, *case) for case in ANYONE_CONDITIONS],
)
def test_conditions_count_as_iam_evaluates_them(
    trust: Callable[..., dict[str, Any]], condition: dict[str, Any], expected: list[str]
) -> None:
    assert rules(trust(**condition)) == expected


@pytest.mark.parametrize(
    ("pattern", "flagged"),
    [
        ("repo:octo/app:ref:refs/heads/main", False),
        ("repo:octo/app:*", False),
        ("*:repo:octo/app:*", True),  # The wildcard can absorb another owner's repo claim.
        ("*repo:octo/app*", True),
        ("environment:prod:repo:octo/app", False),  # A custom template, literal before repo.
        ("environment:*:repo:octo/app", True),
        ("repo:*/app:*", True),
        ("repo:octo/*", True),
        ("*", True),
    ],
)
def test_github_subject_patterns_wherever_the_repo_claim_sits(pattern: str, flagged: bool) -> None:
    found = rules(github(StringEquals=AUD, StringLike={f"{GITHUB}:sub": pattern}))
    assert found == (["STS-FED2"] if flagged else [])


def test_a_wildcard_from_an_intrinsic_is_no_restriction_in_yaml() -> None:
    template = parse_template(
        "Resources:\n"
        "  Role:\n"
        "    Type: AWS::IAM::Role\n"
        "    Properties:\n"
        "      AssumeRolePolicyDocument:\n"
        "        Statement:\n"
        "          - Effect: Allow\n"
        "            Principal: {AWS: '*'}\n"
        "            Action: sts:AssumeRole\n"
        "            Condition:\n"
        "              StringLike: {'aws:PrincipalOrgID': !Join ['', ['o-', '*']]}\n"
    )
    assert rules(template) == ["STS-TRUST1"]
