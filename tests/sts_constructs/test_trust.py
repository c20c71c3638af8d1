"""The trust builder: plain data in, an exact trust policy out."""

from __future__ import annotations

import json

import pytest
from aws_cdk import Duration

from sts_constructs import Trust

USER = "arn:aws:iam::111111111111:user/alice"


def statements(trust: Trust) -> list[dict[str, object]]:
    document = trust.policy_document()
    assert document["Version"] == "2012-10-17"
    result: list[dict[str, object]] = document["Statement"]
    return result


def test_requires_mfa_by_default() -> None:
    (statement,) = statements(Trust(principals=[USER]))

    assert statement == {
        "Sid": "TrustedPrincipals",
        "Effect": "Allow",
        "Principal": {"AWS": USER},
        "Action": "sts:AssumeRole",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
    }


def test_never_uses_bool_if_exists_for_mfa() -> None:
    trust = Trust(principals=[USER], mfa_max_age=Duration.hours(1), session_tag_keys=["team"])

    assert "IfExists" not in json.dumps(trust.policy_document())


def test_without_mfa_has_no_condition() -> None:
    (statement,) = statements(Trust(principals=[USER], require_mfa=False))

    assert "Condition" not in statement


def test_mfa_max_age_adds_numeric_condition() -> None:
    (statement,) = statements(Trust(principals=[USER], mfa_max_age=Duration.minutes(30)))

    assert statement["Condition"] == {
        "Bool": {"aws:MultiFactorAuthPresent": "true"},
        "NumericLessThan": {"aws:MultiFactorAuthAge": "1800"},
    }


def test_external_id_and_org_id_are_string_equals() -> None:
    trust = Trust(
        principals=["222222222222"],
        require_mfa=False,
        external_id="partner-7",
        principal_org_id="o-a1b2c3d4e5",
    )
    (statement,) = statements(trust)

    assert statement["Principal"] == {"AWS": "222222222222"}
    assert statement["Condition"] == {
        "StringEquals": {"sts:ExternalId": "partner-7", "aws:PrincipalOrgID": "o-a1b2c3d4e5"}
    }


def test_principal_arns_are_arn_like() -> None:
    trust = Trust(
        principals=["222222222222"],
        require_mfa=False,
        principal_arns=["arn:aws:iam::222222222222:role/deployer"],
    )
    (statement,) = statements(trust)

    assert statement["Condition"] == {
        "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::222222222222:role/deployer"}
    }


def test_session_tags_get_their_own_statement_with_the_same_conditions() -> None:
    trust = Trust(principals=[USER], external_id="x-1", session_tag_keys=["team", "project"])
    assume, tag = statements(trust)

    assert assume["Action"] == "sts:AssumeRole"
    assert tag == {
        "Sid": "SessionTags",
        "Effect": "Allow",
        "Principal": {"AWS": USER},
        "Action": "sts:TagSession",
        "Condition": {
            "Bool": {"aws:MultiFactorAuthPresent": "true"},
            "StringEquals": {"sts:ExternalId": "x-1"},
            "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "project"]},
        },
    }


def test_source_identity_adds_the_action() -> None:
    (statement,) = statements(Trust(principals=[USER], allow_source_identity=True))

    assert statement["Action"] == ["sts:AssumeRole", "sts:SetSourceIdentity"]


def test_several_principals_become_a_list() -> None:
    other = "arn:aws:iam::111111111111:role/ops"
    (statement,) = statements(Trust(principals=[USER, other]))

    assert statement["Principal"] == {"AWS": [USER, other]}


def test_services_get_a_statement_without_mfa() -> None:
    trust = Trust(services=["ec2.amazonaws.com"], source_account="111111111111")
    (statement,) = statements(trust)

    assert statement == {
        "Sid": "TrustedServices",
        "Effect": "Allow",
        "Principal": {"Service": "ec2.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}},
    }


def test_principals_and_services_make_two_statements() -> None:
    trust = Trust(principals=[USER], services=["ec2.amazonaws.com"])

    assert [s["Sid"] for s in statements(trust)] == ["TrustedPrincipals", "TrustedServices"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, r"principals=\[\] and services=\[\]: name at least one"),
        ({"principals": ["123"]}, r"principals\[0\]: '123' must be a 12-digit account ID"),
        ({"principals": ["*"]}, r"principals\[0\]: '\*' .*wildcards are not allowed"),
        (
            {"principals": ["arn:aws:iam::111111111111:user/*"]},
            r"principals\[0\]: .* must be a 12-digit",
        ),
        ({"services": ["ec2"]}, r"services\[0\]: 'ec2' is not a service principal"),
        ({"principals": [USER], "external_id": "x"}, r"external_id: 'x' is not a valid"),
        (
            {"principals": [USER], "external_id": "has space"},
            r"external_id: 'has space' is not a valid sts:ExternalId",
        ),
        ({"principals": [USER], "principal_org_id": "org-1"}, r"principal_org_id: 'org-1'"),
        ({"principals": [USER], "session_tag_keys": []}, r"session_tag_keys: \[\] allows no tag"),
        (
            {"principals": [USER], "session_tag_keys": ["a", "a"]},
            r"session_tag_keys: 'a' appears more than once",
        ),
        (
            {"principals": [USER], "require_mfa": False, "mfa_max_age": Duration.hours(1)},
            r"mfa_max_age: set while require_mfa=False",
        ),
        (
            {"principals": [USER], "mfa_max_age": Duration.hours(40)},
            r"mfa_max_age: '40h' must be more than 0 and at most 36h",
        ),
        ({"principals": [USER], "source_account": "111111111111"}, r"source_account: set without"),
        (
            {"services": ["ec2.amazonaws.com"], "source_account": "1111"},
            r"source_account: '1111' is not an AWS account ID",
        ),
    ],
)
def test_fails_on_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Trust(**kwargs)  # type: ignore[arg-type]
