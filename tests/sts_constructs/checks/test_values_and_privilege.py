"""Values that can be wrong, and privilege on roles others may assume (issue 10, kinds 9-10).

Each case is a JSON template and the same template in YAML; both must give the same findings.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from sts_constructs.checks import check_template, parse_template
from tests.sts_constructs.checks._trust_templates import OWN, allow

SAML_ARN = f"arn:aws:iam::{OWN}:saml-provider/Okta"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def role(statement: dict[str, Any], **properties: Any) -> dict[str, Any]:
    document = {"Version": "2012-10-17", "Statement": [statement]}
    return {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {"AssumeRolePolicyDocument": document, **properties},
            }
        }
    }


def saml(audience: Any) -> dict[str, Any]:
    federated = {"Federated": SAML_ARN}
    return role(allow(federated, "sts:AssumeRoleWithSAML", StringEquals={"SAML:aud": audience}))


def service(name: Any, **condition: Any) -> dict[str, Any]:
    return role(allow({"Service": name}, **condition))


def trusting(principal: Any, **properties: Any) -> dict[str, Any]:
    external_id = {"sts:ExternalId": "partner-7f3a"}
    return role(allow(principal, StringEquals=external_id), **properties)


def as_yaml(template: dict[str, Any]) -> str:
    """Write the template as YAML, with the URLSuffix join as the short-form !Join tag."""
    text = yaml.safe_dump(template, sort_keys=False)
    return text.replace("Fn::Join:", "!Join").replace("Ref: AWS::URLSuffix", "!Ref AWS::URLSuffix")


def rules(template: dict[str, Any]) -> list[str]:
    found = {f.rule for f in check_template(template, account_id=OWN)}
    reread = {f.rule for f in check_template(parse_template(as_yaml(template)), account_id=OWN)}
    assert found == reread
    return sorted(found)


URL_SUFFIX_AUDIENCE = {
    "Fn::Join": ["", ["https://signin.aws.", {"Ref": "AWS::URLSuffix"}, "/saml"]]
}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (saml("https://signin.aws.amazon.com/saml"), []),
        (saml("https://eu-central-1.signin.aws.amazon.com/saml"), []),
        (saml("https://signin.amazonaws-us-gov.com/saml"), []),
        (saml("https://signin.amazonaws.cn/saml"), []),
        (saml(URL_SUFFIX_AUDIENCE), ["STS-FED8"]),  # CDK 2.65: signin.aws.amazonaws.com
        (saml("https://signin.aws.amazon.com/saml/"), ["STS-FED8"]),
        (saml("urn:amazon:webservices"), ["STS-FED8"]),
        (service("ec2.amazonaws.com"), []),
        (service("ec2.amazon.com"), ["STS-TRUST8"]),
        (service("arn:aws:iam::111111111111:root"), ["STS-TRUST8"]),
        (service("*.amazonaws.com"), ["STS-TRUST8"]),
        (service("events.amazonaws.com"), ["STS-TRUST7"]),
        (service("s3.amazonaws.com"), ["STS-TRUST7"]),
        (service("config.amazonaws.com"), ["STS-TRUST7"]),
        (service("cloudtrail.amazonaws.com"), ["STS-TRUST7"]),
        (service("logs.eu-west-1.amazonaws.com"), ["STS-TRUST7"]),
        (service("events.amazonaws.com", StringEquals={"aws:SourceAccount": OWN}), []),
        (service("events.amazonaws.com", StringLike={"aws:SourceAccount": "*"}), ["STS-TRUST7"]),
    ],
)
def test_values_that_can_be_wrong(template: dict[str, Any], expected: list[str]) -> None:
    assert rules(template) == expected


ALL_ON_ALL = [
    {
        "PolicyName": "everything",
        "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    }
]
PASS_ANY = [
    {
        "PolicyName": "pass",
        "PolicyDocument": {
            "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]
        },
    }
]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (trusting({"AWS": "222222222222"}, ManagedPolicyArns=[ADMIN]), ["STS-TRUST9"]),
        (
            trusting({"AWS": "222222222222"}, Policies=ALL_ON_ALL),
            ["STS-IAM1", "STS-IAM2", "STS-TRUST9"],
        ),
        (trusting({"AWS": "222222222222"}, Policies=PASS_ANY), ["STS-IAM1", "STS-TRUST9"]),
        (trusting({"AWS": OWN}, ManagedPolicyArns=[ADMIN]), []),
        (
            trusting({"AWS": "222222222222"}, ManagedPolicyArns=[f"{ADMIN[:-19]}ReadOnlyAccess"]),
            [],
        ),
        (
            trusting(
                {"AWS": "222222222222"},
                ManagedPolicyArns=[
                    {
                        "Fn::Join": [
                            "",
                            [
                                "arn:",
                                {"Ref": "AWS::Partition"},
                                ":iam::aws:policy/AdministratorAccess",
                            ],
                        ]
                    }
                ],
            ),
            ["STS-TRUST9"],
        ),
        (service("ec2.amazonaws.com"), []),
    ],
)
def test_privilege_on_roles_others_may_assume(
    template: dict[str, Any], expected: list[str]
) -> None:
    assert rules(template) == expected


def test_a_separate_policy_resource_counts_too() -> None:
    template = trusting({"AWS": "222222222222"})
    template["Resources"]["Admin"] = {
        "Type": "AWS::IAM::Policy",
        "Properties": {
            "PolicyName": "admin",
            "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
            "Roles": [{"Ref": "Role"}],
        },
    }
    [finding] = [f for f in check_template(template, account_id=OWN) if f.rule == "STS-TRUST9"]
    assert "account 222222222222" in finding.message
    assert "'*' on '*' (Admin)" in finding.message
