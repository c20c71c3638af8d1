"""Property tests: on any syntactically valid template the engine returns well-shaped findings."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sts_constructs.checks import RULES, Finding, check_template

RULES_BY_ID = {rule.id: rule for rule in RULES}
# Every type a rule reads, and one no rule reads.
IAM_TYPES = sorted({t for rule in RULES for t in rule.resource_types} | {"AWS::S3::Bucket"})

json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
intrinsics = st.one_of(
    st.builds(
        lambda n: {"Ref": n}, st.sampled_from(["AWS::AccountId", "AWS::Partition", "Provider", "X"])
    ),
    st.builds(lambda n: {"Fn::GetAtt": [n, "Arn"]}, st.sampled_from(["Provider", "X"])),
    st.builds(
        lambda s: {"Fn::Sub": s},
        st.sampled_from(["arn:${AWS::Partition}:iam::${AWS::AccountId}:root", "${X.Arn}", "${"]),
    ),
    st.builds(
        lambda parts: {"Fn::Join": ["", parts]},
        st.lists(st.text(max_size=8) | st.just({"Ref": "AWS::AccountId"}), max_size=4),
    ),
    st.builds(lambda a, b: {"Fn::If": ["C", a, b]}, json_scalars, json_scalars),
    st.just({"Fn::Join": "broken"}),
)
strings = st.sampled_from(
    [
        "*",
        "111111111111",
        "222222222222",
        "arn:aws:iam::222222222222:root",
        "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
        "arn:aws:iam::111111111111:saml-provider/Okta",
        "cognito-identity.amazonaws.com",
        "accounts.google.com",
        "scheduler.amazonaws.com",
        "ec2.amazonaws.com",
        "repo:org/*",
        "repo:org/repo:ref:refs/heads/main",
        "sts.amazonaws.com",
        "true",
        "false",
        "",
    ]
) | st.text(max_size=12)
values = strings | intrinsics | st.lists(strings | intrinsics, max_size=3) | json_values
principals = st.one_of(
    st.just("*"),
    st.dictionaries(
        st.sampled_from(["AWS", "Service", "Federated", "CanonicalUser"]), values, max_size=3
    ),
    intrinsics,
    json_values,
)
actions = st.sampled_from(
    [
        "sts:AssumeRole",
        "sts:AssumeRoleWithWebIdentity",
        "sts:AssumeRoleWithSAML",
        "sts:TagSession",
        "sts:*",
        "*",
        "iam:PassRole",
        "iam:Put*",
        "s3:GetObject",
    ]
)
operators = st.sampled_from(
    [
        "StringEquals",
        "StringLike",
        "StringEqualsIfExists",
        "ForAllValues:StringEquals",
        "ForAnyValue:StringLike",
        "Bool",
        "BoolIfExists",
        "Null",
        "NumericLessThan",
        "ArnLike",
    ]
)
keys = st.sampled_from(
    [
        "token.actions.githubusercontent.com:sub",
        "token.actions.githubusercontent.com:aud",
        "cognito-identity.amazonaws.com:amr",
        "SAML:aud",
        "sts:ExternalId",
        "aws:PrincipalOrgID",
        "aws:SourceAccount",
        "aws:MultiFactorAuthPresent",
        "aws:MultiFactorAuthAge",
        "aws:TagKeys",
    ]
)
conditions = (
    st.dictionaries(operators, st.dictionaries(keys, values, max_size=3), max_size=3)
    | intrinsics
    | json_values
)


@st.composite
def statements(draw: st.DrawFn) -> Any:
    statement: dict[str, Any] = {"Effect": draw(st.sampled_from(["Allow", "Deny", "allow", 3]))}
    statement["NotPrincipal" if draw(st.booleans()) and draw(st.booleans()) else "Principal"] = (
        draw(principals)
    )
    statement["NotAction" if draw(st.booleans()) and draw(st.booleans()) else "Action"] = draw(
        actions | st.lists(actions, max_size=3) | intrinsics
    )
    statement["Resource"] = draw(values)
    if draw(st.booleans()):
        statement["Condition"] = draw(conditions)
    return statement


documents = st.one_of(
    st.builds(
        lambda s: {"Version": "2012-10-17", "Statement": s}, st.lists(statements(), max_size=4)
    ),
    st.builds(lambda s: {"Statement": s}, statements()),
    intrinsics,
    json_values,
)


@st.composite
def resources(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(IAM_TYPES) | st.text(max_size=10) | json_scalars)
    properties: dict[str, Any] = {}
    for key in draw(
        st.lists(
            st.sampled_from(
                [
                    "AssumeRolePolicyDocument",
                    "PolicyDocument",
                    "Policies",
                    "Roles",
                    "ManagedPolicyArns",
                    "RoleName",
                    "Path",
                    "MaxSessionDuration",
                    "LoginProfile",
                    "Url",
                    "ThumbprintList",
                    "ClientIdList",
                ]
            ),
            max_size=5,
            unique=True,
        )
    ):
        if key in ("AssumeRolePolicyDocument", "PolicyDocument"):
            properties[key] = draw(documents)
        elif key == "Policies":
            properties[key] = draw(
                st.lists(
                    st.fixed_dictionaries({"PolicyName": values, "PolicyDocument": documents}),
                    max_size=2,
                )
                | json_values
            )
        else:
            properties[key] = draw(values)
    resource: dict[str, Any] = {"Type": kind, "Properties": draw(st.just(properties) | json_values)}
    if draw(st.booleans()):
        resource["Metadata"] = draw(
            json_values | st.just({"sts-constructs:acknowledge": draw(json_values)})
        )
    return resource


templates = st.fixed_dictionaries(
    {
        "Resources": st.dictionaries(
            st.sampled_from(["Role", "Provider", "X", "Key", "P"]), resources(), max_size=5
        )
    },
    optional={"Outputs": json_values, "Parameters": json_values},
)


def assert_well_shaped(findings: list[Finding], template: dict[str, Any]) -> None:
    resources_ = template.get("Resources", {})
    for finding in findings:
        rule = RULES_BY_ID[finding.rule]
        assert finding.severity == rule.severity
        assert finding.resource == "" or finding.resource in resources_
        assert finding.template == "t"
        assert finding.message.strip()
        assert "could not read this input" not in finding.message, finding.message
        assert list(finding.to_dict()) == ["rule", "severity", "template", "resource", "message"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template=templates, account=st.sampled_from([None, "111111111111", "not-an-account"]))
def test_engine_never_crashes_and_findings_are_well_shaped(
    template: dict[str, Any], account: str | None
) -> None:
    findings = check_template(template, name="t", account_id=account)
    assert_well_shaped(findings, template)
    assert findings == sorted(findings)


@settings(max_examples=150, deadline=None)
@given(document=documents)
def test_trust_policy_shapes_never_crash(document: Any) -> None:
    template = {
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": document}}
        }
    }
    assert_well_shaped(check_template(template, name="t", account_id="111111111111"), template)
