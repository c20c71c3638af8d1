"""Each rule: a compliant and a non-compliant case, on small template dicts (cdk-nag's pattern)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sts_constructs.checks import RULES, Finding, Limits, check_template

OWN = "111111111111"
PARTNER = "222222222222"
GITHUB = "token.actions.githubusercontent.com"
GITHUB_ARN = f"arn:aws:iam::{OWN}:oidc-provider/{GITHUB}"


def role(*statements: dict[str, Any], **properties: Any) -> dict[str, Any]:
    """Return a template with one role, ``Role``, trusting ``statements``."""
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    return {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {"AssumeRolePolicyDocument": document, **properties},
            }
        }
    }


def allow(principal: Any, action: Any = "sts:AssumeRole", **condition: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition:
        statement["Condition"] = condition
    return statement


def partner_trust(action: Any = "sts:AssumeRole", **condition: Any) -> dict[str, Any]:
    """Return a role that the partner account's root trusts through ``action``."""
    return role(allow({"AWS": f"arn:aws:iam::{PARTNER}:root"}, action, **condition))


def own_trust(action: Any = "sts:AssumeRole", **condition: Any) -> dict[str, Any]:
    """Return a role that its own account's root trusts through ``action``."""
    return role(allow({"AWS": f"arn:aws:iam::{OWN}:root"}, action, **condition))


def rule_findings(
    template: dict[str, Any], rule_id: str, *, account_id: str | None = OWN, **limits: int
) -> list[Finding]:
    found = check_template(template, account_id=account_id, limits=Limits(**limits))
    return [f for f in found if f.rule == rule_id]


def github(**condition: Any) -> dict[str, Any]:
    return role(allow({"Federated": GITHUB_ARN}, "sts:AssumeRoleWithWebIdentity", **condition))


def github_subject(operator: str, subject: str) -> dict[str, Any]:
    """Return a GitHub trust with the right audience and ``operator`` on ``sub``."""
    audience = {f"{GITHUB}:aud": "sts.amazonaws.com"}
    return github(StringEquals=audience, **{operator: {f"{GITHUB}:sub": subject}})


GOOD_GITHUB = {
    "StringEquals": {
        f"{GITHUB}:aud": "sts.amazonaws.com",
        f"{GITHUB}:sub": "repo:octo-org/octo-repo:environment:prod",
    }
}


# Our own constructs' trust: MFA via Bool, MFA age, ExternalId, org ID, a TagSession
# companion statement with ForAllValues on the multi-valued aws:TagKeys.
def own_construct_trust() -> dict[str, Any]:
    principal = {"AWS": f"arn:aws:iam::{PARTNER}:root"}
    return role(
        allow(
            principal,
            ["sts:AssumeRole", "sts:SetSourceIdentity"],
            Bool={"aws:MultiFactorAuthPresent": "true"},
            NumericLessThan={"aws:MultiFactorAuthAge": "3600"},
            StringEquals={"sts:ExternalId": "partner-7", "aws:PrincipalOrgID": "o-a1b2c3d4e5"},
        ),
        allow(
            principal,
            "sts:TagSession",
            **{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "project"]}},
        ),
        MaxSessionDuration=3600,
    )


def test_our_constructs_trust_pattern_passes_every_rule() -> None:
    assert check_template(own_construct_trust(), account_id=OWN) == []


