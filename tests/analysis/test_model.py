"""The trust model and explain on small assemblies, one per kind of edge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sts_constructs.analysis import AssemblyError, load_model
from sts_constructs.analysis._explain import ExplainError, explain

from .assemblies import (
    A,
    B,
    chain,
    cross_account,
    federated_service_broker,
    grants,
    role,
    trusts,
    user,
    write_assembly,
)

DEPLOY = f"arn:aws:iam::{A}:role/Deploy"


def _edges(model, target: str) -> dict[str, object]:
    return {e.source: e for e in model.edges if e.target == target and e.kind == "assume"}


def test_cross_account_edge_with_both_halves(tmp_path: Path) -> None:
    model = load_model([str(cross_account(tmp_path / "out", with_grant=True))])
    edges = _edges(model, DEPLOY)
    ci = edges[f"arn:aws:iam::{B}:user/ci"]
    assert ci.missing is None
    assert [str(c) for c in ci.conditions] == ["StringEquals sts:ExternalId ['partner-7']"]
    # The other user of B lacks the grant: the edge says which half is missing.
    assert edges[f"arn:aws:iam::{B}:user/other"].missing == "grant"


def test_cross_account_edge_missing_grant(tmp_path: Path) -> None:
    model = load_model([str(cross_account(tmp_path / "out", with_grant=False))])
    assert _edges(model, DEPLOY)[f"arn:aws:iam::{B}:user/ci"].missing == "grant"
    answer = explain(model, "Deploy", "ci")
    assert answer["allowed"] is False
    assert "no policy of ci allows sts:AssumeRole" in answer["reason"]


def test_cross_account_missing_trust(tmp_path: Path) -> None:
    out = cross_account(tmp_path / "out", with_grant=True)
    template = out / "Target.template.json"
    data = json.loads(template.read_text())
    data["Resources"]["Deploy"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0][
        "Principal"
    ] = {"AWS": "333333333333"}
    template.write_text(json.dumps(data))
    model = load_model([str(out)])
    assert _edges(model, DEPLOY)[f"arn:aws:iam::{B}:user/ci"].missing == "trust"
    assert "its trust policy does not let ci in" in explain(model, DEPLOY, "ci")["reason"]


def test_role_chain_caps_the_session_at_one_hour(tmp_path: Path) -> None:
    model = load_model([str(chain(tmp_path / "out"))])
    answer = explain(model, "Admin", "alice")
    assert answer["allowed"] is True
    (entry,) = answer["principals"]
    assert entry["path"] == [f"arn:aws:iam::{A}:role/Hop", f"arn:aws:iam::{A}:role/Admin"]
    assert entry["max_session_seconds"] == 3600  # Admin allows 12 h, but only by chaining.
    assert entry["conditions"] == [
        {"key": "aws:MultiFactorAuthPresent", "operator": "Bool", "values": ["true"]}
    ]
    direct = explain(model, "Hop", "alice")["principals"][0]
    assert direct["max_session_seconds"] == 3600 and direct["path"] == [
        f"arn:aws:iam::{A}:role/Hop"
    ]


def test_everyone_who_reaches_a_role(tmp_path: Path) -> None:
    model = load_model([str(chain(tmp_path / "out"))])
    answer = explain(model, f"arn:aws:iam::{A}:role/Admin")
    assert "allowed" not in answer
    assert sorted(p["principal"] for p in answer["principals"]) == [
        f"arn:aws:iam::{A}:role/Hop",
        f"arn:aws:iam::{A}:user/alice",
    ]


def test_federated_service_and_broker_edges(tmp_path: Path) -> None:
    model = load_model([str(federated_service_broker(tmp_path / "out"))])
    provider = "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com"
    gh = _edges(model, "arn:aws:iam::000000000000:role/gh-deploy")[provider]
    assert gh.action == "sts:AssumeRoleWithWebIdentity"
    assert {c.key for c in gh.conditions} == {
        "token.actions.githubusercontent.com:aud",
        "token.actions.githubusercontent.com:sub",
    }
    answer = explain(model, "gh-deploy")
    assert answer["principals"][0]["principal"] == f"{provider} (sub: repo:o/r:ref:refs/heads/main)"
    service = _edges(model, "arn:aws:iam::000000000000:role/app")["ec2.amazonaws.com"]
    assert service.action == "sts:AssumeRole" and not service.conditions
    broker = [e for e in model.edges if e.action == "sts:GetFederationToken"]
    assert [e.source for e in broker] == ["arn:aws:iam::000000000000:user/broker"]
    assert model.nodes[broker[0].target].kind == "federated-user"


def test_roles_by_construct_path(tmp_path: Path) -> None:
    model = load_model([str(chain(tmp_path / "out"))])
    assert explain(model, "Chain/Admin", "Chain/Alice")["allowed"] is True


@pytest.mark.parametrize(
    ("role", "principal", "message"),
    [
        ("Nope", None, "role 'Nope': no such role in the assemblies"),
        ("Admin", "nobody", "principal 'nobody': no such principal"),
    ],
)
def test_fails_on_unknown_names(
    tmp_path: Path, role: str, principal: str | None, message: str
) -> None:
    model = load_model([str(chain(tmp_path / "out"))])
    with pytest.raises(ExplainError, match=message):
        explain(model, role, principal)


def test_fails_on_paths_that_are_not_assemblies(tmp_path: Path) -> None:
    with pytest.raises(AssemblyError, match="no such cloud assembly directory or template file"):
        load_model([str(tmp_path / "missing")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(AssemblyError, match=r"without manifest\.json is not a cloud assembly"):
        load_model([str(tmp_path / "empty")])


def test_reads_nested_assemblies_and_stack_set_bodies(tmp_path: Path) -> None:
    outer = tmp_path / "out"
    chain(outer / "assembly-Nested")
    body = {"Audit": role("audit", [trusts({"AWS": f"arn:aws:iam::{A}:role/Hop"})])}
    stack_set = {
        "Set": {
            "Type": "AWS::CloudFormation::StackSet",
            "Properties": {
                "StackSetName": "audit",
                "TemplateBody": json.dumps({"Resources": body}),
                "StackInstancesGroup": [
                    {
                        "DeploymentTargets": {"Accounts": ["333333333333"]},
                        "Regions": ["eu-west-1"],
                    }
                ],
            },
        }
    }
    # The StackSet's stage is also a nested assembly: its copy in the StackSet's account stands
    # for it.
    write_assembly(outer / "assembly-Set", {"Body": (None, body)})
    write_assembly(outer, {"Org": (A, stack_set)}, nested=("Nested", "Set"))
    model = load_model([str(outer)])
    audit = "arn:aws:iam::333333333333:role/audit"
    assert audit in model.nodes
    assert [n.id for n in model.roles() if n.name == "audit"] == [audit]
    # Cross-account: Hop's own policy does not grant sts:AssumeRole on audit.
    edge = _edges(model, audit)[f"arn:aws:iam::{A}:role/Hop"]
    assert edge.missing == "grant"


def test_group_members_and_principals_named_outside_the_templates(tmp_path: Path) -> None:
    target = f"arn:aws:iam::{B}:role/Reader"
    trust = {"AWS": f"arn:aws:iam::{A}:root"}
    grant = {
        "Type": "AWS::IAM::Policy",
        "Properties": {
            "PolicyName": "grant",
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [grants("sts:AssumeRole", target)],
            },
            "Groups": [{"Ref": "Readers"}],
            "Roles": ["existing-ci"],  # A role made elsewhere, named by name.
        },
    }
    out = write_assembly(
        tmp_path / "out",
        {
            "Prod": (
                B,
                {
                    "Reader": role(
                        "Reader",
                        [
                            trusts(
                                trust,
                                Condition={
                                    "ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:role/ci/*"}
                                },
                            )
                        ],
                    )
                },
            ),
            "Tools": (
                A,
                {
                    "Readers": {"Type": "AWS::IAM::Group", "Properties": {"GroupName": "readers"}},
                    "Grant": grant,
                },
            ),
        },
    )
    model = load_model([str(out)])
    edges = _edges(model, target)
    group = edges[f"arn:aws:iam::{A}:group/readers"]
    existing = edges[f"arn:aws:iam::{A}:role/existing-ci"]
    # Neither a group member's ARN nor the existing role's path is known: the ArnLike stays.
    for edge in (group, existing):
        assert edge.missing is None
        assert [str(c) for c in edge.conditions] == [
            f"ArnLike aws:PrincipalArn ['arn:aws:iam::{A}:role/ci/*']"
        ]
    assert model.nodes[existing.source].details["outside_model"] is True


def test_an_administrators_grant_draws_no_missing_trust_edge(tmp_path: Path) -> None:
    admin = user("admin", [grants("*", "*")])
    specific = user("dev", [grants("sts:AssumeRole", f"arn:aws:iam::{A}:role/Locked")])
    out = write_assembly(
        tmp_path / "out",
        {
            "S": (
                A,
                {
                    "Locked": role("Locked", [trusts({"Service": "ec2.amazonaws.com"})]),
                    "Admin": admin,
                    "Dev": specific,
                },
            )
        },
    )
    model = load_model([str(out)])
    edges = _edges(model, f"arn:aws:iam::{A}:role/Locked")
    assert f"arn:aws:iam::{A}:user/admin" not in edges
    assert edges[f"arn:aws:iam::{A}:user/dev"].missing == "trust"


def test_account_trust_without_grant_is_kept_but_not_shown(tmp_path: Path) -> None:
    model = load_model([str(cross_account(tmp_path / "out", with_grant=False))])
    edge = _edges(model, DEPLOY)[f"arn:aws:iam::{B}:user/ci"]
    assert edge.missing == "grant" and edge.delegated and not edge.shown


def test_broker_limited_to_a_prefix_through_its_group(tmp_path: Path) -> None:
    policy = {
        "Type": "AWS::IAM::Policy",
        "Properties": {
            "PolicyName": "broker",
            "Groups": [{"Ref": "Brokers"}],
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    grants("sts:GetFederationToken", f"arn:aws:sts::{A}:federated-user/portal-*")
                ],
            },
        },
    }
    broker = {
        "Type": "AWS::IAM::User",
        "Properties": {"UserName": "broker", "Groups": [{"Ref": "Brokers"}]},
    }
    group = {"Type": "AWS::IAM::Group", "Properties": {"GroupName": "brokers"}}
    out = write_assembly(
        tmp_path / "out", {"P": (A, {"Broker": broker, "Brokers": group, "Policy": policy})}
    )
    model = load_model([str(out)])
    (edge,) = [e for e in model.edges if e.action == "sts:GetFederationToken"]
    assert edge.source == f"arn:aws:iam::{A}:user/broker"
    assert model.nodes[edge.target].label == "federated users portal-* of broker"
    assert edge.max_session_seconds == 129_600
