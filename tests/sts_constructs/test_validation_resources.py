"""Managed policy ARNs, OU IDs, federated user prefixes and StackSet names: whole values, one
rule each; and the ``rule_validator`` every single-rule validator is built with."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam

from sts_constructs import validation as rules

Validator = Callable[[str, str], str]
MANAGED_POLICY_ARN = (rules.validate_managed_policy_arn, "is not a managed policy ARN")
OU_ID = (rules.validate_organizational_unit_id, "is not an OU ID")
PREFIX = (rules.validate_federated_user_prefix, "is not a federated user name prefix")
STACK_SET_NAME = (
    rules.validate_stack_set_name,
    "must start with a letter and hold at most 128 letters, digits and hyphens",
)

ACCEPTED = [
    (MANAGED_POLICY_ARN, "arn:aws:iam::aws:policy/ReadOnlyAccess"),
    (MANAGED_POLICY_ARN, "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"),
    (MANAGED_POLICY_ARN, "arn:aws-cn:iam::111111111111:policy/teams/data/reader"),
    (MANAGED_POLICY_ARN, "arn:aws-us-gov:iam::111111111111:policy/p"),
    (OU_ID, "ou-ab12-cdefgh34"),
    (OU_ID, "r-ab12"),
    (PREFIX, "portal-"),
    (PREFIX, "a"),
    (PREFIX, "x" * 31),
    (STACK_SET_NAME, "sts-multi-org-audit"),
    (STACK_SET_NAME, "A"),
    (STACK_SET_NAME, "a" + "B-9" * 42 + "c"),
]
REFUSED = [
    (MANAGED_POLICY_ARN, "arn:aws:iam::aws:policy/ReadOnlyAccess\n"),
    (MANAGED_POLICY_ARN, "arn:aws:iam::aws:policy/*"),
    (MANAGED_POLICY_ARN, "arn:aws:iam::1111:policy/p"),
    (MANAGED_POLICY_ARN, "arn:aws:iam::aws:role/p"),
    (MANAGED_POLICY_ARN, "ReadOnlyAccess"),
    (OU_ID, "ou-ab12-cdefgh34\n"),
    (OU_ID, "workloads"),
    (OU_ID, "ou-AB12-cdefgh34"),
    (OU_ID, "r-a"),
    (PREFIX, ""),
    (PREFIX, "*"),
    (PREFIX, "x" * 32),
    (PREFIX, "portal-\n"),
    (PREFIX, "por tal"),
    (STACK_SET_NAME, ""),
    (STACK_SET_NAME, "audit\n"),
    (STACK_SET_NAME, "1-audit"),
    (STACK_SET_NAME, "-audit"),
    (STACK_SET_NAME, "org_audit"),
    (STACK_SET_NAME, "org audit"),
    (STACK_SET_NAME, "a" * 129),
    (STACK_SET_NAME, "stäck"),
]


@pytest.mark.parametrize(("rule", "value"), ACCEPTED)
def test_accepts(rule: tuple[Validator, str], value: str) -> None:
    validate, _ = rule

    assert validate("field", value) == value


@pytest.mark.parametrize(("rule", "value"), REFUSED)
def test_refuses(rule: tuple[Validator, str], value: str) -> None:
    validate, message = rule
    with pytest.raises(ValueError, match=rf"^field: .* {message}"):
        validate("field", value)


def test_group_names_take_128_characters() -> None:
    assert rules.validate_group_name("g", "g" * rules.GROUP_NAME_MAX_CHARS) == "g" * 128

    with pytest.raises(ValueError, match=r"^g: .* must be 1-128 characters"):
        rules.validate_group_name("g", "g" * 129)


def test_a_rule_validator_is_named_documented_and_names_field_value_and_rule() -> None:
    validate = rules.rule_validator(
        "validate_colour",
        rules.matches(re.compile(r"red|green")),
        "is not 'red' or 'green'",
        "Check a colour.",
        tokens_pass=False,
    )

    assert (validate.__name__, validate.__doc__) == ("validate_colour", "Check a colour.")
    assert validate("colour", "red") == "red"
    with pytest.raises(ValueError, match=r"^colour: 'red\\n' is not 'red' or 'green'$"):
        validate("colour", "red\n")


def test_a_rule_validator_lets_tokens_through_only_when_told(stack: Stack) -> None:
    token = iam.Role(stack, "R", assumed_by=iam.AccountRootPrincipal()).role_arn
    arguments = ("validate_x", rules.matches(re.compile("x")), "is not 'x'", "Check x.")

    assert rules.rule_validator(*arguments)("field", token) == token
    with pytest.raises(ValueError, match=r"^field: '\$\{Token\[.*is not 'x'"):
        rules.rule_validator(*arguments, tokens_pass=False)("field", token)


def test_stack_set_name_message_names_field_value_and_rule(stack: Stack) -> None:
    token = iam.Role(stack, "R", assumed_by=iam.AccountRootPrincipal()).role_name

    with pytest.raises(
        ValueError,
        match=r"^stack_set_name: 'org_audit' must start with a letter and hold at most 128 "
        r"letters, digits and hyphens$",
    ):
        rules.validate_stack_set_name("stack_set_name", "org_audit")
    with pytest.raises(ValueError, match=r"^name: '\$\{Token\[.*must start with a letter"):
        rules.validate_stack_set_name("name", token)


@pytest.mark.parametrize(
    ("attached_to", "allowed", "message"),
    [
        (
            "role",
            20,
            "x: 21 policies; IAM attaches at most 20 to a role (10 without a quota increase)",
        ),
        (
            "user",
            20,
            "x: 21 policies; IAM attaches at most 20 to a user (10 without a quota increase)",
        ),
        ("group", 10, "x: 11 policies; IAM attaches at most 10 to a group"),
    ],
)
def test_managed_policy_count_follows_iam_quota_of_role_user_and_group(
    attached_to: Literal["role", "user", "group"], allowed: int, message: str
) -> None:
    assert rules.validate_managed_policy_count("x", allowed, attached_to=attached_to) == allowed
    assert rules.validate_managed_policy_count("x", 0, attached_to=attached_to) == 0

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        rules.validate_managed_policy_count("x", allowed + 1, attached_to=attached_to)


@pytest.mark.parametrize(
    ("value", "ends"),
    [
        ("a" * 1225, "... (1225 characters)"),  # the string's length, not its quotes' too
        (["a" * 300], f"... ({len(repr(['a' * 300]))} characters)"),
        ("short", "'short'"),
    ],
    ids=["long string", "long list", "short"],
)
def test_a_quoted_value_says_how_long_the_value_is(value: object, ends: str) -> None:
    assert rules.quote_value(value).endswith(ends)


def test_a_too_long_external_id_is_measured_without_its_quotes() -> None:
    with pytest.raises(
        ValueError, match=r"\.\.\. \(1225 characters\) is not a valid sts:ExternalId"
    ):
        rules.validate_external_id("external_id", "a" * 1225)
