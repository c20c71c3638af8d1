"""STS-LIMIT3: a principal's inline policies add up, in one template and across the stacks of
one account, whether the principal is defined there or only named (imported, granted to)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sts_constructs.checks import (
    CheckSummary,
    Finding,
    Limits,
    check_assembly,
    check_template,
    rule_by_id,
)
from sts_constructs.checks import _across as across
from sts_constructs.checks.rules import limit_inline_policy_total as inline_totals_rule
from tests.sts_constructs.checks._trust_templates import stack_artifact, write_manifest

TOOLS = "aws://111111111111/eu-west-1"
PROD = "aws://222222222222/eu-west-1"
MANAGED = "or move statements into customer managed policies (6,144 characters each) and attach "
FIX_USER = (
    f"Grant to a group the user is in instead, merge the grants into fewer policies, {MANAGED}"
)
FIX = f"Merge the grants into fewer policies, {MANAGED}"


def document(chars: int) -> dict[str, Any]:
    """Return a policy document of exactly ``chars`` characters without whitespace."""
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ""}
    doc: dict[str, Any] = {"Version": "2012-10-17", "Statement": [statement]}
    statement["Resource"] = "x" * (chars - len(json.dumps(doc, separators=(",", ":"))))
    return doc


def policy(chars: int, kind: str = "AWS::IAM::Policy", **targets: Any) -> dict[str, Any]:
    """Return a policy resource of ``chars`` characters attached to ``targets``."""
    props = {"PolicyName": "p", "PolicyDocument": document(chars), **targets}
    return {"Type": kind, "Properties": props}


def over(what: str, chars: str, quota: str, kind: str) -> str:
    fix = FIX_USER if kind == "user" else FIX
    return (
        f"{what} add up to about {chars} characters without whitespace, over the {quota}-"
        f"character quota for a {kind}'s inline policies, which IAM counts together. The "
        f"deployment fails with LimitExceeded. {fix}those instead."
    )


def limit3(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [
        (Path(f.template).name, f.resource, f.message) for f in findings if f.rule == "STS-LIMIT3"
    ]


def write_assembly(directory: Path, stacks: dict[str, tuple[str | None, dict[str, Any]]]) -> Path:
    """Write a cloud assembly of ``{stack: (environment, resources)}``."""
    artifacts = {}
    for name, (environment, resources) in stacks.items():
        (directory / f"{name}.template.json").write_text(json.dumps({"Resources": resources}))
        artifacts[name] = stack_artifact(f"{name}.template.json", environment)
    write_manifest(directory, artifacts)
    return directory


def alice_in_two_stacks(
    directory: Path, a: int, b: int, *, envs: tuple[str | None, str | None] = (TOOLS, TOOLS)
) -> Path:
    """Write stacks ``A`` and ``B`` that each attach one policy (``a``, ``b`` characters) to
    the user alice, by name."""
    return write_assembly(
        directory,
        {
            "A": (envs[0], {"A1": policy(a, Users=["alice"])}),
            "B": (envs[1], {"B1": policy(b, Users=["alice"])}),
        },
    )


def test_imported_role_over_its_quota_in_one_template() -> None:
    # iam.Role.from_role_name: the policies name the role; IAM names ignore case.
    template = {
        "Resources": {
            "Small": policy(4_241, Roles=["deployer"]),
            "Large": policy(6_000, "AWS::IAM::RolePolicy", RoleName="Deployer"),
        }
    }
    [finding] = check_template(template)
    assert (finding.rule, finding.resource) == ("STS-LIMIT3", "Large")  # The largest policy.
    # Named as first written.
    what = "The 2 inline policies this template attaches by name to the role deployer"
    what += " (not defined here)"
    assert finding.message == over(what, "10,241", "10,240", "role")


def test_imported_role_just_at_its_quota_passes() -> None:
    template = {"Resources": {"A": policy(4_240, Roles=["r"]), "B": policy(6_000, Roles=["r"])}}
    assert check_template(template) == []


def test_principal_defined_in_the_template_keeps_its_finding() -> None:
    template = {
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
            "P0": policy(5_200, Roles=[{"Ref": "Role"}]),
            "P1": policy(5_200, Roles=[{"Ref": "Role"}]),
        }
    }
    [finding] = limit3(check_template(template))
    assert finding == (
        "<template>",
        "Role",
        over("The 2 inline policies of this role", "10,400", "10,240", "role"),
    )


def test_user_adds_up_across_two_stacks_of_one_account(tmp_path: Path) -> None:
    write_assembly(
        tmp_path,
        {
            "GrantsA": (
                TOOLS,
                {"A1": policy(1_000, Users=["alice"]), "A2": policy(500, Users=["alice"])},
            ),
            "GrantsB": (TOOLS, {"B1": policy(549, "AWS::IAM::UserPolicy", UserName="alice")}),
        },
    )
    what = (
        "The 3 inline policies that 2 stacks of account 111111111111 (GrantsA, GrantsB) "
        "attach to the user alice"
    )
    assert limit3(check_assembly(tmp_path)) == [
        ("GrantsA.template.json", "A1", over(what, "2,049", "2,048", "user"))
    ]


def test_user_at_its_quota_across_two_stacks_passes(tmp_path: Path) -> None:
    alice_in_two_stacks(tmp_path, 1_500, 548)
    assert check_assembly(tmp_path) == []


def test_a_principal_over_in_one_stack_and_named_in_another_is_reported_once(
    tmp_path: Path,
) -> None:
    alice_in_two_stacks(tmp_path, 2_100, 100)
    [(template, resource, message)] = limit3(check_assembly(tmp_path))
    assert (template, resource) == ("A.template.json", "A1")
    assert message.startswith("The 2 inline policies that 2 stacks of account 111111111111")


def test_the_same_name_in_two_accounts_does_not_add_up(tmp_path: Path) -> None:
    alice_in_two_stacks(tmp_path, 1_500, 1_500, envs=(TOOLS, PROD))
    assert check_assembly(tmp_path) == []


def test_stacks_of_unknown_account_add_up_only_under_account_id(tmp_path: Path) -> None:
    alice_in_two_stacks(tmp_path, 1_500, 1_500, envs=(None, None))
    assert check_assembly(tmp_path) == []
    [(_, _, message)] = limit3(check_assembly(tmp_path, account_id="333333333333"))
    assert "2 stacks of account 333333333333 (A, B) attach to the user alice" in message


@pytest.mark.parametrize(
    ("by_ref", "what", "chars"),
    [
        (
            True,
            "The 6 inline policies that 2 stacks of account 111111111111 (Grants, Grants2) "
            "attach to the group auditors",
            "5,500",
        ),
        (
            False,
            "The 6 inline policies that the stack Grants2 of account 111111111111 attaches to "
            "the group auditors, defined in Grants,",
            "5,400",
        ),
    ],
)
def test_group_defined_in_one_stack_adds_up_with_attachments_by_name(
    tmp_path: Path, by_ref: bool, what: str, chars: str
) -> None:
    # The first grants stack holds the group (and maybe a grant by Ref); the others name it,
    # in any case.
    group = {"Type": "AWS::IAM::Group", "Properties": {"GroupName": "auditors"}}
    first = {"Group": group, "G0": policy(1_000, Groups=[{"Ref": "Group"}])}
    others = {f"G{i}": policy(900, Groups=["Auditors"]) for i in range(1, 6)}
    if not by_ref:
        first.pop("G0")
        others["G0"] = policy(900, Groups=["auditors"])
    write_assembly(tmp_path, {"Grants": (TOOLS, first), "Grants2": (TOOLS, others)})
    assert limit3(check_assembly(tmp_path)) == [
        ("Grants.template.json", "Group", over(what, chars, "5,120", "group"))
    ]


def test_a_lowered_quota_is_honoured_and_a_raised_one_refused(tmp_path: Path) -> None:
    template = {"Resources": {"A": policy(1_600, Users=["alice"])}}
    assert check_template(template) == []
    [finding] = check_template(template, limits=Limits(user_inline_policy_chars=1_500))
    assert "over the 1,500-character quota for a user's inline policies" in finding.message
    alice_in_two_stacks(tmp_path, 800, 800)
    assert check_assembly(tmp_path) == []
    [found] = check_assembly(tmp_path, limits=Limits(user_inline_policy_chars=1_500))
    assert "about 1,600 characters without whitespace, over the 1,500-character" in found.message
    # IAM does not raise a user's inline total: the setting says so rather than pass it.
    with pytest.raises(ValueError, match="user_inline_policy_chars: 4096 is above IAM's hard"):
        Limits(user_inline_policy_chars=4_096)


def test_acknowledgment_on_the_finding_s_resource_suppresses_it(tmp_path: Path) -> None:
    acknowledged = policy(1_500, Users=["alice"])
    acknowledged["Metadata"] = {
        "sts-constructs:acknowledge": [{"rule": "STS-LIMIT3", "reason": "Moving to a group"}]
    }
    write_assembly(
        tmp_path,
        {
            "A": (TOOLS, {"A1": acknowledged}),
            "B": (TOOLS, {"B1": policy(1_000, Users=["alice"])}),
        },
    )
    summary = CheckSummary()
    assert check_assembly(tmp_path, summary=summary) == []
    assert summary.acknowledged == 1


def test_the_rule_left_out_adds_nothing_up(tmp_path: Path) -> None:
    alice_in_two_stacks(tmp_path, 1_500, 1_500)
    assert check_assembly(tmp_path, rules=[rule_by_id("STS-IAM3")]) == []


def test_a_template_the_totals_cannot_read_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(template: Any) -> Any:
        raise TypeError("unexpected shape")

    monkeypatch.setattr(inline_totals_rule, "template_totals", unreadable)
    monkeypatch.setattr(across, "template_totals", unreadable)
    alice_in_two_stacks(tmp_path, 1_500, 1_500)
    found = limit3(check_assembly(tmp_path))
    assert [(template, resource) for template, resource, _ in found] == [
        ("A.template.json", ""),
        ("B.template.json", ""),
    ]
    assert found[0][2].startswith(
        "rule STS-LIMIT3 could not read this input (TypeError: unexpected shape)"
    )
