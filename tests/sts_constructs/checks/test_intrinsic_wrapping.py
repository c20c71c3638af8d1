"""Property: wrapping a value of a trust document in an intrinsic function that resolves to
the same value (``Fn::Join`` of its parts, ``Fn::Sub`` of it, ``Fn::If`` with it in both
branches, ``Fn::Select`` of it) never changes the findings (issue 10).
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sts_constructs.checks import check_template

OWN = "111111111111"
GITHUB = "token.actions.githubusercontent.com"

strings = st.sampled_from(
    [
        "*",
        OWN,
        "222222222222",
        f"arn:aws:iam::{OWN}:root",
        "arn:aws:iam::222222222222:role/ci",
        "arn:aws:iam::*:role/admin",
        f"arn:aws:iam::{OWN}:oidc-provider/{GITHUB}",
        f"arn:aws:iam::{OWN}:saml-provider/Okta",
        "cognito-identity.amazonaws.com",
        "events.amazonaws.com",
        "ec2.amazonaws.com",
        "ec2.amazon.com",
        "repo:octo/*",
        "*:repo:octo/app:*",
        "repo:octo/app:ref:refs/heads/main",
        "sts.amazonaws.com",
        "https://signin.aws.amazon.com/saml",
        "https://signin.aws.amazonaws.com/saml",
        "o-abc1234567",
        "partner 7",
        "true",
        "false",
        'quote " and \\ backslash',
    ]
)
actions = st.sampled_from(
    ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML", "sts:*", "s3:*"]
)
operators = st.sampled_from(
    [
        "StringEquals",
        "StringEqualsIgnoreCase",
        "StringLike",
        "StringNotEquals",
        "StringEqualsIfExists",
        "ForAllValues:StringEquals",
        "ArnLike",
        "Bool",
        "BoolIfExists",
    ]
)
keys = st.sampled_from(
    [
        f"{GITHUB}:sub",
        f"{GITHUB}:aud",
        "SAML:aud",
        "sts:ExternalId",
        "aws:PrincipalOrgID",
        "aws:PrincipalArn",
        "aws:SourceAccount",
        "aws:MultiFactorAuthPresent",
    ]
)
one_or_many = strings | st.lists(strings, min_size=1, max_size=3)
principals = st.just("*") | st.dictionaries(
    st.sampled_from(["AWS", "Service", "Federated"]), one_or_many, min_size=1, max_size=2
)
statements = st.fixed_dictionaries(
    {
        "Effect": st.sampled_from(["Allow", "Deny"]),
        "Principal": principals,
        "Action": actions | st.lists(actions, min_size=1, max_size=2),
    },
    optional={
        "Condition": st.dictionaries(
            operators, st.dictionaries(keys, one_or_many, min_size=1, max_size=2), max_size=2
        )
    },
)
documents = st.builds(
    lambda s: {"Version": "2012-10-17", "Statement": s},
    st.lists(statements, min_size=1, max_size=3),
)


def paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every value inside ``value`` (mapping keys are never wrapped)."""
    found = [here] if here else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*here, index))
    return found


def wrappers(value: Any) -> list[Any]:
    """Return intrinsic calls that resolve to ``value``."""
    wrapped: list[Any] = [{"Fn::If": ["IsProd", value, copy.deepcopy(value)]}]
    if isinstance(value, str):
        middle = len(value) // 2
        wrapped += [
            {"Fn::Join": ["", [value]]},
            {"Fn::Join": ["", [value[:middle], value[middle:]]]},
            {"Fn::Select": [0, [value, "other"]]},
        ]
        if "$" not in value:
            wrapped.append({"Fn::Sub": value})
    return wrapped


def findings(document: Any) -> list[tuple[str, str, str]]:
    template = {
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": document}}
        }
    }
    return [(f.rule, f.resource, f.message) for f in check_template(template, account_id=OWN)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents, data=st.data())
def test_wrapping_a_value_in_an_intrinsic_that_resolves_to_it_changes_nothing(
    document: dict[str, Any], data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(paths(document)))
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    wrapper = data.draw(st.sampled_from(wrappers(target[path[-1]])))
    wrapped = copy.deepcopy(document)
    holder: Any = wrapped
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = wrapper
    assert findings(wrapped) == findings(document)
