"""CrossAccountRole and CrossAccountGrant: both halves in every mode, and checked together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Duration, Environment, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs import (
    CrossAccountGrant,
    CrossAccountRole,
    FirstParty,
    ThirdParty,
    acknowledge,
    cross_account_role_arn,
    verify_cross_account,
)
from sts_constructs.checks import assert_no_sts_findings
from tests.support import cfn_lint_errors, nag_findings

SOURCE = "111111111111"
TARGET = "222222222222"
ORG = "o-a1b2c3d4e5"
ROOT = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":iam::{SOURCE}:root"]]}


def arn(account: str, rest: str) -> dict[str, Any]:
    """The partition-aware ARN CDK renders for ``arn:<partition>:iam::<account>:<rest>``."""
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":iam::{account}:{rest}"]]}


def env_stack(app: App, construct_id: str, account: str, region: str = "eu-west-1") -> Stack:
    return Stack(app, construct_id, env=Environment(account=account, region=region))


class Halves:
    """One app with a target and a source stack holding every mode, synthesized once."""

    def __init__(self) -> None:
        self.app = App()
        self.target = env_stack(self.app, "Target", TARGET)
        self.source = env_stack(self.app, "Source", SOURCE)
        self.roles = {
            "account": CrossAccountRole(
                self.target, "Account", source_account_id=SOURCE, role_name="account-wide"
            ),
            "named": CrossAccountRole(
                self.target,
                "Named",
                source_account_id=SOURCE,
                role_name="deployer",
                path="/xa/",
                trusted_roles=["ci/ci-deployer"],
                trusted_users=["alice"],
                access=FirstParty(mfa_max_age=Duration.hours(1)),
            ),
            "org": CrossAccountRole(
                self.target,
                "Org",
                source_account_id=SOURCE,
                role_name="org-scoped",
                principal_org_id=ORG,
                trusted_roles=["pipeline"],
                trust_source_account=True,
            ),
            "vendor": CrossAccountRole(
                self.target,
                "Vendor",
                source_account_id="444455556666",
                role_name="vendor",
                access=ThirdParty(external_id="vendor-7f3a9c21"),
                trusted_roles=["VendorRole"],
                managed_policies=[
                    iam.ManagedPolicy.from_managed_policy_arn(
                        self.target, "Boundary", f"arn:aws:iam::{TARGET}:policy/vendor-read"
                    )
                ],
            ),
        }
        # First party without aws:PrincipalOrgID: STS-TRUST2 asks for an ExternalId or an org
        # ID; the app's stacks acknowledge it the same way (the "org" role shows the fix).
        for mode in ("account", "named"):
            acknowledge(self.roles[mode].role.resource, "STS-TRUST2", "First-party test accounts.")
        self.group = iam.Group(self.source, "Readers", group_name="readers")
        ci = iam.Role.from_role_name(self.source, "Ci", "ci-deployer")
        alice = iam.User.from_user_name(self.source, "Alice", "alice")
        pipeline = iam.Role.from_role_name(self.source, "Pipeline", "pipeline")
        self.grants = {
            "account": CrossAccountGrant(
                self.source,
                "AccountGrant",
                target_account_id=TARGET,
                role_name="account-wide",
                grantees=[self.group],
            ),
            "named": CrossAccountGrant(
                self.source,
                "NamedGrant",
                target_account_id=TARGET,
                role_name="deployer",
                role_path="/xa/",
                grantees=[ci, alice],
            ),
            "org": CrossAccountGrant(
                self.source,
                "OrgGrant",
                target_account_id=TARGET,
                role_name="org-scoped",
                organization_id=ORG,
                grantees=[self.group, pipeline],
            ),
            "everywhere": CrossAccountGrant(
                self.source,
                "EverywhereGrant",
                role_name="audit",
                role_path="/audit/",
                organization_id=ORG,
                grantees=[self.group],
            ),
        }
        self.assembly = self.app.synth()
        self.templates = {
            stack.node.id: self.assembly.get_stack_by_name(stack.stack_name).template
            for stack in (self.target, self.source)
        }

    def resource(self, construct: Construct) -> dict[str, Any]:
        """Return the properties of the construct's CloudFormation resource."""
        stack = Stack.of(construct)
        cfn = construct.node.default_child
        while cfn is not None and cfn.node.default_child is not None:
            cfn = cfn.node.default_child
        assert cfn is not None
        # The deployed ID (CDK's get_logical_id ignores an override_logical_id).
        logical_id = stack.resolve(cfn.logical_id)  # type: ignore[union-attr]
        properties: dict[str, Any] = self.templates[stack.node.id]["Resources"][logical_id][
            "Properties"
        ]
        return properties

    def trust(self, mode: str) -> list[dict[str, Any]]:
        statements: list[dict[str, Any]] = self.resource(self.roles[mode])[
            "AssumeRolePolicyDocument"
        ]["Statement"]
        return statements

    def grant(self, mode: str) -> list[dict[str, Any]]:
        statements: list[dict[str, Any]] = self.resource(self.grants[mode].policy)[
            "PolicyDocument"
        ]["Statement"]
        return statements


