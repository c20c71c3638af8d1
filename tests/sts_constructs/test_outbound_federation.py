"""Outbound identity federation: GetWebIdentityToken for named audiences, durations, algorithms."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template

from sts_constructs import (
    WebIdentityTokenAlgorithm,
    WebIdentityTokenPolicy,
    web_identity_token_policy_document,
)
from sts_constructs.checks import assert_no_sts_findings
from tests.sts_constructs.federation._support import one_statement_policy
from tests.support import nag_findings


def test_policy_pins_audiences_duration_and_algorithm() -> None:
    document = web_identity_token_policy_document(
        audiences=["https://api.example.com", "https://vault.example.com"],
        max_duration_seconds=600,
        signing_algorithms=[WebIdentityTokenAlgorithm.RS256, "ES384"],
    )

    assert document == one_statement_policy(
        "GetWebIdentityTokenForNamedAudiences",
        Action="sts:GetWebIdentityToken",
        Resource="*",
        Condition={
            "ForAllValues:StringEquals": {
                "sts:IdentityTokenAudience": [
                    "https://api.example.com",
                    "https://vault.example.com",
                ]
            },
            "Null": {"sts:IdentityTokenAudience": "false"},
            "NumericLessThanEquals": {"sts:DurationSeconds": "600"},
            "StringEquals": {"sts:SigningAlgorithm": ["RS256", "ES384"]},
        },
    )


def test_defaults_are_five_minutes_and_es384() -> None:
    condition = web_identity_token_policy_document(audiences=["https://api.example.com"])[
        "Statement"
    ][0]["Condition"]

    assert condition["NumericLessThanEquals"] == {"sts:DurationSeconds": "300"}
    assert condition["StringEquals"] == {"sts:SigningAlgorithm": "ES384"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"audiences": []}, "audiences: [] names nothing; an unrestricted grant"),
        ({"audiences": ["*"]}, "audiences[0]: '*' must be the exact audience"),
        (
            {"audiences": ["https://*.example.com"]},
            "audiences[0]: 'https://*.example.com' must be the exact audience",
        ),
        (
            {"audiences": [f"https://{i}.example.com" for i in range(11)]},
            "audiences: 11 audiences; a token names at most 10",
        ),
        ({"audiences": ["a", "a"]}, "audiences: 'a' appears more than once"),
        (
            {"max_duration_seconds": 59},
            "max_duration_seconds: 59 must be whole seconds from 60 to 3600",
        ),
        ({"max_duration_seconds": 3601}, "max_duration_seconds: 3601 must be whole seconds"),
        ({"max_duration_seconds": 300.5}, "max_duration_seconds: 300.5 must be whole seconds"),
        ({"signing_algorithms": []}, "signing_algorithms: [] names nothing"),
        (
            {"signing_algorithms": ["HS256"]},
            "signing_algorithms[0]: 'HS256' is not one of ['RS256', 'ES384']",
        ),
    ],
)
def test_fails_on_unrestricted_or_impossible_grants(kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {"audiences": ["https://api.example.com"], **kwargs}
    with pytest.raises(ValueError, match=re.escape(message)):
        web_identity_token_policy_document(**arguments)


def test_construct_attaches_to_the_role_and_passes_cdk_nag(stack: Stack) -> None:
    role = iam.Role(stack, "Workload", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    WebIdentityTokenPolicy(stack, "Tokens", audiences=["https://api.example.com"], roles=[role])
    role_id = stack.get_logical_id(role.node.default_child)  # type: ignore[arg-type]

    Template.from_stack(stack).has_resource_properties(
        "AWS::IAM::ManagedPolicy",
        {
            "Description": "sts:GetWebIdentityToken for https://api.example.com",
            "Roles": [{"Ref": role_id}],
        },
    )
    assert nag_findings(stack) == []
    assert_no_sts_findings(stack, severity="warning")
