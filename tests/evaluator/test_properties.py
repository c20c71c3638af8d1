"""Properties of the evaluation logic, checked on generated policies and requests."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sts_constructs.evaluator import Request, evaluate

from .policies import doc

ALICE = "arn:aws:iam::111111111111:user/alice"
KEYS = ["aws:PrincipalTag/team", "test:a", "test:b", "aws:TagKeys"]
VALUES = ["a", "b", "dev", "prod", "a*", "*", "1", "10", "true", "false"]
OPERATORS = [
    "StringEquals",
    "StringNotEquals",
    "StringLike",
    "StringNotLike",
    "StringEqualsIgnoreCase",
    "NumericLessThan",
    "NumericGreaterThanEquals",
    "Bool",
    "Null",
    "ForAllValues:StringEquals",
    "ForAnyValue:StringLike",
    "StringEqualsIfExists",
    "NumericEqualsIfExists",
]
IF_EXISTS_OPERATORS = [
    "StringEqualsIfExists",
    "StringLikeIfExists",
    "StringNotEqualsIfExists",
    "NumericLessThanIfExists",
    "DateGreaterThanIfExists",
    "BoolIfExists",
    "IpAddressIfExists",
    "NotIpAddressIfExists",
    "ArnLikeIfExists",
    "BinaryEqualsIfExists",
    "ForAnyValue:StringEqualsIfExists",
    "ForAllValues:StringLikeIfExists",
]
ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:*", "s3:Get*", "ec2:*", "*"]

conditions = st.dictionaries(
    st.sampled_from(OPERATORS),
    st.dictionaries(
        st.sampled_from(KEYS),
        st.lists(st.sampled_from(VALUES), min_size=1, max_size=3),
        min_size=1,
        max_size=2,
    ),
    max_size=2,
)
contexts = st.dictionaries(
    st.sampled_from(KEYS),
    st.one_of(st.sampled_from(VALUES), st.lists(st.sampled_from(VALUES), max_size=3)),
    max_size=4,
)


def statement(effect: str, action: str, condition: dict[str, Any]) -> dict[str, Any]:
    stmt: dict[str, Any] = {"Effect": effect, "Action": action, "Resource": "*"}
    if condition:
        stmt["Condition"] = condition
    return stmt


def request(context: dict[str, Any]) -> Request:
    return Request("s3:GetObject", "arn:aws:s3:::bucket/key", ALICE, context)


@settings(max_examples=80, deadline=None)
@given(
    action=st.sampled_from(ACTIONS),
    condition=conditions,
    extra_operator=st.sampled_from(OPERATORS),
    extra_key=st.sampled_from(KEYS),
    extra_values=st.lists(st.sampled_from(VALUES), min_size=1, max_size=2),
    context=contexts,
)
def test_adding_a_condition_never_widens_access(
    action: str,
    condition: dict[str, dict[str, list[str]]],
    extra_operator: str,
    extra_key: str,
    extra_values: list[str],
    context: dict[str, Any],
) -> None:
    narrower = {op: dict(keys) for op, keys in condition.items()}
    narrower.setdefault(extra_operator, {})
    if extra_key in narrower[extra_operator]:
        return  # Replacing a key's values is not adding a condition.
    narrower[extra_operator][extra_key] = extra_values
    before = evaluate(request(context), identity=doc(statement("Allow", action, condition)))
    after = evaluate(request(context), identity=doc(statement("Allow", action, narrower)))
    assert before.allowed or not after.allowed


@settings(max_examples=80, deadline=None)
@given(
    allow_action=st.sampled_from(ACTIONS),
    allow_condition=conditions,
    deny_action=st.sampled_from(ACTIONS),
    deny_condition=conditions,
    context=contexts,
    in_resource_policy=st.booleans(),
)
def test_explicit_deny_always_wins(
    allow_action: str,
    allow_condition: dict[str, Any],
    deny_action: str,
    deny_condition: dict[str, Any],
    context: dict[str, Any],
    in_resource_policy: bool,
) -> None:
    deny_statement = statement("Deny", deny_action, deny_condition)
    deny_alone = evaluate(request(context), identity=doc(deny_statement))
    # The deny applies when, on its own, it would be reported as an explicit deny.
    applies = deny_alone.effect == "ExplicitDeny"
    allow_statement = statement("Allow", allow_action, allow_condition)
    if in_resource_policy:
        resource = doc({**deny_statement, "Principal": "*"})
        decision = evaluate(request(context), identity=doc(allow_statement), resource=resource)
    else:
        decision = evaluate(request(context), identity=doc(allow_statement, deny_statement))
    if applies:
        assert not decision.allowed
        assert decision.denied_by


@settings(max_examples=60, deadline=None)
@given(
    operator=st.sampled_from(IF_EXISTS_OPERATORS),
    values=st.lists(
        st.sampled_from([*VALUES, "10.0.0.0/8", "arn:aws:iam::*:role/x"]), min_size=1, max_size=3
    ),
    context=st.dictionaries(
        st.sampled_from(["test:other", "aws:SourceIp"]), st.sampled_from(VALUES)
    ),
)
def test_if_exists_on_a_missing_key_passes(
    operator: str, values: list[str], context: dict[str, Any]
) -> None:
    identity = doc(statement("Allow", "s3:GetObject", {operator: {"test:missing": values}}))
    assert evaluate(request(context), identity=identity).allowed


@settings(max_examples=60, deadline=None)
@given(
    base=st.sampled_from(
        ["StringEquals", "StringLike", "StringNotEquals", "ArnLike", "NumericEquals"]
    ),
    values=st.lists(st.sampled_from(VALUES), min_size=1, max_size=3),
    empty=st.sampled_from([None, []]),
)
def test_for_all_values_on_an_empty_set_passes(base: str, values: list[str], empty: Any) -> None:
    context = {} if empty is None else {"aws:TagKeys": empty}
    identity = doc(
        statement("Allow", "s3:GetObject", {f"ForAllValues:{base}": {"aws:TagKeys": values}})
    )
    assert evaluate(request(context), identity=identity).allowed
    # ... and ForAnyValue on the same empty set fails.
    any_value = doc(
        statement("Allow", "s3:GetObject", {f"ForAnyValue:{base}": {"aws:TagKeys": values}})
    )
    assert not evaluate(request(context), identity=any_value).allowed
