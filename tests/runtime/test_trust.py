"""Who a deployed role trusts, read from the template: may a profile's keys assume it?"""

from __future__ import annotations

from typing import Any

import pytest

from sts_constructs.runtime._trust import aws_principals, keys_cannot_assume, trusts

USER = "arn:aws:iam::123456789012:user/sts-user"


def template(principal: Any, **resources: Any) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    return {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}
                },
            },
            **resources,
        },
        "Outputs": {"ARoleArn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}}},
    }


@pytest.mark.parametrize(
    ("principal", "resources", "reason"),
    [
        (
            {"Service": "ec2.amazonaws.com"},
            {},
            "trusts only ec2.amazonaws.com, not an AWS principal's keys",
        ),
        (
            {"Federated": {"Ref": "Oidc"}},
            {"Oidc": {"Type": "AWS::IAM::OIDCProvider"}},
            "trusts only the identity provider Oidc (sts:AssumeRoleWithWebIdentity), "
            "not an AWS principal's keys",
        ),
        (
            {"Federated": "arn:aws:iam::123456789012:saml-provider/okta"},
            {},
            "trusts only the identity provider okta (sts:AssumeRoleWithSAML), "
            "not an AWS principal's keys",
        ),
    ],
)
def test_a_role_of_a_service_or_an_identity_provider_is_not_for_keys(
    principal: Any, resources: dict[str, Any], reason: str
) -> None:
    assert keys_cannot_assume(template(principal, **resources), "ARoleArn") == reason


def test_a_role_that_trusts_an_aws_principal_is_for_keys() -> None:
    assert keys_cannot_assume(template({"AWS": USER}), "ARoleArn") is None


def test_resolves_a_user_of_the_same_stack() -> None:
    user = {"Type": "AWS::IAM::User", "Properties": {"UserName": "sts-user"}}
    found = template({"AWS": {"Fn::GetAtt": ["User", "Arn"]}}, User=user)

    assert aws_principals(found, "ARoleArn", account_id="123456789012") == [USER]


def test_gives_up_on_a_principal_it_cannot_resolve() -> None:
    found = template({"AWS": {"Fn::ImportValue": "elsewhere"}})

    assert aws_principals(found, "ARoleArn", account_id="123456789012") is None


@pytest.mark.parametrize(
    ("principals", "caller", "expected"),
    [
        ([USER], USER, True),
        (["123456789012"], USER, True),
        (["arn:aws:iam::123456789012:root"], USER, True),
        (["arn:aws:iam::123456789012:user/other"], USER, False),
        (["arn:aws:iam::222222222222:root"], USER, False),
        (
            ["arn:aws:iam::123456789012:role/ops/admin"],
            "arn:aws:sts::123456789012:assumed-role/admin/me",
            True,
        ),
    ],
)
def test_trusts(principals: list[str], caller: str, expected: bool) -> None:
    assert trusts(principals, caller) is expected
