"""AssumableRoleSet: the same roles as AssumableRole, in one call into CDK."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Duration, Stack, Validations
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs import AssumableRole, AssumableRoleProps, AssumableRoleSet, Trust
from sts_constructs.checks import StsTrustChecks, check_template
from tests.support import resources, template_of

USER = "arn:aws:iam::111111111111:user/alice"
READ_BUCKET = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}],
}
TWO_STATEMENTS = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"},
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
    ],
}


def _props(stack: Stack, user: iam.IUser) -> dict[str, dict[str, Any]]:
    boundary = iam.ManagedPolicy.from_managed_policy_arn(
        stack, "Boundary", "arn:aws:iam::111111111111:policy/boundary"
    )
    return {
        "Reader": {
            "trust": Trust(principals=[USER], external_id="partner-7"),
            "role_name": "data-reader",
            "path": "/teams/data/",
            "description": "Reads data",
            "max_session_duration": Duration.hours(4),
            "permissions_boundary": boundary,
            "managed_policies": [iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")],
            "inline_policies": {"ReadBucket": READ_BUCKET, "Two": TWO_STATEMENTS},
        },
        "Minimal": {"trust": Trust(principals=["222222222222"], require_mfa=False)},
        "OfAppUser": {"trust": Trust(principals=[user], services=["ec2.amazonaws.com"])},
    }


def _roles(template: dict[str, Any]) -> dict[str, Any]:
    return {
        logical_id: resource["Properties"]
        for logical_id, resource in resources(template, "AWS::IAM::Role").items()
    }


def test_same_template_as_assumable_roles() -> None:
    one_by_one = Stack(App(), "Test")
    user = iam.User(one_by_one, "Alice")
    scope = Construct(one_by_one, "Roles")
    for role_id, kwargs in _props(one_by_one, user).items():
        AssumableRole(scope, role_id, **kwargs)
    bulk = Stack(App(), "Test")
    user = iam.User(bulk, "Alice")
    role_set = AssumableRoleSet(
        bulk,
        "Roles",
        roles={k: AssumableRoleProps(**v) for k, v in _props(bulk, user).items()},
    )

    expected = _roles(template_of(one_by_one))

    assert _roles(template_of(bulk)) == expected
    assert sorted(role_set.logical_ids.values()) == sorted(expected)
    assert isinstance(role_set.included.get_resource(role_set.logical_ids["Minimal"]), iam.CfnRole)


def test_logical_ids_follow_the_construct_path(stack: Stack) -> None:
    nested = Construct(stack, "Team")
    role_set = AssumableRoleSet(
        nested, "Roles", roles={"A": AssumableRoleProps(trust=Trust(principals=[USER]))}
    )

    assert set(resources(template_of(stack), "AWS::IAM::Role")) == {role_set.logical_ids["A"]}
    assert role_set.logical_ids["A"].startswith("TeamRolesA")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role_name": "bad name"}, "role_name"),
        ({"path": "teams"}, "path"),
        ({"max_session_duration": Duration.minutes(30)}, "max_session_duration"),
        (
            {"inline_policies": {"P": {"Statement": [{"Effect": "Allow", "Action": "s3:*"}]}}},
            "inline_policies",
        ),
        ({"trust_policy_max_chars": 10}, r"trust: \d+ characters"),
    ],
)
def test_fails_with_the_message_of_assumable_role(
    stack: Stack, kwargs: dict[str, Any], message: str
) -> None:
    trust = Trust(principals=[USER])
    with pytest.raises(ValueError, match=message) as single:
        AssumableRole(stack, "Single", trust=trust, **kwargs)

    with pytest.raises(ValueError) as bulk:
        AssumableRoleSet(
            stack,
            "Roles",
            roles={
                "Good": AssumableRoleProps(trust=trust),
                "Bad": AssumableRoleProps(trust=trust, **kwargs),
            },
        )

    assert str(bulk.value) == f"roles['Bad'].{single.value}"
    assert stack.node.try_find_child("Roles") is None


def test_fails_on_a_trust_over_its_quota(stack: Stack) -> None:
    many = [f"arn:aws:iam::111111111111:role/role-number-{i:04d}" for i in range(60)]

    with pytest.raises(ValueError, match=r"^roles\['Big'\]\.trust: \d+ characters .* above 2048"):
        AssumableRoleSet(
            stack, "Roles", roles={"Big": AssumableRoleProps(trust=Trust(principals=many))}
        )


@pytest.mark.parametrize("bad", ["", "a/b"])
def test_fails_on_a_bad_construct_id(stack: Stack, bad: str) -> None:
    props = AssumableRoleProps(trust=Trust(principals=[USER]))

    with pytest.raises(ValueError, match=r"roles: construct ID .* without '/'"):
        AssumableRoleSet(stack, "Roles", roles={bad: props})


def test_fails_on_props_of_the_wrong_type(stack: Stack) -> None:
    trust = Trust(principals=[USER])

    with pytest.raises(
        TypeError, match=r"^roles\['A'\]: .* is a dict; expected AssumableRoleProps\nin "
    ):
        AssumableRoleSet(stack, "Roles", roles={"A": {"trust": trust}})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="role_name"):
        AssumableRoleProps(trust=trust, role_name=7)  # type: ignore[arg-type]


def test_trust_checks_see_the_roles() -> None:
    app = App()
    Validations.of(app).add_plugins(StsTrustChecks())
    stack = Stack(app, "Test")
    trust = Trust(principals=["222222222222"], require_mfa=False)
    role_set = AssumableRoleSet(stack, "Roles", roles={"Open": AssumableRoleProps(trust=trust)})
    single = Stack(App(), "Single")
    AssumableRole(single, "Open", trust=trust)

    with pytest.raises(RuntimeError, match="STS-TRUST2") as report:
        app.synth()

    assert f"Test/Roles/Resource/{role_set.logical_ids['Open']}" in str(report.value)
    assert {f.rule for f in check_template(template_of(single))} == {"STS-TRUST2"}


def test_benchmark_matrix_runs_on_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    matrix = Path(__file__).resolve().parents[2] / "benchmarks" / "matrix.py"
    command = [sys.executable, str(matrix), "--sizes", "2", "--rounds", "1"]
    command += ["--validation", "off", "--no-cold", "--out", str(out)]

    subprocess.run(command, check=True, capture_output=True, timeout=300)

    table = out.read_text()
    assert "## CDK's template validation off" in table
    assert table.count("| 2 |") == 4  # timings are printed, never asserted


def test_benchmark_floor_runs_on_a_tiny_size() -> None:
    floor = Path(__file__).resolve().parents[2] / "benchmarks" / "floor.py"
    command = [sys.executable, str(floor), "--roles", "2", "--rounds", "1"]

    done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=300)

    rows = [line.split("  ")[1] for line in done.stdout.splitlines() if "ms/role" in line]
    assert rows == [  # timings are printed, never asserted
        "raw L2 iam.Role",
        "raw L1 iam.CfnRole",
        "construct + CfnRole",
        "construct + CfnRole + override",
        "AssumableRole",
    ]