@pytest.fixture(scope="module")
def halves() -> Halves:
    return Halves()


# --- The target half -------------------------------------------------------------------------


def test_account_wide_trust_requires_mfa(halves: Halves) -> None:
    assert halves.trust("account") == [
        {
            "Sid": "SourceAccount",
            "Effect": "Allow",
            "Principal": {"AWS": ROOT},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        }
    ]


def test_named_principals_are_the_root_with_a_principal_arn_condition(halves: Halves) -> None:
    users, roles = halves.trust("named")

    assert users == {
        "Sid": "SourceUsers",
        "Effect": "Allow",
        "Principal": {"AWS": ROOT},
        "Action": "sts:AssumeRole",
        "Condition": {
            "Bool": {"aws:MultiFactorAuthPresent": "true"},
            "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"},
            "ArnLike": {"aws:PrincipalArn": arn(SOURCE, "user/alice")},
        },
    }
    # Roles are workloads: no MFA condition.
    assert roles == {
        "Sid": "SourceRoles",
        "Effect": "Allow",
        "Principal": {"AWS": ROOT},
        "Action": "sts:AssumeRole",
        "Condition": {"ArnLike": {"aws:PrincipalArn": arn(SOURCE, "role/ci/ci-deployer")}},
    }


def test_org_id_scopes_every_statement(halves: Halves) -> None:
    account, roles = halves.trust("org")

    assert account["Sid"] == "SourceAccount"
    assert roles["Sid"] == "SourceRoles"
    for statement in (account, roles):
        assert statement["Condition"]["StringEquals"] == {"aws:PrincipalOrgID": ORG}
    assert "ArnLike" not in account["Condition"]
    assert account["Condition"]["Bool"] == {"aws:MultiFactorAuthPresent": "true"}


def test_third_party_requires_the_external_id_and_no_mfa(halves: Halves) -> None:
    assert halves.trust("vendor") == [
        {
            "Sid": "ThirdParty",
            "Effect": "Allow",
            "Principal": {"AWS": arn("444455556666", "root")},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"sts:ExternalId": "vendor-7f3a9c21"},
                "ArnLike": {"aws:PrincipalArn": arn("444455556666", "role/VendorRole")},
            },
        }
    ]


def test_role_has_the_given_name_and_path(halves: Halves) -> None:
    role = halves.resource(halves.roles["named"])

    assert role["RoleName"] == "deployer"
    assert role["Path"] == "/xa/"


# --- The source half -------------------------------------------------------------------------


def test_grant_allows_assume_role_on_exactly_the_role(halves: Halves) -> None:
    assert halves.grant("named") == [
        {
            "Sid": "AssumeCrossAccountRole",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": arn(TARGET, "role/xa/deployer"),
        }
    ]


def test_grant_is_attached_to_each_kind_of_grantee(halves: Halves) -> None:
    named = halves.resource(halves.grants["named"].policy)
    account = halves.resource(halves.grants["account"].policy)

    assert named["Roles"] == ["ci-deployer"]
    assert named["Users"] == ["alice"]
    group_id = halves.source.get_logical_id(halves.group.node.default_child)  # type: ignore[arg-type]
    assert account["Groups"] == [{"Ref": group_id}]