@pytest.mark.parametrize(
    ("rule_id", "compliant", "non_compliant"),
    [
        (
            "STS-FED1",
            github(**GOOD_GITHUB),
            github(StringEquals={f"{GITHUB}:aud": "sts.amazonaws.com"}),
        ),
        (
            "STS-FED2",
            github(**GOOD_GITHUB),
            github_subject("StringLike", "repo:octo-org/*"),
        ),
        (
            "STS-FED3",
            github(**GOOD_GITHUB),
            github(StringEquals={f"{GITHUB}:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}),
        ),
        (
            "STS-FED4",
            github(**GOOD_GITHUB),
            github_subject("ForAllValues:StringEquals", "repo:octo-org/octo-repo:ref:x"),
        ),
        (
            "STS-FED5",
            role(
                allow(
                    {"Federated": "cognito-identity.amazonaws.com"},
                    "sts:AssumeRoleWithWebIdentity",
                    StringEquals={"cognito-identity.amazonaws.com:aud": "us-east-1:1234-abcd"},
                    **{
                        "ForAnyValue:StringLike": {
                            "cognito-identity.amazonaws.com:amr": "authenticated"
                        }
                    },
                )
            ),
            role(
                allow(
                    {"Federated": "cognito-identity.amazonaws.com"},
                    "sts:AssumeRoleWithWebIdentity",
                    StringEquals={"cognito-identity.amazonaws.com:aud": "us-east-1:1234-abcd"},
                )
            ),
        ),
        (
            "STS-FED6",
            role(
                allow(
                    {"Federated": f"arn:aws:iam::{OWN}:saml-provider/Okta"},
                    "sts:AssumeRoleWithSAML",
                    StringEquals={"SAML:aud": "https://signin.aws.amazon.com/saml"},
                )
            ),
            role(
                allow(
                    {"Federated": f"arn:aws:iam::{OWN}:saml-provider/Okta"},
                    "sts:AssumeRoleWithSAML",
                )
            ),
        ),
        (
            "STS-FED7",
            github(**GOOD_GITHUB),
            role(allow({"Federated": GITHUB_ARN}, "sts:AssumeRole", **GOOD_GITHUB)),
        ),
        (
            "STS-TRUST1",
            role(allow({"AWS": "*"}, StringEquals={"aws:PrincipalOrgID": "o-a1b2c3d4e5"})),
            role(allow({"AWS": "*"}, StringEquals={"sts:ExternalId": "shared-secret"})),
        ),
        (
            "STS-TRUST2",
            partner_trust(StringEquals={"sts:ExternalId": "p-7"}),
            partner_trust(),
        ),
        (
            "STS-TRUST3",
            partner_trust(StringEquals={"sts:ExternalId": "p-7"}),
            partner_trust(StringEquals={"sts:ExternalId": "has space"}),
        ),
        (
            "STS-TRUST4",
            own_trust(Bool={"aws:MultiFactorAuthPresent": "true"}),
            own_trust(BoolIfExists={"aws:MultiFactorAuthPresent": "true"}),
        ),
        (
            "STS-TRUST5",
            own_trust(),
            role(
                {
                    "Effect": "Allow",
                    "NotPrincipal": {"AWS": f"arn:aws:iam::{OWN}:root"},
                    "Action": "sts:AssumeRole",
                }
            ),
        ),
        (
            "STS-TRUST6",
            own_trust(),
            own_trust("sts:*"),
        ),
        (
            "STS-TRUST7",
            role(
                allow(
                    {"Service": "scheduler.amazonaws.com"}, StringEquals={"aws:SourceAccount": OWN}
                )
            ),
            role(allow({"Service": "scheduler.amazonaws.com"})),
        ),
    ],
)
def test_trust_rule(rule_id: str, compliant: dict[str, Any], non_compliant: dict[str, Any]) -> None:
    assert rule_findings(compliant, rule_id) == []
    found = rule_findings(non_compliant, rule_id)
    assert len(found) == 1
    assert found[0].resource == "Role"


def identity(statement: dict[str, Any]) -> dict[str, Any]:
    return {
        "Resources": {
            "Policy": {
                "Type": "AWS::IAM::Policy",
                "Properties": {
                    "PolicyName": "p",
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]},
                    "Roles": ["deployer"],
                },
            }
        }
    }


ROLE_ARN = f"arn:aws:iam::{OWN}:role/deployer"


