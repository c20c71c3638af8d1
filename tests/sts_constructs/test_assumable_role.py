"""AssumableRole: the trust policy and every option, as synthesized."""

from __future__ import annotations

import pytest
from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam

from sts_constructs import AssumableRole, Trust
from tests.support import nag_findings, only, resources, template_of

USER = "arn:aws:iam::111111111111:user/alice"
READ_BUCKET = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}],
}


def test_template_trust_is_the_trust_document(stack: Stack) -> None:
    trust = Trust(principals=[USER], external_id="partner-7")
    AssumableRole(stack, "Role", trust=trust)

    role = only(template_of(stack), "AWS::IAM::Role")

    assert role["AssumeRolePolicyDocument"] == trust.policy_document()


def test_trusts_a_user_of_the_app_by_its_arn(stack: Stack) -> None:
    user = iam.User(stack, "Alice")
    AssumableRole(stack, "Role", trust=Trust(principals=[user], require_mfa=False))

    template = template_of(stack)
    (user_id,) = resources(template, "AWS::IAM::User")
    statement = only(template, "AWS::IAM::Role")["AssumeRolePolicyDocument"]["Statement"][0]

    assert statement["Principal"] == {"AWS": {"Fn::GetAtt": [user_id, "Arn"]}}


def test_options_reach_the_role(stack: Stack) -> None:
    boundary = iam.ManagedPolicy.from_managed_policy_arn(
        stack, "Boundary", "arn:aws:iam::111111111111:policy/boundary"
    )
    AssumableRole(
        stack,
        "Role",
        trust=Trust(principals=[USER]),
        role_name="data-reader",
        path="/teams/data/",
        description="Reads data",
        max_session_duration=Duration.hours(4),
        permissions_boundary=boundary,
        managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")],
        inline_policies={"ReadBucket": READ_BUCKET},
    )

    role = only(template_of(stack), "AWS::IAM::Role")

    assert role["RoleName"] == "data-reader"
    assert role["Path"] == "/teams/data/"
    assert role["Description"] == "Reads data"
    assert role["MaxSessionDuration"] == 14400
    assert role["PermissionsBoundary"] == "arn:aws:iam::111111111111:policy/boundary"
    assert len(role["ManagedPolicyArns"]) == 1
    assert "ReadOnlyAccess" in str(role["ManagedPolicyArns"][0])
    assert role["Policies"] == [{"PolicyName": "ReadBucket", "PolicyDocument": READ_BUCKET}]


def test_defaults_leave_iam_defaults(stack: Stack) -> None:
    AssumableRole(stack, "Role", trust=Trust(principals=[USER]))

    role = only(template_of(stack), "AWS::IAM::Role")

    assert set(role) == {"AssumeRolePolicyDocument"}


def test_exposes_the_role_for_grants(stack: Stack) -> None:
    construct = AssumableRole(stack, "Role", trust=Trust(principals=[USER]))
    construct.role.add_to_policy(iam.PolicyStatement(actions=["s3:ListBucket"], resources=["*"]))

    policy = only(template_of(stack), "AWS::IAM::Policy")

    assert policy["PolicyDocument"]["Statement"][0]["Action"] == "s3:ListBucket"


def test_default_passes_cdk_nag(stack: Stack) -> None:
    AssumableRole(stack, "Role", trust=Trust(principals=[USER]))

    assert nag_findings(stack) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role_name": "has space"}, r"role_name: 'has space' must be 1-64 characters"),
        ({"role_name": "r" * 65}, r"role_name: 'r{65}' must be 1-64"),
        ({"path": "teams"}, r"path: 'teams' must be '/' or start and end with '/'"),
        ({"path": "/a b/"}, r"path: '/a b/' must be '/'"),
        (
            {"max_session_duration": Duration.minutes(30)},
            r"max_session_duration: '1800s' is below the 1h IAM minimum",
        ),
        (
            {"max_session_duration": Duration.hours(13)},
            r"max_session_duration: '13h' is above the 12h IAM maximum",
        ),
        (
            {"inline_policies": {"bad name": READ_BUCKET}},
            r"inline_policies\['bad name'\]: 'bad name' must be 1-128",
        ),
        (
            {
                "inline_policies": {
                    "Big": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {"Effect": "Allow", "Action": f"s3:Get{i:05d}", "Resource": "*"}
                            for i in range(300)
                        ],
                    }
                }
            },
            r"inline_policies: \d+ characters .* above 10240",
        ),
    ],
)
def test_fails_on_bad_arguments(stack: Stack, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AssumableRole(stack, "Role", trust=Trust(principals=[USER]), **kwargs)  # type: ignore[arg-type]


def test_fails_on_too_many_managed_policies(stack: Stack) -> None:
    policies = [
        iam.ManagedPolicy.from_managed_policy_arn(stack, f"P{i}", f"arn:aws:iam::aws:policy/P{i}")
        for i in range(21)
    ]
    with pytest.raises(ValueError, match=r"managed_policies: 21 policies; IAM attaches at most 20"):
        AssumableRole(stack, "Role", trust=Trust(principals=[USER]), managed_policies=policies)


def test_fails_on_trust_over_the_quota(stack: Stack) -> None:
    principals = [f"arn:aws:iam::111111111111:role/role-{i:03d}" for i in range(60)]
    with pytest.raises(ValueError, match=r"trust: \d+ characters .* above 2048"):
        AssumableRole(stack, "Role", trust=Trust(principals=principals))


def test_accepts_a_raised_trust_quota(stack: Stack) -> None:
    principals = [f"arn:aws:iam::111111111111:role/role-{i:03d}" for i in range(60)]
    AssumableRole(stack, "Role", trust=Trust(principals=principals), trust_policy_max_chars=4096)

    statement = only(template_of(stack), "AWS::IAM::Role")["AssumeRolePolicyDocument"]
    assert len(statement["Statement"][0]["Principal"]["AWS"]) == 60