def test_grant_with_org_id_adds_resource_org_id(halves: Halves) -> None:
    (statement,) = halves.grant("org")

    assert statement["Condition"] == {"StringEquals": {"aws:ResourceOrgID": ORG}}
    assert statement["Resource"] == arn(TARGET, "role/org-scoped")


def test_organization_wide_grant_names_the_role_in_any_account(halves: Halves) -> None:
    (statement,) = halves.grant("everywhere")

    assert statement["Resource"] == arn("*", "role/audit/audit")
    assert statement["Condition"] == {"StringEquals": {"aws:ResourceOrgID": ORG}}


def test_grant_resource_equals_the_role_arn_built_independently(halves: Halves) -> None:
    role = halves.roles["named"]
    (statement,) = halves.grant("named")
    # Built here from account, path and name, not from either construct.
    independent = {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, ":iam::222222222222:role/xa/deployer"],
        ]
    }

    assert statement["Resource"] == independent
    assert halves.target.resolve(role.role_arn) == independent
    assert (
        halves.source.resolve(
            cross_account_role_arn(account_id=TARGET, role_name="deployer", path="/xa/")
        )
        == independent
    )


def test_literal_partition_gives_literal_arns() -> None:
    app = App()
    target = env_stack(app, "T", TARGET, region="cn-north-1")
    source = env_stack(app, "S", SOURCE, region="cn-north-1")
    role = CrossAccountRole(
        target, "Role", source_account_id=SOURCE, role_name="r", partition="aws-cn"
    )
    grant = CrossAccountGrant(
        source,
        "Grant",
        target_account_id=TARGET,
        role_name="r",
        partition="aws-cn",
        grantees=[iam.Group(source, "G")],
    )

    assert role.role_arn == f"arn:aws-cn:iam::{TARGET}:role/r"
    assert grant.role_arn == role.role_arn
    assert role.trust_policy["Statement"][0]["Principal"] == {
        "AWS": f"arn:aws-cn:iam::{SOURCE}:root"
    }


def test_matching_halves_verify(halves: Halves) -> None:
    verify_cross_account(
        roles=[halves.roles[m] for m in ("account", "named", "org", "vendor")],
        grants=[halves.grants[m] for m in ("account", "named", "org")],
    )


# --- Checks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["account", "named", "org", "vendor"])
def test_role_passes_cdk_nag(halves: Halves, mode: str) -> None:
    assert nag_findings(halves.roles[mode]) == []


@pytest.mark.parametrize("mode", ["account", "named", "org", "everywhere"])
def test_grant_passes_cdk_nag(halves: Halves, mode: str) -> None:
    assert nag_findings(halves.grants[mode]) == []


def test_stacks_pass_sts_checks(halves: Halves) -> None:
    assert_no_sts_findings(halves.target)
    assert_no_sts_findings(halves.source)


def test_templates_pass_cfn_lint(halves: Halves) -> None:
    for stack in halves.assembly.stacks:
        errors = cfn_lint_errors(Path(stack.template_full_path), "eu-west-1")
        assert errors == [], stack.stack_name


# --- Failing input ---------------------------------------------------------------------------


def target_stack() -> Stack:
    return env_stack(App(), "Target", TARGET)


def test_fails_third_party_without_external_id() -> None:
    with pytest.raises(TypeError, match="external_id"):
        ThirdParty()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="external_id: None is a NoneType; expected str"):
        ThirdParty(external_id=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="third-party access requires"):
        ThirdParty(external_id="")


@pytest.mark.parametrize("bad", ["x", "has space", "semi;colon", "a" * 1225])
def test_fails_on_malformed_external_id(bad: str) -> None:
    with pytest.raises(ValueError, match=r"external_id: .* is not a valid sts:ExternalId"):
        ThirdParty(external_id=bad)


@pytest.mark.parametrize("bad", ["123", "abcdefghijkl", "1111111111111", "11111111111a"])
def test_fails_on_malformed_source_account(bad: str) -> None:
    with pytest.raises(ValueError, match=r"source_account_id: .* 12-digit"):
        CrossAccountRole(target_stack(), "Role", source_account_id=bad, role_name="r")


