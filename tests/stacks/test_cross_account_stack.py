"""The multi-account app: one stack per account side, a StackSet, and the config's checks."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from aws_cdk import App
from aws_cdk.cx_api import CloudAssembly, CloudFormationStackArtifact

from stacks.config import ConfigError, load_config
from stacks.cross_account_stack import CrossAccountStacks, add_cross_account_stacks
from sts_constructs import SelfManagedStackSet
from sts_constructs.checks import assert_no_sts_findings, check_assembly
from tests.support import (
    assert_logical_ids_match,
    cfn_lint_errors,
    nag_findings,
    resources,
    synthesized,
)

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config" / "multi-account.yaml"
TOOLS, PROD, SECURITY, MANAGEMENT = "111111111111", "222222222222", "333333333333", "999999999999"
ORG = "o-a1b2c3d4e5"


def partition_arn(account: str, rest: str) -> dict[str, Any]:
    """``arn:<partition>:iam::<account>:<rest>`` as CloudFormation gets it."""
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":iam::{account}:{rest}"]]}


@pytest.fixture(scope="module")
def multi_app() -> App:
    """The app the CDK CLI builds for config/multi-account.yaml (shared with the session)."""
    return synthesized(str(CONFIG)).app


@pytest.fixture(scope="module")
def assembly() -> CloudAssembly:
    """One validated synth (cdk-nag and the STS checks run as plugins) for the session."""
    return synthesized(str(CONFIG)).assembly


@pytest.fixture(scope="module")
def stacks(assembly: CloudAssembly) -> dict[str, CloudFormationStackArtifact]:
    return {stack.stack_name: stack for stack in assembly.stacks}


def template(stacks: dict[str, CloudFormationStackArtifact], name: str) -> dict[str, Any]:
    result: dict[str, Any] = stacks[name].template
    return result


def only(
    stacks: dict[str, CloudFormationStackArtifact], stack_name: str, resource_type: str
) -> dict[str, Any]:
    """The one resource of ``resource_type`` in the stack ``stack_name``."""
    (resource,) = resources(template(stacks, stack_name), resource_type).values()
    return resource


def named(tpl: dict[str, Any], resource_type: str, key: str, name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        r["Properties"]
        for r in resources(tpl, resource_type).values()
        if r["Properties"].get(key) == name
    ]
    (properties,) = found
    return properties


def test_one_stack_per_account_side_in_its_account_and_no_other(
    stacks: dict[str, CloudFormationStackArtifact],
) -> None:
    environments = {
        name: (stack.environment.account, stack.environment.region)
        for name, stack in stacks.items()
    }

    assert environments == {
        "sts-multi-prod-roles": (PROD, "eu-west-1"),
        "sts-multi-tools-grants": (TOOLS, "eu-west-1"),
        "sts-multi-security-grants": (SECURITY, "eu-west-1"),
        "sts-multi-management-stacksets": (MANAGEMENT, "us-east-1"),
    }


def test_sides_do_not_depend_on_each_other(stacks: dict[str, CloudFormationStackArtifact]) -> None:
    # Names, not references: no stack imports another's output, any deploy order works.
    stack_ids = {stack.id for stack in stacks.values()}
    for name, stack in stacks.items():
        assert [d.id for d in stack.dependencies if d.id in stack_ids] == [], name
        assert "Fn::ImportValue" not in json.dumps(stack.template), name


@pytest.mark.parametrize(
    ("role_name", "sid", "account", "condition", "properties"),
    [
        # CI: the role ci/ci-deployer of tools, by name; no MFA (a role session has none).
        (
            "prod-deployer",
            "SourceRoles",
            TOOLS,
            {
                "StringEquals": {"aws:PrincipalOrgID": ORG},
                "ArnLike": {"aws:PrincipalArn": partition_arn(TOOLS, "role/ci/ci-deployer")},
            },
            {"Path": "/cross-account/"},
        ),
        # People: the account (a group cannot be a principal), with MFA under an hour old.
        (
            "prod-read-only",
            "SourceAccount",
            TOOLS,
            {
                "Bool": {"aws:MultiFactorAuthPresent": "true"},
                "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"},
                "StringEquals": {"aws:PrincipalOrgID": ORG},
            },
            {"MaxSessionDuration": 4 * 3600},
        ),
        # A vendor: only with the ExternalId it gave, only its named role.
        (
            "vendor-monitoring",
            "ThirdParty",
            "444455556666",
            {
                "StringEquals": {"sts:ExternalId": "vendor-7f3a9c21"},
                "ArnLike": {
                    "aws:PrincipalArn": partition_arn("444455556666", "role/VendorMonitoringRole")
                },
            },
            {},
        ),
    ],
    ids=["ci-role-by-name-without-mfa", "people-with-mfa", "vendor-with-external-id"],
)
def test_prod_role_trust(
    stacks: dict[str, CloudFormationStackArtifact],
    role_name: str,
    sid: str,
    account: str,
    condition: dict[str, Any],
    properties: dict[str, Any],
) -> None:
    tpl = template(stacks, "sts-multi-prod-roles")
    role = named(tpl, "AWS::IAM::Role", "RoleName", role_name)

    assert role["AssumeRolePolicyDocument"]["Statement"] == [
        {
            "Sid": sid,
            "Effect": "Allow",
            "Principal": {"AWS": partition_arn(account, "root")},
            "Action": "sts:AssumeRole",
            "Condition": condition,
        }
    ]
    assert {key: role[key] for key in properties} == properties


@pytest.mark.parametrize(
    ("role", "grantee_key", "grantee"),
    [("prod-deployer", "Roles", ["ci-deployer"]), ("prod-read-only", "Groups", None)],
)
def test_grant_resource_is_the_role_arn_built_from_the_config(
    stacks: dict[str, CloudFormationStackArtifact],
    role: str,
    grantee_key: str,
    grantee: list[str] | None,
) -> None:
    config = yaml.safe_load(CONFIG.read_text())["cross_account"]
    (access,) = [a for a in config["access"] if a["role"] == role]
    (target,) = [a for a in config["accounts"] if a["name"] == access["target"]]
    expected = partition_arn(target["id"], f"role{access['path']}{role}")
    grants = template(stacks, "sts-multi-tools-grants")

    statements = [
        (policy["Properties"], statement)
        for policy in resources(grants, "AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement["Resource"] == expected
    ]

    ((policy, statement),) = statements
    assert statement["Action"] == "sts:AssumeRole"
    assert grantee_key in policy
    if grantee is not None:
        assert policy[grantee_key] == grantee


def test_source_group_is_created_in_the_source_account(
    stacks: dict[str, CloudFormationStackArtifact],
) -> None:
    tools = template(stacks, "sts-multi-tools-grants")
    security = template(stacks, "sts-multi-security-grants")

    assert [g["Properties"]["GroupName"] for g in resources(tools, "AWS::IAM::Group").values()] == [
        "prod-readers"
    ]
    assert [
        g["Properties"]["GroupName"] for g in resources(security, "AWS::IAM::Group").values()
    ] == ["auditors"]


def test_organization_grant_allows_the_role_in_any_account_of_the_org(
    stacks: dict[str, CloudFormationStackArtifact],
) -> None:
    policy = only(stacks, "sts-multi-security-grants", "AWS::IAM::Policy")

    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {
            "Sid": "AssumeCrossAccountRole",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": partition_arn("*", "role/audit/org-audit"),
            "Condition": {"StringEquals": {"aws:ResourceOrgID": ORG}},
        }
    ]


def test_stack_set_rolls_the_audit_role_out_to_the_ous(
    stacks: dict[str, CloudFormationStackArtifact],
) -> None:
    stack_set = only(stacks, "sts-multi-management-stacksets", "AWS::CloudFormation::StackSet")
    properties = stack_set["Properties"]
    body = json.loads(properties["TemplateBody"])
    role = named(body, "AWS::IAM::Role", "RoleName", "org-audit")
    (statement,) = role["AssumeRolePolicyDocument"]["Statement"]

    assert properties["StackSetName"] == "sts-multi-org-audit"
    assert properties["PermissionModel"] == "SERVICE_MANAGED"
    assert properties["CallAs"] == "SELF"
    assert properties["AutoDeployment"] == {"Enabled": True, "RetainStacksOnAccountRemoval": False}
    assert properties["StackInstancesGroup"] == [
        {
            "DeploymentTargets": {
                "OrganizationalUnitIds": ["ou-ab12-workload1", "ou-ab12-sandbox01"]
            },
            "Regions": ["eu-west-1"],
        }
    ]
    assert role["Path"] == "/audit/"
    assert statement["Principal"] == {"AWS": partition_arn(SECURITY, "root")}
    assert statement["Condition"]["Bool"] == {"aws:MultiFactorAuthPresent": "true"}
    assert statement["Condition"]["StringEquals"] == {"aws:PrincipalOrgID": ORG}


def test_app_passes_cdk_nag(multi_app: App, assembly: CloudAssembly) -> None:
    assert nag_findings(multi_app) == []


def test_assembly_passes_sts_checks(assembly: CloudAssembly) -> None:
    findings = check_assembly(assembly.directory)

    assert [f"{f.rule} {f.resource}: {f.message}" for f in findings] == []


def test_templates_pass_cfn_lint(assembly: CloudAssembly) -> None:
    stacks = [*assembly.stacks]
    stacks += [s for n in assembly.nested_assemblies for s in n.nested_assembly.stacks]
    assert len(stacks) == 5  # four account sides and the StackSet template
    for stack in stacks:
        errors = cfn_lint_errors(Path(stack.template_full_path), "eu-west-1")
        assert errors == [], stack.stack_name


def test_logical_ids_match_the_snapshot(assembly: CloudAssembly) -> None:
    """A changed logical ID replaces a deployed role, in every account a StackSet reaches.

    If the change is intended, run ``UPDATE_SNAPSHOTS=1 make test`` and write a migration note
    in CHANGELOG.md.
    """
    templates = {stack.stack_name: stack.template for stack in assembly.stacks}
    for stack in [s for n in assembly.nested_assemblies for s in n.nested_assembly.stacks]:
        templates[f"stackset-{stack.stack_name}"] = stack.template
    for stack_name, tpl in templates.items():
        assert_logical_ids_match(stack_name, tpl)


# --- The config's checks ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CONFIG.read_text())
    return data


class _NoAliases(yaml.SafeDumper):
    """Write every value out: a config refuses YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliases)


