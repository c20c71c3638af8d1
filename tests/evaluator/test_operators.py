"""The condition operator catalogue: names taken apart and classified."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sts_constructs.evaluator.operators import (
    CATALOGUE,
    Operator,
    is_known_operator,
    parse_operator,
    value_is_literal,
    value_matches_anything,
)

# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
DOCUMENTED = {
    "StringEquals": "exact",
    "StringNotEquals": "negated",
    "StringEqualsIgnoreCase": "exact",
    "StringNotEqualsIgnoreCase": "negated",
    "StringLike": "pattern",
    "StringNotLike": "negated",
    "NumericEquals": "exact",
    "NumericNotEquals": "negated",
    "NumericLessThan": "range",
    "NumericLessThanEquals": "range",
    "NumericGreaterThan": "range",
    "NumericGreaterThanEquals": "range",
    "DateEquals": "exact",
    "DateNotEquals": "negated",
    "DateLessThan": "range",
    "DateLessThanEquals": "range",
    "DateGreaterThan": "range",
    "DateGreaterThanEquals": "range",
    "Bool": "exact",
    "BinaryEquals": "exact",
    "IpAddress": "pattern",
    "NotIpAddress": "negated",
    "ArnEquals": "pattern",
    "ArnLike": "pattern",
    "ArnNotEquals": "negated",
    "ArnNotLike": "negated",
    "Null": "presence",
}


def test_catalogue_lists_every_documented_operator() -> None:
    assert {name: op.kind for name, op in CATALOGUE.items()} == DOCUMENTED


@pytest.mark.parametrize(
    ("name", "qualifier", "base", "if_exists"),
    [
        ("ForAnyValue:StringLikeIfExists", "ForAnyValue", "StringLike", True),
        ("ForAllValues:StringEquals", "ForAllValues", "StringEquals", False),
        ("BoolIfExists", None, "Bool", True),
        ("ArnNotLikeIfExists", None, "ArnNotLike", True),
        ("NumericLessThanEquals", None, "NumericLessThanEquals", False),
        ("IfExists", None, "IfExists", False),
    ],
)
def test_takes_names_apart(name: str, qualifier: str | None, base: str, if_exists: bool) -> None:
    operator = parse_operator(name)
    assert (operator.qualifier, operator.base, operator.if_exists) == (qualifier, base, if_exists)


@pytest.mark.parametrize(
    "name",
    [
        "stringequals",
        "StringEqual",
        "NullIfExists",
        "ForAnyValue:Null",
        "ForSomeValues:StringLike",
        "IfExists",
        "",
        "StringEqualsIfExistsIfExists",
    ],
)
def test_undocumented_names_are_unknown(name: str) -> None:
    operator = parse_operator(name)
    assert not operator.known
    assert operator.kind == "unknown"
    assert operator.family == "unknown"
    assert not operator.restricting
    assert not is_known_operator(name)


@pytest.mark.parametrize(
    ("name", "restricting"),
    [
        ("StringEquals", True),
        ("StringLike", True),
        ("ArnLike", True),
        ("NumericLessThan", True),
        ("ForAnyValue:StringEquals", True),
        ("StringEqualsIfExists", False),
        ("ForAllValues:StringEquals", False),
        ("StringNotEquals", False),
        ("NotIpAddress", False),
        ("Null", False),
    ],
)
def test_restricting(name: str, restricting: bool) -> None:
    assert parse_operator(name).restricting is restricting


@pytest.mark.parametrize(
    ("name", "passes"),
    [
        ("StringEquals", False),
        ("StringEqualsIfExists", True),
        ("StringNotEquals", True),
        ("ArnNotLike", True),
        ("ForAllValues:StringEquals", True),
        ("ForAnyValue:StringEquals", False),
        ("ForAnyValue:StringEqualsIfExists", True),
        ("Bool", False),
    ],
)
def test_passes_when_absent(name: str, passes: bool) -> None:
    assert parse_operator(name).passes_when_absent() is passes


def test_null_passes_when_absent_only_for_true() -> None:
    null = parse_operator("Null")
    assert null.passes_when_absent(True)
    assert not null.passes_when_absent(False)


def test_families_and_flags() -> None:
    assert parse_operator("StringNotEqualsIgnoreCase").spec.ignore_case  # type: ignore[union-attr]
    assert parse_operator("ArnEquals").family == "Arn"
    assert parse_operator("ForAnyValue:DateLessThan").family == "Date"
    assert parse_operator("NotIpAddressIfExists").negated
    assert parse_operator("StringEquals").exact
    assert parse_operator("StringLike").pattern


# What each predicate says of one policy value under an operator.
@pytest.mark.parametrize(
    ("predicate", "name", "value", "expected"),
    [
        (value_is_literal, "StringEquals", "repo:o/r:*", True),
        (value_is_literal, "StringLike", "repo:o/r:ref:refs/heads/main", True),
        (value_is_literal, "StringLike", "repo:o/r:*", False),
        (value_is_literal, "ArnLike", "arn:aws:iam::111111111111:role/?", False),
        (value_is_literal, "NumericLessThan", "3600", False),
        (value_is_literal, "Null", "true", False),
        (value_matches_anything, "StringLike", "*", True),
        (value_matches_anything, "StringLike", "?*", True),
        (value_matches_anything, "StringLike", "repo:*", False),
        (value_matches_anything, "StringEquals", "*", False),
        (value_matches_anything, "ArnLike", "arn:*:*:*:*:*", True),
        (value_matches_anything, "ArnLike", "arn:aws:iam::*:role/*", False),
        (value_matches_anything, "IpAddress", "0.0.0.0/0", True),
        (value_matches_anything, "IpAddress", "10.0.0.0/8", False),
        (value_matches_anything, "StringNotLike", "*", False),
    ],
)
def test_value_predicates(
    predicate: Callable[[Operator, str], bool], name: str, value: str, expected: bool
) -> None:
    assert predicate(parse_operator(name), value) is expected