@pytest.mark.parametrize("bad", ["123", "22222222222x"])
def test_fails_on_malformed_target_account(bad: str) -> None:
    source = env_stack(App(), "Source", SOURCE)
    with pytest.raises(ValueError, match=r"target_account_id: .* 12-digit"):
        CrossAccountGrant(
            source,
            "Grant",
            target_account_id=bad,
            role_name="r",
            grantees=[iam.Group(source, "G")],
        )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"source_account_id": TARGET}, "source_account_id: '222222222222' is this stack's own"),
        ({"trusted_roles": ["bad name"]}, r"trusted_roles\[0\]: 'bad name'"),
        ({"trusted_roles": ["ci", "CI"]}, r"trusted_roles: .*ci.* appears more than once"),
        (
            {"trusted_users": ["alice"], "trust_source_account": True},
            r"trusted_users: .* trust_source_account=True",
        ),
    ],
)
def test_role_refuses(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CrossAccountRole(
            target_stack(), "Role", **{"source_account_id": SOURCE, "role_name": "r", **arguments}
        )


def test_fails_on_mfa_age_without_mfa() -> None:
    with pytest.raises(ValueError, match="mfa_max_age: set while require_mfa=False"):
        FirstParty(require_mfa=False, mfa_max_age=Duration.hours(1))


def test_fails_grant_without_account_or_organization() -> None:
    source = env_stack(App(), "Source", SOURCE)
    with pytest.raises(ValueError, match="target_account_id: None"):
        CrossAccountGrant(source, "Grant", role_name="r", grantees=[iam.Group(source, "G")])


def test_fails_grant_without_grantees() -> None:
    source = env_stack(App(), "Source", SOURCE)
    with pytest.raises(ValueError, match=r"grantees: \[\]"):
        CrossAccountGrant(source, "Grant", target_account_id=TARGET, role_name="r", grantees=[])


def test_fails_on_bad_partition() -> None:
    with pytest.raises(ValueError, match="partition: 'amazon'"):
        cross_account_role_arn(account_id=TARGET, role_name="r", partition="amazon")


# --- Mismatched halves -----------------------------------------------------------------------


class Pair:
    """A target and a source stack, for one mismatch (no synthesis)."""

    def __init__(self) -> None:
        app = App()
        self.target = env_stack(app, "Target", TARGET)
        self.source = env_stack(app, "Source", SOURCE)

    def role(self, **kwargs: Any) -> CrossAccountRole:
        return CrossAccountRole(
            self.target, f"Role{len(self.target.node.children)}", source_account_id=SOURCE, **kwargs
        )

    def grant(self, *grantees: Any, **kwargs: Any) -> CrossAccountGrant:
        return CrossAccountGrant(
            self.source,
            f"Grant{len(self.source.node.children)}",
            target_account_id=kwargs.pop("target_account_id", TARGET),
            grantees=list(grantees),
            **kwargs,
        )

    def ci(self) -> iam.IRole:
        return iam.Role.from_role_name(self.source, "Ci", "ci-deployer")


def test_fails_grant_on_a_role_no_trust_defines() -> None:
    pair = Pair()
    role = pair.role(role_name="deployer", trusted_roles=["ci-deployer"])
    grant = pair.grant(pair.ci(), role_name="deployr")

    with pytest.raises(ValueError, match=r"Source/Grant.*role /deployr in 222222222222.*no cross"):
        verify_cross_account(roles=[role], grants=[grant])


def test_fails_grant_with_another_path() -> None:
    pair = Pair()
    role = pair.role(role_name="deployer", path="/xa/", trusted_roles=["ci-deployer"])
    grant = pair.grant(pair.ci(), role_name="deployer")

    with pytest.raises(ValueError, match="no cross-account role of that account, path and name"):
        verify_cross_account(roles=[role], grants=[grant])


def test_fails_grant_to_a_principal_the_trust_does_not_name() -> None:
    pair = Pair()
    role = pair.role(role_name="deployer", trusted_roles=["ci-deployer"])
    other = iam.Role.from_role_name(pair.source, "Other", "other-role")
    grant = pair.grant(pair.ci(), other, role_name="deployer")

    with pytest.raises(ValueError, match=r"grants role 'other-role'.*does not let it in"):
        verify_cross_account(roles=[role], grants=[grant])


def test_fails_group_grant_on_a_trust_of_named_roles() -> None:
    pair = Pair()
    role = pair.role(role_name="deployer", trusted_roles=["ci-deployer"])
    grant = pair.grant(iam.Group(pair.source, "G", group_name="devs"), role_name="deployer")

    with pytest.raises(ValueError, match=r"grants group .*does not let it in"):
        verify_cross_account(roles=[role], grants=[grant])


def test_fails_trust_that_no_grant_serves() -> None:
    pair = Pair()
    role = pair.role(role_name="deployer", trusted_roles=["ci-deployer", "release"])
    grant = pair.grant(pair.ci(), role_name="deployer")

    with pytest.raises(ValueError, match="trusts role 'release' of account 111111111111, but no"):
        verify_cross_account(roles=[role], grants=[grant])


def test_fails_grant_from_an_account_the_trust_does_not_name() -> None:
    app = App()
    target = env_stack(app, "Target", TARGET)
    elsewhere = env_stack(app, "Elsewhere", "333333333333")
    role = CrossAccountRole(target, "Role", source_account_id=SOURCE, role_name="deployer")
    grant = CrossAccountGrant(
        elsewhere,
        "Grant",
        target_account_id=TARGET,
        role_name="deployer",
        grantees=[iam.Group(elsewhere, "G")],
    )

    with pytest.raises(ValueError, match=r"grants account 333333333333.*names account 1111"):
        verify_cross_account(roles=[role], grants=[grant])


def test_fails_same_named_role_in_two_regions_of_one_account() -> None:
    app = App()
    ireland = env_stack(app, "Ireland", TARGET, region="eu-west-1")
    virginia = env_stack(app, "Virginia", TARGET, region="us-east-1")
    roles = [
        CrossAccountRole(stack, "Role", source_account_id=SOURCE, role_name="Deployer")
        for stack in (ireland, virginia)
    ]
    roles[1] = CrossAccountRole(virginia, "Role2", source_account_id=SOURCE, role_name="deployer")

    with pytest.raises(ValueError, match=r"'deployer' is defined twice in account 2222.*us-east-1"):
        verify_cross_account(roles=[roles[0], roles[1]], grants=[])


def test_synth_checks_the_halves_of_an_app_by_itself() -> None:
    pair = Pair()
    pair.role(role_name="deployer", trusted_roles=["ci-deployer"])
    other = iam.Role.from_role_name(pair.source, "Other", "other-role")
    pair.grant(other, role_name="deployer")

    with pytest.raises(RuntimeError, match=r"grants role 'other-role'.*does not let it in"):
        pair.target.node.root.synth()  # type: ignore[attr-defined]


def test_synth_checks_the_reverse_direction_by_itself() -> None:
    pair = Pair()
    pair.role(role_name="deployer", trusted_roles=["ci-deployer", "ops"])
    pair.grant(pair.ci(), role_name="deployer")

    with pytest.raises(RuntimeError, match=r"trusts role 'ops' of account .* no grant there"):
        pair.target.node.root.synth()  # type: ignore[attr-defined]


def test_synth_accepts_a_grant_on_a_role_of_another_app() -> None:
    pair = Pair()
    pair.grant(pair.ci(), role_name="deployed-elsewhere")

    assert pair.target.node.root.synth().stacks  # type: ignore[attr-defined]


def test_user_guide_snippet_runs() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "cross-account.md").read_text()
    (snippet,) = [
        block.split("```", 1)[0]
        for block in guide.split("```python\n")[1:]
        if "verify_cross_account" in block.split("```", 1)[0]
    ]
    namespace: dict[str, Any] = {}

    exec(compile(snippet, "docs/cross-account.md", "exec"), namespace)

    assert namespace["grant"].role_name == namespace["role"].role_name == "prod-deployer"
