"""The role inside every role construct: an iam.IRole with CDK's grants, made from plain data."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from sts_constructs import AssumableRole, CrossAccountRole, Ec2InstanceRole, Trust, acknowledge
from sts_constructs._identity_policies import render_identity_policy
from sts_constructs._role_resource import cdk_logical_id
from tests.support import nag_findings, only, resources, template_of

USER = "arn:aws:iam::111111111111:user/alice"
ROLE_CONSTRUCTS = [
    lambda s: AssumableRole(s, "Role", trust=Trust(principals=[USER])),
    lambda s: Ec2InstanceRole(s, "Role"),
    lambda s: CrossAccountRole(s, "Role", source_account_id="111111111111", role_name="r"),
]


def _role_id(template: dict[str, Any]) -> str:
    (role_id,) = resources(template, "AWS::IAM::Role")
    return role_id


@pytest.mark.parametrize("make", ROLE_CONSTRUCTS)
def test_grant_assume_role_allows_the_grantee_on_the_role_arn(stack: Stack, make: Any) -> None:
    construct = make(stack)
    user = iam.User(stack, "Bob")

    construct.grant_assume_role(user)

    template = template_of(stack)
    policy = only(template, "AWS::IAM::Policy")
    assert policy["PolicyDocument"]["Statement"] == [
        {
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [_role_id(template), "Arn"]},
        }
    ]
    assert policy["Users"] == [{"Ref": next(iter(resources(template, "AWS::IAM::User")))}]


@pytest.mark.parametrize("make", ROLE_CONSTRUCTS)
def test_grant_pass_role_and_grant_name_the_role_arn(stack: Stack, make: Any) -> None:
    construct = make(stack)
    deployer = iam.User(stack, "Deployer")

    construct.grant_pass_role(deployer)
    construct.grant(deployer, "iam:GetRole", "iam:TagRole")

    template = template_of(stack)
    arn = {"Fn::GetAtt": [_role_id(template), "Arn"]}
    assert only(template, "AWS::IAM::Policy")["PolicyDocument"]["Statement"] == [
        {"Action": "iam:PassRole", "Effect": "Allow", "Resource": arn},
        {"Action": ["iam:GetRole", "iam:TagRole"], "Effect": "Allow", "Resource": arn},
    ]


@pytest.mark.parametrize("make", ROLE_CONSTRUCTS)
def test_grants_to_the_construct_land_in_the_role_default_policy(stack: Stack, make: Any) -> None:
    construct = make(stack)
    bucket = s3.Bucket(stack, "Bucket")

    bucket.grant_read(construct)
    construct.add_to_principal_policy(
        iam.PolicyStatement(
            actions=["sqs:SendMessage"], resources=["arn:aws:sqs:eu-west-1:111111111111:q"]
        )
    )

    template = template_of(stack)
    (policy_id,) = resources(template, "AWS::IAM::Policy")
    policy = only(template, "AWS::IAM::Policy")
    assert policy["Roles"] == [{"Ref": _role_id(template)}]
    assert policy["PolicyDocument"]["Statement"][-1] == {
        "Action": "sqs:SendMessage",
        "Effect": "Allow",
        "Resource": "arn:aws:sqs:eu-west-1:111111111111:q",
    }
    assert construct.role.node.find_child("DefaultPolicy") is not None
    assert policy_id.startswith("RoleDefaultPolicy") or policy_id.startswith("RoleRoleDefault")


def test_role_is_an_irole_for_cdk_apis(stack: Stack) -> None:
    construct = AssumableRole(stack, "Role", trust=Trust(principals=[USER]))
    role: iam.IRole = construct.role

    iam.InstanceProfile(stack, "Profile", role=role)
    role.add_managed_policy(iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess"))
    role.attach_inline_policy(
        iam.Policy(
            stack,
            "Extra",
            statements=[iam.PolicyStatement(actions=["s3:ListBucket"], resources=["*"])],
        )
    )

    template = template_of(stack)
    role_id = _role_id(template)
    assert only(template, "AWS::IAM::InstanceProfile")["Roles"] == [{"Ref": role_id}]
    assert only(template, "AWS::IAM::Policy")["Roles"] == [{"Ref": role_id}]
    (arn,) = only(template, "AWS::IAM::Role")["ManagedPolicyArns"]
    assert "ReadOnlyAccess" in str(arn)
    assert stack.resolve(role.role_ref.role_arn) == {"Fn::GetAtt": [role_id, "Arn"]}
    assert stack.resolve(role.role_name) == {"Ref": role_id}
    assert role.grant_principal is role
    assert role.assume_role_action == "sts:AssumeRole"


@pytest.mark.parametrize("make", ROLE_CONSTRUCTS)
def test_fails_to_grant_assume_role_to_a_service(stack: Stack, make: Any) -> None:
    with pytest.raises(ValueError, match=r"grantee: ServicePrincipal cannot be granted sts:Assu"):
        make(stack).grant_assume_role(iam.ServicePrincipal("lambda.amazonaws.com"))


def test_default_policy_passes_cdk_nag(stack: Stack) -> None:
    construct = AssumableRole(stack, "Role", trust=Trust(principals=[USER]))
    construct.add_to_principal_policy(
        iam.PolicyStatement(
            actions=["sqs:SendMessage"], resources=["arn:aws:sqs:eu-west-1:111111111111:q"]
        )
    )

    assert nag_findings(stack) == []


def test_instance_role_keeps_its_logical_ids_under_the_resource_child(stack: Stack) -> None:
    construct = Ec2InstanceRole(stack, "App")
    construct.add_to_principal_policy(
        iam.PolicyStatement(
            actions=["sqs:SendMessage"], resources=["arn:aws:sqs:eu-west-1:111111111111:q"]
        )
    )

    template = template_of(stack)

    assert construct.resource.node.id == "Resource"
    assert construct.node.default_child is construct.resource
    assert set(resources(template, "AWS::IAM::Role")) == {
        cdk_logical_id(["App", "Role", "Resource", "Resource"])
    }
    assert set(resources(template, "AWS::IAM::Policy")) == {
        cdk_logical_id(["App", "Role", "Resource", "DefaultPolicy", "Resource"])
    }


@pytest.mark.parametrize(
    "path",
    [
        ["Role", "Resource", "Resource"],
        ["App", "Role", "Resource", "DefaultPolicy", "Resource"],
        ["Outer", "Default", "Inner", "Resource"],
        ["Ab", "b", "Resource"],
        ["Single-Id"],
    ],
)
def test_cdk_logical_id_is_cdk_s(path: list[str]) -> None:
    stack = Stack(App(), "Test")
    scope: Any = stack
    for component in path[:-1]:
        scope = scope.node.try_find_child(component) or _construct(scope, component)
    resource = iam.CfnRole(scope, path[-1], assume_role_policy_document={})

    assert stack.get_logical_id(resource) == stack.resolve(cdk_logical_id(path))


def _construct(scope: Any, construct_id: str) -> Any:
    from constructs import Construct

    return Construct(scope, construct_id)


@pytest.mark.parametrize(
    "document",
    [
        {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]},
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "Read",
                    "Effect": "Deny",
                    "NotAction": ["s3:Get*", "s3:List*"],
                    "NotResource": ["arn:aws:s3:::a", "arn:aws:s3:::b"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        },
        # Forms CDK changes or refuses: left to CDK (from_json), same result.
        {"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"]}]},
        {"Statement": [{"Effect": "Allow", "Action": ["s3:A", "s3:A", "s3:B"], "Resource": "*"}]},
        {
            "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
            ]
        },
    ],
)
def test_inline_policies_render_as_cdk_renders_them(document: dict[str, Any]) -> None:
    ours = Stack(App(), "Ours")
    cdk = Stack(App(), "Cdk")
    AssumableRole(ours, "Role", trust=Trust(principals=[USER]), inline_policies={"P": document})
    iam.Role(
        cdk,
        "Role",
        assumed_by=iam.ArnPrincipal(USER),
        inline_policies={"P": iam.PolicyDocument.from_json(document)},
    )

    assert (
        only(template_of(ours), "AWS::IAM::Role")["Policies"]
        == only(template_of(cdk), "AWS::IAM::Role")["Policies"]
    )


@pytest.mark.parametrize(
    ("statement", "plain"),
    [
        ({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "*", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "s3:Get*", "Resource": "*", "Sid": "A1"}, True),
        ({"Effect": "Allow", "Action": ["s3:X"], "Resource": "*"}, False),
        ({"Effect": "Allow", "Action": "s3:X", "Resource": ["a", "a"]}, False),
        ({"Effect": "Deny", "Action": "s3:X", "Resource": "*", "Condition": {"Bool": {}}}, True),
        ({"Effect": "Allow", "Action": "s3:X", "Resource": "*", "Condition": {}}, False),
    ],
)
def test_only_documents_cdk_would_not_change_skip_cdk(statement: Any, plain: bool) -> None:
    rendered = render_identity_policy("p", {"Statement": [statement]})

    assert isinstance(rendered, dict) is plain


@pytest.mark.parametrize(
    ("statement", "error", "message"),
    [
        # What CDK itself refuses when it builds the statement (a RuntimeError from Node.js).
        (
            {"Effect": "Allow", "Action": "s3 GetObject", "Resource": "*"},
            RuntimeError,
            r"Action 's3 GetObject' is invalid",
        ),
        ({"Effect": "Allow", "Resource": "*"}, RuntimeError, r"must specify at least one 'action'"),
        # What iam.Role refused only at synth: refused at construction, naming the policy.
        (
            {"Effect": "Allow", "Action": "s3:GetObject"},
            ValueError,
            r"inline_policies\['P'\]: A PolicyStatement used in an identity-based policy must "
            r"specify at least one resource",
        ),
        (
            {"Effect": "Allow", "Action": "s3:X", "Resource": "*", "Principal": {"AWS": "*"}},
            ValueError,
            r"inline_policies\['P'\]: .*cannot specify any IAM principals",
        ),
        (
            {"Effect": "Allow", "Action": "s3:X", "Resource": "*", "Sid": "not-alnum"},
            ValueError,
            r"inline_policies\['P'\]: Statement ID \(sid\) 'not-alnum' must be alphanumeric",
        ),
    ],
)
def test_fails_on_inline_statements_iam_refuses(
    stack: Stack, statement: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        AssumableRole(
            stack,
            "Role",
            trust=Trust(principals=[USER]),
            inline_policies={"P": {"Statement": [statement]}},
        )


# --- The CfnRole first, the iam.IRole on demand (issue 15) ----------------------------------


def test_the_cfn_role_is_the_main_child_and_the_irole_is_made_on_first_use(
    stack: Stack,
) -> None:
    construct = AssumableRole(stack, "Role", trust=Trust(principals=[USER]))

    assert isinstance(construct.resource, iam.CfnRole)
    assert construct.node.default_child is construct.resource
    assert construct.node.try_find_child("Role") is None  # nothing asked for the iam.IRole yet

    role = construct.role

    assert construct.node.try_find_child("Role") is role
    assert construct.role is role  # made once
    assert role.resource is construct.resource


def test_a_role_in_a_nested_scope_keeps_the_logical_ids_of_its_construct_path() -> None:
    stack = Stack(App(), "Test")
    outer = Construct(stack, "Outer")
    inner = Construct(outer, "Inner")
    first = AssumableRole(inner, "First", trust=Trust(principals=[USER]))
    second = AssumableRole(inner, "Second", trust=Trust(principals=[USER]))  # path looked up once
    second.add_to_principal_policy(
        iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::b/*"])
    )

    template = template_of(stack)

    assert set(resources(template, "AWS::IAM::Role")) == {
        cdk_logical_id(["Outer", "Inner", name, "Resource", "Resource"])
        for name in ("First", "Second")
    }
    assert set(resources(template, "AWS::IAM::Policy")) == {
        cdk_logical_id(["Outer", "Inner", "Second", "Resource", "DefaultPolicy", "Resource"])
    }
    assert first.role.role_arn != second.role.role_arn


def test_an_acknowledgment_on_the_resource_covers_a_finding_on_the_role(stack: Stack) -> None:
    construct = AssumableRole(
        stack,
        "Reader",
        trust=Trust(principals=[USER]),
        managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")],
    )
    finding = "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]"
    assert [f for f in nag_findings(stack) if "IAM4" in f] != []

    acknowledge(construct.resource, finding, "Read-only access is this role's purpose.")

    assert [f for f in nag_findings(stack) if "IAM4" in f] == []
