"""``sts-constructs show``: principals and roles named as ``explain`` names them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sts_constructs.analysis import load_model
from sts_constructs.cli import main
from sts_constructs.cli.show import summarize
from tests.analysis.assemblies import A, role, trusts, user, write_assembly
from tests.support import synthesized

GITHUB_SUBJECTS = (
    "repo:octo-org@123456/sample-app@456789:ref:refs/heads/main, "
    "repo:octo-org@123456/sample-app@456789:environment:production"
)


@pytest.fixture(scope="module")
def sandbox() -> Path:
    """The cloud assembly of config/sandbox.yaml (shared with the session's other tests)."""
    return Path(synthesized("config/sandbox.yaml").assembly.directory)


def _trust(stacks: list[dict[str, Any]], name: str) -> list[tuple[str, str, list[str]]]:
    (stack,) = [s for s in stacks if s["name"] == name]
    return [
        (row["role"], statement["who"], statement["actions"])
        for row in stack["trust"]
        for statement in row["statements"]
    ]


def test_sandbox_trust_names_principals_not_tokens(sandbox: Path) -> None:
    stacks = summarize(sandbox)

    assert _trust(stacks, "StsSandbox") == [
        ("sandbox-s3-read", "AWS: sts-user", ["sts:AssumeRole"]),
        ("sandbox-app", "Service: ec2.amazonaws.com", ["sts:AssumeRole"]),
    ]
    assert _trust(stacks, "StsSandboxFederation") == [
        (
            "github-deploy-sample-app",
            "Federated: token.actions.githubusercontent.com",
            ["sts:AssumeRoleWithWebIdentity"],
        ),
        ("saml-console-access", "Federated: sample-idp", ["sts:AssumeRoleWithSAML"]),
    ]


def test_show_names_principals_as_explain_does(sandbox: Path) -> None:
    model = load_model([str(sandbox)])
    user_arn = next(n.id for n in model.nodes.values() if n.kind == "user" and n.name == "sts-user")

    (row,) = [r for s in summarize(sandbox) for r in s["trust"] if r["role"] == "sandbox-s3-read"]

    assert row["statements"][0]["who"] == f"AWS: {model.label(user_arn)}"


def test_printed_table_has_no_tokens_and_long_cells_unbroken(
    sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["show", str(sandbox)])

    out = capsys.readouterr().out
    assert status == 0
    assert "AWS: sts-user" in out
    assert "<UserStsUser" not in out
    assert "<OidcProvider" not in out
    # Captured output is not a terminal: a cell as long as this one stays on one line.
    assert f"token.actions.githubusercontent.com:sub = {GITHUB_SUBJECTS}" in out


def test_resolves_references_in_a_template_of_its_own(tmp_path: Path) -> None:
    # A user named by Fn::GetAtt, a role named by Ref-less construct path, an account.
    write_assembly(
        tmp_path,
        {
            "Own": (
                A,
                {
                    "Builder": user("builder"),
                    "Deploy": role(
                        "deploy",
                        [
                            trusts({"AWS": {"Fn::GetAtt": ["Builder", "Arn"]}}),
                            trusts({"AWS": "arn:aws:iam::222222222222:root"}),
                        ],
                    ),
                    "Anyone": role("open", [trusts("*")]),
                },
            )
        },
    )

    assert _trust(summarize(tmp_path), "Own") == [
        ("deploy", "AWS: builder", ["sts:AssumeRole"]),
        ("deploy", "AWS: account 222222222222", ["sts:AssumeRole"]),
        ("open", "* (anyone)", ["sts:AssumeRole"]),
    ]


def test_fails_on_a_directory_without_an_assembly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["show", str(tmp_path)])

    assert status == 2
    assert capsys.readouterr().err == (
        f"sts-constructs show: {tmp_path}/manifest.json: No such file or directory; "
        "run `cdk synth` first\n"
    )