@pytest.mark.parametrize(
    ("rule_id", "compliant", "non_compliant"),
    [
        (
            "STS-IAM1",
            identity({"Effect": "Allow", "Action": "iam:PassRole", "Resource": ROLE_ARN}),
            identity({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}),
        ),
        (
            "STS-IAM2",
            identity({"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}),
            identity({"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": ROLE_ARN}),
        ),
        (
            "STS-IAM3",
            {"Resources": {"User": {"Type": "AWS::IAM::User"}}},
            {
                "Resources": {
                    "User": {"Type": "AWS::IAM::User"},
                    "Key": {
                        "Type": "AWS::IAM::AccessKey",
                        "Properties": {"UserName": {"Ref": "User"}},
                    },
                }
            },
        ),
        (
            "STS-IAM4",
            {"Resources": {"User": {"Type": "AWS::IAM::User"}}},
            {
                "Resources": {
                    "User": {
                        "Type": "AWS::IAM::User",
                        "Properties": {"LoginProfile": {"Password": "x"}},
                    }
                }
            },
        ),
    ],
)
def test_identity_rule(
    rule_id: str, compliant: dict[str, Any], non_compliant: dict[str, Any]
) -> None:
    assert rule_findings(compliant, rule_id) == []
    assert len(rule_findings(non_compliant, rule_id)) == 1


def test_long_lived_credentials_are_warnings_not_errors() -> None:
    template = {
        "Resources": {
            "User": {"Type": "AWS::IAM::User", "Properties": {"LoginProfile": {"Password": "x"}}},
            "Key": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "User"}}},
        }
    }
    found = check_template(template)
    assert {(f.rule, f.severity) for f in found} == {
        ("STS-IAM3", "warning"),
        ("STS-IAM4", "warning"),
    }
    assert "User" in next(f.message for f in found if f.rule == "STS-IAM3")


EC2 = allow({"Service": "ec2.amazonaws.com"})


def big_statement(count: int) -> dict[str, Any]:
    return {
        "Effect": "Allow",
        "Principal": {"AWS": [f"arn:aws:iam::{OWN}:role/role-number-{i:04}" for i in range(count)]},
        "Action": "sts:AssumeRole",
    }


def managed(count: int) -> dict[str, Any]:
    return {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Statement": [allow({"Service": "ec2.amazonaws.com"})]
                    },
                    "ManagedPolicyArns": [f"arn:aws:iam::aws:policy/P{i}" for i in range(count)],
                },
            }
        }
    }


