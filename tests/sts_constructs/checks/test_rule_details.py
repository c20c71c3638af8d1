"""The cases that decide whether a rule is usable: what it must flag and what it must not."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sts_constructs.checks import Finding, Limits, check_template
from sts_constructs.template import estimate_policy_chars

OWN = "111111111111"
PARTNER = "222222222222"
GITHUB = "token.actions.githubusercontent.com"


def role(*statements: dict[str, Any], **properties: Any) -> dict[str, Any]:
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    props = {"AssumeRolePolicyDocument": document, **properties}
    return {"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": props}}}


def stmt(
    principal: Any, action: Any = "sts:AssumeRole", *, effect: Any = "Allow", **cond: Any
) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": effect, "Principal": principal, "Action": action}
    if cond:
        statement["Condition"] = cond
    return statement


def inline_policy(*statements: dict[str, Any]) -> dict[str, Any]:
    """Return an inline policy, ``p``, of ``statements`` (an entry of a role's ``Policies``)."""
    return {"PolicyName": "p", "PolicyDocument": {"Statement": list(statements)}}


def one_resource(resource_type: str, metadata: Any = None, **properties: Any) -> dict[str, Any]:
    """Return a template of one resource, ``R``, of ``resource_type``."""
    resource: dict[str, Any] = {"Type": resource_type, "Properties": properties}
    if metadata is not None:
        resource["Metadata"] = metadata
    return {"Resources": {"R": resource}}


def access_key(*acknowledgments: dict[str, str]) -> dict[str, Any]:
    """Return a template of one access key carrying ``acknowledgments`` in its Metadata."""
    metadata = {"sts-constructs:acknowledge": list(acknowledgments)}
    return one_resource("AWS::IAM::AccessKey", metadata, UserName="ci")


def rules(template: dict[str, Any], *, account_id: str | None = OWN) -> list[str]:
    return [f.rule for f in check_template(template, account_id=account_id)]


def cdk_account_root(account: Any) -> dict[str, Any]:
    """Return an account principal the way CDK renders it."""
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", account, ":root"]]}


@pytest.mark.parametrize(
    "service", ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com"]
)
def test_ordinary_service_trust_is_not_flagged(service: str) -> None:
    assert rules(role(stmt({"Service": service}))) == []


def test_regional_service_principal_is_recognised_as_confused_deputy_prone() -> None:
    assert rules(role(stmt({"Service": "logs.eu-west-1.amazonaws.com"}))) == ["STS-TRUST7"]


@pytest.mark.parametrize(
    "principal",
    [
        cdk_account_root({"Ref": "AWS::AccountId"}),
        {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"},
        f"arn:aws:iam::{OWN}:root",
        OWN,
    ],
)
def test_own_account_needs_no_external_id(principal: Any) -> None:
    assert rules(role(stmt({"AWS": principal}))) == []


def test_outside_account_in_cdk_rendering_is_flagged() -> None:
    template = role(stmt({"AWS": cdk_account_root(PARTNER)}))
    found = check_template(template, account_id=OWN)
    assert [f.rule for f in found] == ["STS-TRUST2"]
    assert PARTNER in found[0].message


def test_an_account_not_known_to_be_yours_is_outside_and_the_message_says_why() -> None:
    template = role(stmt({"AWS": f"arn:aws:iam::{PARTNER}:root"}))
    [finding] = check_template(template, account_id=None)
    assert finding.rule == "STS-TRUST2"
    assert f"account {PARTNER}, not known to be yours (no own account is known" in finding.message
    assert check_template(template, account_id=None, own_accounts=[PARTNER]) == []


@pytest.mark.parametrize(
    ("principal", "trusts"),
    [
        (PARTNER, f"trusts account {PARTNER}, not known"),
        (f"arn:aws:iam::{PARTNER}:root", f"trusts account {PARTNER}, not known"),
        (f"arn:aws-cn:iam::{PARTNER}:root", f"trusts account {PARTNER}, not known"),
        (
            f"arn:aws:iam::{PARTNER}:role/ci",
            f"trusts arn:aws:iam::{PARTNER}:role/ci of account {PARTNER}, not known",
        ),
    ],
)
def test_an_outside_account_is_named_once_and_the_app_config_is_pointed_to(
    principal: str, trusts: str
) -> None:
    [finding] = check_template(role(stmt({"AWS": principal})), account_id=None)

    assert trusts in finding.message
    assert "as the app config's `account:` does" in finding.message


def test_an_account_from_a_parameter_is_outside() -> None:
    template = role(stmt({"AWS": {"Fn::Sub": "arn:aws:iam::${Partner}:root"}}))
    [finding] = check_template(template, account_id=OWN, own_accounts=[PARTNER])
    assert "an account known only at deploy time" in finding.message


def test_organization_ids_given_must_match_principal_org_id() -> None:
    template = role(
        stmt(
            {"AWS": f"arn:aws:iam::{PARTNER}:root"},
            StringEquals={"aws:PrincipalOrgID": "o-abc1234567"},
        )
    )
    assert check_template(template, account_id=OWN, organization_ids=["o-abc1234567"]) == []
    [finding] = check_template(template, account_id=OWN, organization_ids=["o-zzz9999999"])
    assert finding.rule == "STS-TRUST2"


def test_principal_org_id_stands_in_for_external_id_for_first_party_accounts() -> None:
    template = role(
        stmt(
            {"AWS": f"arn:aws:iam::{PARTNER}:root"},
            StringEquals={"aws:PrincipalOrgID": "o-abc1234567"},
        )
    )
    assert rules(template) == []


def test_tag_session_companion_statement_is_not_an_assume_statement() -> None:
    template = role(
        stmt({"AWS": f"arn:aws:iam::{PARTNER}:root"}, StringEquals={"sts:ExternalId": "p-7"}),
        stmt(
            {"AWS": f"arn:aws:iam::{PARTNER}:root"},
            "sts:TagSession",
            **{"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}},
        ),
    )
    assert rules(template) == []


def test_if_exists_on_external_id_is_flagged() -> None:
    template = role(
        stmt(
            {"AWS": f"arn:aws:iam::{PARTNER}:root"}, StringEqualsIfExists={"sts:ExternalId": "p-7"}
        )
    )
    assert sorted(rules(template)) == ["STS-FED4", "STS-TRUST2"]


@pytest.mark.parametrize(
    ("condition", "flagged"),
    [
        ({"Bool": {"aws:MultiFactorAuthPresent": "true"}}, False),
        ({"Bool": {"aws:MultiFactorAuthPresent": True}}, False),
        ({"Bool": {"aws:MultiFactorAuthPresent": "false"}}, True),
        ({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}, True),
        ({"Null": {"aws:MultiFactorAuthPresent": "false"}}, True),
        ({"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}, True),
        ({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}, False),
    ],
)
def test_mfa_conditions(condition: dict[str, Any], flagged: bool) -> None:
    template = role(stmt({"AWS": f"arn:aws:iam::{OWN}:root"}, **condition))
    assert ("STS-TRUST4" in rules(template)) is flagged


def test_mfa_if_exists_in_a_deny_is_the_correct_pattern() -> None:
    deny = stmt({"AWS": "*"}, effect="Deny", BoolIfExists={"aws:MultiFactorAuthPresent": "false"})
    assert rules(role(stmt({"AWS": f"arn:aws:iam::{OWN}:root"}), deny)) == []


@pytest.mark.parametrize(
    ("pattern", "flagged"),
    [
        ("repo:octo-org/octo-repo:ref:refs/heads/main", False),
        ("repo:octo-org/octo-repo:*", False),
        ("repo:octo-org@123/octo-repo@456:environment:prod", False),
        ("repo:octo-org/*", True),
        ("repo:*/octo-repo:*", True),
        ("repo:octo-*/octo-repo:*", True),
        ("*", True),
        ("*:environment:prod", True),
    ],
)
def test_github_subject_patterns(pattern: str, flagged: bool) -> None:
    template = role(
        stmt(
            {"Federated": f"arn:aws:iam::{OWN}:oidc-provider/{GITHUB}"},
            "sts:AssumeRoleWithWebIdentity",
            StringEquals={f"{GITHUB}:aud": "sts.amazonaws.com"},
            StringLike={f"{GITHUB}:sub": pattern},
        )
    )
    assert rules(template) == (["STS-FED2"] if flagged else [])


def test_oidc_provider_referenced_in_the_template_is_resolved_to_its_issuer() -> None:
    template = role(stmt({"Federated": {"Ref": "Provider"}}, "sts:AssumeRoleWithWebIdentity"))
    template["Resources"]["Provider"] = {
        "Type": "AWS::IAM::OIDCProvider",
        "Properties": {"Url": f"https://{GITHUB}", "ClientIdList": ["sts.amazonaws.com"]},
    }
    assert sorted(rules(template)) == ["STS-FED1", "STS-FED3"]


def test_cognito_amr_is_multi_valued_so_for_any_value_is_correct() -> None:
    template = role(
        stmt(
            {"Federated": "cognito-identity.amazonaws.com"},
            "sts:AssumeRoleWithWebIdentity",
            StringEquals={"cognito-identity.amazonaws.com:aud": "us-east-1:pool"},
            **{"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}},
        )
    )
    assert rules(template) == []


@pytest.mark.parametrize(
    ("principal", "action"),
    [
        ({"AWS": f"arn:aws:iam::{OWN}:root"}, "sts:AssumeRoleWithWebIdentity"),
        ({"Service": "ec2.amazonaws.com"}, "sts:AssumeRoleWithSAML"),
        ({"Federated": f"arn:aws:iam::{OWN}:saml-provider/Okta"}, "sts:AssumeRoleWithWebIdentity"),
    ],
)
def test_wrong_action_for_principal_type(principal: dict[str, Any], action: str) -> None:
    assert "STS-FED7" in rules(role(stmt(principal, action)))


@pytest.mark.parametrize(
    "statement",
    [
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OWN}:root"},
            "NotAction": "sts:TagSession",
        },
        stmt({"AWS": f"arn:aws:iam::{OWN}:root"}, ["sts:AssumeRole", "s3:GetObject"]),
        stmt({"AWS": f"arn:aws:iam::{OWN}:root"}, "*"),
    ],
)
def test_non_sts_actions_in_trust(statement: dict[str, Any]) -> None:
    assert "STS-TRUST6" in rules(role(statement))


@pytest.mark.parametrize(
    "statement",
    [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/*"},
        {"Effect": "Allow", "Action": "iam:*", "NotResource": "arn:aws:iam::111111111111:role/x"},
        {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]},
    ],
)
def test_pass_or_assume_role_on_any_role(statement: dict[str, Any]) -> None:
    template = role(stmt({"Service": "ec2.amazonaws.com"}), Policies=[inline_policy(statement)])
    assert "STS-IAM1" in rules(template)


def test_deny_statements_are_not_privilege_escalation() -> None:
    deny = {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}
    template = one_resource("AWS::IAM::ManagedPolicy", PolicyDocument={"Statement": [deny]})
    assert rules(template) == []


def test_size_estimate_counts_intrinsics_as_placeholders() -> None:
    assert (
        estimate_policy_chars({"a": {"Ref": "Role"}}, unresolved_chars=96) == len('{"a":""}') + 96
    )
    assert (
        estimate_policy_chars({"a": {"Ref": "AWS::AccountId"}}, unresolved_chars=96)
        == len('{"a":""}') + 12
    )
    joined = {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"],
        ]
    }
    assert estimate_policy_chars(joined, unresolved_chars=96) == 2 + len(
        "arn:aws-us-gov:iam::123456789012:root"
    )
    assert estimate_policy_chars({"a": "x y"}, unresolved_chars=96) == len('{"a":"xy"}')


def test_size_limit_sees_unresolved_principals() -> None:
    principals = [{"Fn::GetAtt": [f"Role{i}", "Arn"]} for i in range(25)]
    template = role(stmt({"AWS": principals}))
    assert "STS-LIMIT1" in rules(template)
    assert "STS-LIMIT1" not in [
        f.rule for f in check_template(template, limits=Limits(unresolved_value_chars=40))
    ]


def test_unresolvable_condition_block_is_not_guessed() -> None:
    template = role(
        stmt(
            {"Federated": f"arn:aws:iam::{OWN}:oidc-provider/{GITHUB}"},
            "sts:AssumeRoleWithWebIdentity",
        )
    )
    template["Resources"]["Role"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0][
        "Condition"
    ] = {"Fn::GetAtt": ["CfnJson", "Value"]}
    [finding] = check_template(template, account_id=OWN)
    assert finding.rule == "STS-READ1"
    assert "Condition is Fn::GetAtt CfnJson.Value, known only at deploy time" in finding.message


def test_inline_policy_total_counts_separate_policy_resources_by_role_name() -> None:
    template = role(stmt({"Service": "ec2.amazonaws.com"}), RoleName="app")
    template["Resources"]["Policy"] = {
        "Type": "AWS::IAM::RolePolicy",
        "Properties": {
            "RoleName": "app",
            **inline_policy({"Effect": "Allow", "Action": "s3:*", "Resource": "x" * 10_300}),
        },
    }
    assert "STS-LIMIT3" in rules(template)


def test_acknowledgment_in_resource_metadata_hides_the_finding() -> None:
    template = access_key({"rule": "STS-IAM3", "reason": "CI user, rotated"})
    assert rules(template) == []


def test_acknowledgment_without_a_reason_is_ignored() -> None:
    assert rules(access_key({"rule": "STS-IAM3", "reason": " "})) == ["STS-IAM3"]


def test_acknowledgments_argument_hides_only_the_named_rule() -> None:
    template = role(stmt({"AWS": "*"}, "sts:*"))
    found = check_template(template, acknowledgments={"Role": {"STS-TRUST6": "reviewed"}})
    assert [f.rule for f in found] == ["STS-TRUST1"]


def test_findings_are_sorted_and_shaped() -> None:
    found = check_template(role(stmt({"AWS": "*"}, "sts:*")), name="t.json")
    assert found == sorted(found)
    assert all(isinstance(f, Finding) and f.template == "t.json" for f in found)
    assert list(found[0].to_dict()) == ["rule", "severity", "template", "resource", "message"]


def test_template_metadata_acknowledges_template_wide_findings() -> None:
    template: dict[str, Any] = {
        "Metadata": {
            "sts-constructs:acknowledge": [{"rule": "STS-LIMIT9", "reason": "generated outputs"}]
        },
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {f"O{i}": {"Value": "x"} for i in range(201)},
    }
    assert rules(template) == []
    del template["Metadata"]
    assert rules(template) == ["STS-LIMIT9"]


def test_policy_document_given_as_a_json_string_is_read() -> None:
    statement = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
    document = json.dumps({"Statement": [statement]})
    template = {
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": document}}
        }
    }
    assert rules(template) == ["STS-TRUST1"]