def fails(tmp_path: Path, data: dict[str, Any], message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(dump(data))
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def edit(base: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    data = copy.deepcopy(base)
    return data, data["cross_account"]


def self_managed(xa: dict[str, Any]) -> None:
    """Roll the organization role out to the account 555555555555, by a self-managed StackSet."""
    stack_set = xa["organization_roles"][0]["stack_set"]
    del stack_set["organizational_units"]
    stack_set["accounts"] = ["555555555555"]


def build(tmp_path: Path, data: dict[str, Any]) -> CrossAccountStacks:
    """The cross-account stacks of ``data``, written to a file and loaded as the app loads it."""
    path = tmp_path / "config.yaml"
    path.write_text(dump(data))
    config = load_config(path)
    assert config.cross_account is not None
    return add_cross_account_stacks(App(), name="multi", config=config.cross_account)


def test_config_loads(base: dict[str, Any]) -> None:
    config = load_config(CONFIG)

    assert config.cross_account is not None
    assert [a.name for a in config.cross_account.accounts] == [
        "management",
        "security",
        "tools",
        "prod",
    ]


def test_fails_third_party_without_external_id(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    del xa["access"][2]["third_party"]["external_id"]
    fails(tmp_path, data, r"access\[2\]\.third_party\.external_id: Field required")


@pytest.mark.parametrize("bad", ["x", "has space", "a" * 1225])
def test_fails_on_bad_external_id(tmp_path: Path, base: dict[str, Any], bad: str) -> None:
    data, xa = edit(base)
    xa["access"][2]["third_party"]["external_id"] = bad
    fails(tmp_path, data, r"access\[2\]\.third_party\.external_id: .* is not a valid sts:External")


@pytest.mark.parametrize("bad", ["12345", "22222222222x", "2222222222222"])
def test_fails_on_bad_account_id(tmp_path: Path, base: dict[str, Any], bad: str) -> None:
    data, xa = edit(base)
    xa["accounts"][3]["id"] = bad
    fails(tmp_path, data, r"accounts\[3\]\.id: .* 12-digit")


def test_fails_on_unknown_account(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    xa["access"][0]["target"] = "staging"
    fails(
        tmp_path,
        data,
        r"access\[0\]\.target: 'staging' is not in cross_account.accounts \(known: manage",
    )


def test_fails_when_source_and_target_are_one_account(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    xa["access"][0]["source"] = "prod"
    fails(tmp_path, data, r"access\[0\]\.source: 'prod' is the target account 222222222222")


def test_fails_first_party_half_without_grant(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    del xa["access"][0]["grant_to"]
    fails(tmp_path, data, r"access\[0\]: source: 'tools' without grant_to")


def test_fails_with_both_source_and_third_party(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    xa["access"][2]["source"] = "tools"
    fails(tmp_path, data, "name exactly one of source .* and third_party")


def test_fails_grant_beside_third_party(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    xa["access"][2]["grant_to"] = {"roles": ["x"]}
    fails(tmp_path, data, "grant_to is set with third_party")


def test_fails_third_party_that_is_one_of_ours(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    xa["access"][2]["third_party"]["account"] = TOOLS
    fails(tmp_path, data, r"third_party\.account: '111111111111' is tools, one of your accounts")


def test_fails_same_named_role_in_two_regions_of_one_account(
    tmp_path: Path, base: dict[str, Any]
) -> None:
    data, xa = edit(base)
    xa["accounts"].append({"name": "prod-us", "id": PROD, "region": "us-east-1"})
    xa["access"].append({**xa["access"][1], "target": "prod-us"})
    fails(
        tmp_path,
        data,
        r"access\[3\]\.role: role 'prod-read-only' is already created by "
        r"cross_account\.access\[1\]\.role in "
        r"prod \(eu-west-1\), the same account 222222222222 as prod-us \(us-east-1\)",
    )


def test_fails_same_role_twice_in_one_account(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    xa["access"].append({**xa["access"][0], "role": "PROD-DEPLOYER"})
    fails(
        tmp_path,
        data,
        "role 'PROD-DEPLOYER' is already created by cross_account.access.0..role in account",
    )


def test_fails_organization_role_named_like_an_access_role(
    tmp_path: Path, base: dict[str, Any]
) -> None:
    data, xa = edit(base)
    xa["organization_roles"][0]["role"] = "prod-deployer"
    fails(tmp_path, data, r"organization_roles\[0\]\.role: 'prod-deployer' is also created")


def test_fails_stack_set_with_both_ous_and_accounts(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    xa["organization_roles"][0]["stack_set"]["accounts"] = [PROD]
    fails(tmp_path, data, "name exactly one of organizational_units .* and accounts")


def test_fails_on_bad_ou(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    xa["organization_roles"][0]["stack_set"]["organizational_units"] = ["workloads"]
    fails(tmp_path, data, r"stack_set\.organizational_units\[0\]: 'workloads' is not an OU ID")


def test_fails_on_bad_principal_name(tmp_path: Path, base: dict[str, Any]) -> None:
    data, xa = edit(base)
    xa["access"][0]["grant_to"]["roles"] = ["ci deployer"]
    fails(tmp_path, data, r"grant_to\.roles\[0\]: 'ci deployer' must be an IAM name")


def test_self_managed_config_synthesizes_a_self_managed_stack_set(
    tmp_path: Path, base: dict[str, Any]
) -> None:
    data, xa = edit(base)
    self_managed(xa)

    stacks = build(tmp_path, data)
    rollout = stacks.stack_sets["management"].stack_sets["org-audit"]
    security = stacks.grants["security"]
    grant = security.grants["org-audit@555555555555"]

    assert isinstance(rollout, SelfManagedStackSet)
    assert rollout.accounts == ("555555555555",)
    assert security.resolve(grant.role_arn) == partition_arn("555555555555", "role/audit/org-audit")
    assert list(security.grants) == ["org-audit@555555555555"]


def test_fails_organizational_units_without_organization_id(
    tmp_path: Path, base: dict[str, Any]
) -> None:
    data, xa = edit(base)
    del xa["organization_id"]
    fails(tmp_path, data, r"stack_set\.organizational_units: set without cross_account\.org")


def test_first_party_without_organization_acknowledges_sts_trust2(
    tmp_path: Path, base: dict[str, Any]
) -> None:
    data, xa = edit(base)
    del xa["organization_id"]
    self_managed(xa)

    stacks = build(tmp_path, data)
    prod = stacks.roles["prod"]
    trust = prod.roles["prod-read-only"].trust_policy["Statement"][0]

    assert "StringEquals" not in trust["Condition"]
    # Without the acknowledgment STS-TRUST2 (outside account, no ExternalId) is an error.
    assert_no_sts_findings(prod)