def policy_document(chars: int) -> dict[str, Any]:
    """Return a valid policy of about ``chars`` characters (29 per bucket ARN)."""
    buckets = [f"arn:aws:s3:::bucket-{i:05}/*" for i in range(chars // 29)]
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": buckets}],
    }


def inline_total(chars_each: int) -> dict[str, Any]:
    template = role(allow({"Service": "ec2.amazonaws.com"}))
    for i in range(2):
        template["Resources"][f"Policy{i}"] = {
            "Type": "AWS::IAM::Policy",
            "Properties": {
                "PolicyName": f"p{i}",
                "PolicyDocument": policy_document(chars_each),
                "Roles": [{"Ref": "Role"}],
            },
        }
    return template


def sized(resources: int = 1, outputs: int = 0) -> dict[str, Any]:
    return {
        "Resources": {f"T{i}": {"Type": "AWS::SNS::Topic"} for i in range(resources)},
        "Outputs": {f"O{i}": {"Value": "x"} for i in range(outputs)},
    }


@pytest.mark.parametrize(
    ("rule_id", "compliant", "non_compliant"),
    [
        ("STS-LIMIT1", role(big_statement(10)), role(big_statement(60))),
        (
            "STS-LIMIT2",
            {
                "Resources": {
                    "P": {
                        "Type": "AWS::IAM::ManagedPolicy",
                        "Properties": {"PolicyDocument": policy_document(5000)},
                    }
                }
            },
            {
                "Resources": {
                    "P": {
                        "Type": "AWS::IAM::ManagedPolicy",
                        "Properties": {"PolicyDocument": policy_document(6200)},
                    }
                }
            },
        ),
        ("STS-LIMIT3", inline_total(4000), inline_total(5200)),
        ("STS-LIMIT4", managed(10), managed(11)),
        (
            "STS-LIMIT5",
            role(EC2, RoleName="deploy.role@team"),
            role(EC2, RoleName="a" * 65),
        ),
        (
            "STS-LIMIT6",
            role(EC2, Path="/teams/data/"),
            role(EC2, Path="/teams/data"),
        ),
        (
            "STS-LIMIT7",
            role(EC2, MaxSessionDuration=43200),
            role(EC2, MaxSessionDuration=43201),
        ),
        ("STS-LIMIT8", sized(resources=500), sized(resources=501)),
        ("STS-LIMIT9", sized(outputs=200), sized(outputs=201)),
        (
            "STS-LIMIT12",
            {
                "Resources": {
                    "P": {
                        "Type": "AWS::IAM::OIDCProvider",
                        "Properties": {"Url": f"https://{GITHUB}", "ThumbprintList": ["a" * 40]},
                    }
                }
            },
            {
                "Resources": {
                    "P": {
                        "Type": "AWS::IAM::OIDCProvider",
                        "Properties": {"Url": f"http://{GITHUB}", "ThumbprintList": ["a" * 40]},
                    }
                }
            },
        ),
    ],
)
def test_limit_rule(rule_id: str, compliant: dict[str, Any], non_compliant: dict[str, Any]) -> None:
    assert rule_findings(compliant, rule_id) == []
    assert len(rule_findings(non_compliant, rule_id)) == 1


@pytest.mark.parametrize(
    ("size", "expected"), [(51_200, []), (51_201, ["STS-LIMIT11"]), (1_048_577, ["STS-LIMIT10"])]
)
def test_template_size_rules(size: int, expected: list[str]) -> None:
    found = check_template({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}, size_bytes=size)
    assert [f.rule for f in found] == expected
    assert all(f.resource == "" for f in found)


def test_trust_policy_size_limit_is_configurable_for_raised_quotas() -> None:
    template = role(big_statement(60))
    assert rule_findings(template, "STS-LIMIT1")
    assert rule_findings(template, "STS-LIMIT1", trust_policy_chars=4096) == []


@pytest.mark.parametrize(
    ("rule_id", "compliant", "non_compliant"),
    [
        (
            "STS-READ1",
            own_trust(),
            {
                "Resources": {
                    "Role": {
                        "Type": "AWS::IAM::Role",
                        "Properties": {"AssumeRolePolicyDocument": {"statement": []}},
                    }
                }
            },
        ),
        (
            "STS-READ2",
            {
                "Resources": {
                    "P": {
                        "Type": "AWS::IAM::ManagedPolicy",
                        "Properties": {
                            "PolicyDocument": {
                                "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
                            }
                        },
                    }
                }
            },
            {
                "Resources": {
                    "P": {
                        "Type": "AWS::IAM::ManagedPolicy",
                        "Properties": {"PolicyDocument": {"Statement": "Allow everything"}},
                    }
                }
            },
        ),
        (
            "STS-READ3",
            own_trust(),
            {"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"Policies": {}}}}},
        ),
    ],
)
def test_read_rule(rule_id: str, compliant: dict[str, Any], non_compliant: dict[str, Any]) -> None:
    assert rule_findings(compliant, rule_id) == []
    assert len(rule_findings(non_compliant, rule_id)) == 1


def test_every_rule_has_a_case_here() -> None:
    # Any test module of this directory may hold a rule's cases (test_rules.py most of them).
    source = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    missing = [rule.id for rule in RULES if f'"{rule.id}"' not in source]
    assert missing == []
