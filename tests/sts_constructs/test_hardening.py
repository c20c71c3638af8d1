"""Issue 9 for the core constructs: whole-value matches, values IAM refuses, trust edits that
would vanish, and trust sizes with tokens. Every message is asserted."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Aws, CfnParameter, Duration, Fn, Stack
from aws_cdk import aws_iam as iam

from sts_constructs import (
    AssumableRole,
    AssumeOnlyUser,
    CrossAccountRole,
    Ec2InstanceRole,
    OrganizationStackSet,
    ThirdParty,
    Trust,
    cross_account_role_arn,
)
from sts_constructs.federation import EksServiceAccount, EksServiceAccountTrust
from sts_constructs.federation._references import ExistingOidcProvider
from sts_constructs.validation import policy_size, policy_size_lower_bound
from tests.support import only, template_of

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "222222222222"
WILDCARD_RULE = "(wildcards are not allowed)"


# --- Kind 2: a trailing newline (or another suffix) never passes a pattern ----------------------
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Trust(principals=["222222222222\n"]), r"principals\[0\]: '222222222222\\n'"),
        (
            lambda: Trust(principals=["arn:aws:iam::111111111111:role/ci\n"]),
            r"principals\[0\]: 'arn:aws:iam::111111111111:role/ci\\n' must be a 12-digit",
        ),
        (
            lambda: Trust(principals=[ACCOUNT], external_id="partner-7\n"),
            r"external_id: 'partner-7\\n' is not a valid sts:ExternalId",
        ),
        (
            lambda: Trust(principals=[ACCOUNT], principal_org_id="o-a1b2c3d4e5\n"),
            r"principal_org_id: 'o-a1b2c3d4e5\\n' is not an organization ID",
        ),
        (
            lambda: Trust(principals=[ACCOUNT], session_tag_keys=["team\n"]),
            r"session_tag_keys\[0\]: 'team\\n' is not a valid session tag key",
        ),
        (
            lambda: Trust(services=["ec2.amazonaws.com\n"]),
            r"services\[0\]: 'ec2.amazonaws.com\\n' is not a service principal",
        ),
        (
            lambda: ThirdParty(external_id="vendor-42\n"),
            r"external_id: 'vendor-42\\n' is not a valid sts:ExternalId",
        ),
        (
            lambda: cross_account_role_arn(account_id="333333333333\n", role_name="r"),
            r"account_id: '333333333333\\n' is not an AWS account ID",
        ),
        (
            lambda: cross_account_role_arn(account_id=ACCOUNT, role_name="r", partition="aws\n"),
            r"partition: 'aws\\n' is not a partition",
        ),
        (
            lambda: cross_account_role_arn(account_id=ACCOUNT, role_name="deployer\n"),
            r"role_name: 'deployer\\n' must be 1-64 characters",
        ),
    ],
)
def test_fails_on_a_value_with_a_trailing_newline(make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role_name": "reader\n"}, r"role_name: 'reader\\n' must be 1-64 characters"),
        ({"path": "/teams/\n"}, r"path: '/teams/\\n' must be '/'"),
    ],
)
def test_role_fails_on_a_name_or_path_with_a_trailing_newline(
    stack: Stack, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        AssumableRole(stack, "Role", trust=Trust(principals=[ACCOUNT]), **kwargs)


def test_cross_account_role_fails_on_a_source_account_with_a_trailing_newline(
    stack: Stack,
) -> None:
    with pytest.raises(ValueError, match=r"source_account_id: '222222222222\\n' is not an AWS"):
        CrossAccountRole(stack, "Role", source_account_id="222222222222\n", role_name="r")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"stack_set_name": "roles\n"}, r"stack_set_name: 'roles\\n' must start with a letter"),
        ({"regions": ["eu-west-1\n"]}, r"regions\[0\]: 'eu-west-1\\n' is not an AWS Region"),
        (
            {"organizational_unit_ids": ["ou-ab12-cdefgh34\n"]},
            r"organizational_unit_ids\[0\]: 'ou-ab12-cdefgh34\\n' is not an OU ID",
        ),
    ],
)
def test_stack_set_fails_on_values_with_a_trailing_newline(
    stack: Stack, kwargs: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {
        "stack_set_name": "roles",
        "organizational_unit_ids": ["ou-ab12-cdefgh34"],
        "regions": ["eu-west-1"],
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        OrganizationStackSet(stack, "Rollout", **arguments)


def test_no_pattern_in_the_constructs_accepts_a_trailing_newline() -> None:
    """Every pattern is matched whole: no ``.match(`` and no ``$`` anchor in these modules."""
    modules = [*ROOT.glob("sts_constructs/_*.py"), *ROOT.glob("sts_constructs/federation/*.py")]
    offending = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in modules
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.match\(|re\.compile\(r?[\"'].*\$[\"')]", line)
    ]
    assert offending == []


# --- Kind 5: what IAM refuses at deploy is refused here -----------------------------------------
@pytest.mark.parametrize(
    ("description", "message"),
    [
        ("Reads data 🚀", r"has '🚀' \(U\+1F680\); IAM descriptions take only tab, newline"),
        ("Роль для чтения", r"has '\u0420' \(U\+0420\)"),
        ("读取数据", r"has '读' \(U\+8BFB\)"),
        ("smart “quotes”", r"has '“' \(U\+201C\)"),
        ("x" * 1001, r"has 1001 characters; IAM allows at most 1000"),
    ],
)
def test_role_fails_on_a_description_iam_refuses(
    stack: Stack, description: str, message: str
) -> None:
    with pytest.raises(ValueError, match=rf"description: .*{message}"):
        AssumableRole(stack, "Role", trust=Trust(principals=[ACCOUNT]), description=description)
    with pytest.raises(ValueError, match=rf"description: .*{message}"):
        Ec2InstanceRole(stack, "Instance", description=description)
    with pytest.raises(ValueError, match=rf"description: .*{message}"):
        CrossAccountRole(
            stack, "Cross", source_account_id=ACCOUNT, role_name="r", description=description
        )


@pytest.mark.parametrize("description", ["Café, naïve, ¿qué?", "x" * 1000, "tab\tand\nnewline"])
def test_role_keeps_a_description_iam_accepts(stack: Stack, description: str) -> None:
    AssumableRole(stack, "Role", trust=Trust(principals=[ACCOUNT]), description=description)

    assert only(template_of(stack), "AWS::IAM::Role")["Description"] == description


@pytest.mark.parametrize(
    "make",
    [
        lambda s: iam.Role.from_role_arn(s, "Any", "arn:aws:iam::111111111111:role/*"),
        lambda s: iam.Role.from_role_arn(s, "Some", "arn:aws:iam::111111111111:role/ci-*"),
        lambda s: iam.User.from_user_arn(s, "Users", "arn:aws:iam::111111111111:user/*"),
        lambda s: iam.ArnPrincipal("arn:aws:iam::111111111111:role/team/*"),
        lambda s: iam.ArnPrincipal("*"),
        lambda s: iam.AnyPrincipal(),
        lambda s: iam.StarPrincipal(),
    ],
)
def test_trust_fails_on_a_wildcard_principal_object(stack: Stack, make: Any) -> None:
    with pytest.raises(
        ValueError, match=rf"principals\[0\]: '.*\*' must be .*{re.escape(WILDCARD_RULE)}"
    ):
        Trust(principals=[make(stack)])


def test_trust_takes_principal_objects_by_their_arn(stack: Stack) -> None:
    imported = iam.Role.from_role_arn(stack, "Ci", "arn:aws:iam::111111111111:role/ci")
    by_arn = iam.ArnPrincipal("arn:aws:iam::111111111111:user/alice")
    AssumableRole(stack, "Role", trust=Trust(principals=[imported, by_arn], require_mfa=False))

    statement = only(template_of(stack), "AWS::IAM::Role")["AssumeRolePolicyDocument"]["Statement"][
        0
    ]

    assert statement["Principal"] == {
        "AWS": ["arn:aws:iam::111111111111:role/ci", "arn:aws:iam::111111111111:user/alice"]
    }


def test_trust_fails_on_a_service_principal_object(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"principals\[0\]: .* is not an AWS principal .*services"):
        Trust(principals=[iam.ServicePrincipal("ec2.amazonaws.com")])


def test_assume_only_user_fails_on_a_wildcard_role(stack: Stack) -> None:
    every_role = iam.Role.from_role_arn(stack, "Any", "arn:aws:iam::111111111111:role/*")

    with pytest.raises(ValueError, match=r"assumable_roles: 'arn:aws:iam::111111111111:role/\*'"):
        AssumeOnlyUser(stack, "User", assumable_roles=[every_role])


def test_role_fails_on_a_quota_above_the_hard_maximum(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"trust_policy_max_chars: 4097 must be 1-4096"):
        AssumableRole(stack, "Role", trust=Trust(principals=[ACCOUNT]), trust_policy_max_chars=4097)


# --- Kind 7: the role's own trust cannot be edited (the trust comes from `trust` only) ----------
@pytest.mark.parametrize(
    "role_of",
    [
        lambda s: AssumableRole(s, "Role", trust=Trust(principals=[ACCOUNT])).role,
        lambda s: Ec2InstanceRole(s, "Instance").role,
        lambda s: CrossAccountRole(s, "Cross", source_account_id=ACCOUNT, role_name="r").role,
    ],
)
def test_the_role_trust_cannot_be_edited_on_the_role(role_of: Any) -> None:
    app = App()
    stack = Stack(app, "Test")
    role = role_of(stack)

    with pytest.raises(
        AttributeError,
        match=r"assume_role_policy: the trust of this role is rendered from the construct's "
        r"`trust` only; put the statement in the trust",
    ):
        role.assume_role_policy.add_statements(
            iam.PolicyStatement(
                actions=["sts:AssumeRole"],
                principals=[iam.ArnPrincipal("arn:aws:iam::333333333333:root")],
            )
        )


def test_synth_passes_when_the_role_trust_is_left_alone() -> None:
    app = App()
    stack = Stack(app, "Test")
    AssumableRole(stack, "Role", trust=Trust(principals=[ACCOUNT]))

    assert app.synth().get_stack_by_name("Test").template["Resources"]


# --- Kind 8: with tokens, the literal part of the trust alone is checked ------------------------
EKS_ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"


def _eks_trust(stack: Stack, count: int) -> EksServiceAccountTrust:
    provider_arn = CfnParameter(stack, "ProviderArn").value_as_string
    return EksServiceAccountTrust(
        provider=ExistingOidcProvider(provider_arn=provider_arn, issuer=EKS_ISSUER),
        service_accounts=[
            EksServiceAccount(namespace="payments-prod", name=f"settlement-worker-{i:02}")
            for i in range(count)
        ],
    )


def test_role_fails_when_the_literal_trust_alone_is_over_the_quota(stack: Stack) -> None:
    with pytest.raises(
        ValueError,
        match=r"trust: at least 2\d{3} characters \(whitespace and the values of unresolved "
        r"tokens not counted\) is above 2048",
    ):
        AssumableRole(stack, "Role", trust=_eks_trust(stack, 40))


def test_role_passes_when_the_literal_trust_is_under_the_quota(stack: Stack) -> None:
    AssumableRole(stack, "Role", trust=_eks_trust(stack, 10))

    assert only(template_of(stack), "AWS::IAM::Role")["AssumeRolePolicyDocument"]


def test_role_fails_on_many_principal_arns_behind_a_token_account(stack: Stack) -> None:
    trust = Trust(
        principals=[f"arn:{Aws.PARTITION}:iam::{Aws.ACCOUNT_ID}:root"],
        require_mfa=False,
        principal_arns=[f"arn:aws:iam::111111111111:role/deployers/team-{i:03}" for i in range(40)],
    )
    with pytest.raises(ValueError, match=r"trust: at least \d+ characters .* is above 2048"):
        AssumableRole(stack, "Role", trust=trust)


def test_inline_policies_with_tokens_are_checked_by_their_literal_part(stack: Stack) -> None:
    big = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": [f"arn:aws:s3:::{Fn.ref('AWS::AccountId')}-{'b' * 60}-{i}/*"],
            }
            for i in range(150)
        ],
    }
    with pytest.raises(
        ValueError, match=r"inline_policies: at least \d+ characters .* above 10240"
    ):
        AssumableRole(
            stack, "Role", trust=Trust(principals=[ACCOUNT]), inline_policies={"Big": big}
        )


def test_lower_bound_drops_only_the_text_of_tokens(stack: Stack) -> None:
    account = Aws.ACCOUNT_ID
    number = CfnParameter(stack, "Age", type="Number").value_as_number
    names = CfnParameter(stack, "Names", type="CommaDelimitedList").value_as_list
    literal = {"Statement": [{"Principal": {"AWS": "arn:aws:iam::111111111111:root"}}]}
    with_tokens = {
        "A": f"arn:aws:iam::{account}:root",
        "N": number,
        "L": names,
    }

    assert policy_size_lower_bound(literal) == policy_size(literal)
    assert policy_size_lower_bound(with_tokens) == len('{"A":"arn:aws:iam:::root","N":0,"L":[]}')


# --- Durations: whole values only ---------------------------------------------------------------
def test_role_keeps_a_literal_duration(stack: Stack) -> None:
    AssumableRole(
        stack, "Role", trust=Trust(principals=[ACCOUNT]), max_session_duration=Duration.hours(2)
    )

    assert only(template_of(stack), "AWS::IAM::Role")["MaxSessionDuration"] == 7200
