"""``explain`` with a name that matches nothing offers the close names, on one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sts_constructs.cli import main
from tests.analysis.assemblies import chain, role, user, write_assembly

_HOW = "(name it by ARN, name or construct path)"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["Amdin"], f"role 'Amdin': no such role in the assemblies {_HOW}; did you mean 'Admin'?"),
        (
            ["alcie", "Admin"],
            f"principal 'alcie': no such principal in the assemblies {_HOW}; did you mean 'alice'?",
        ),
        # Roles only: the user alice is not offered for a role.
        (["alice"], f"role 'alice': no such role in the assemblies {_HOW}"),
        (["qqqq"], f"role 'qqqq': no such role in the assemblies {_HOW}"),
    ],
)
def test_unknown_name_offers_close_names(
    tmp_path: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assembly = chain(tmp_path / "out")

    status = main(["explain", *argv, str(assembly)])

    assert status == 2
    assert capsys.readouterr().err == f"sts-constructs explain: {message}\n"


def test_an_arn_in_another_account_is_told_how_an_agnostic_stack_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assembly = write_assembly(
        tmp_path / "out",
        {"Agnostic": (None, {"Alice": user("alice"), "Reader": role("Reader", [])})},
    )

    status = main(["explain", "arn:aws:iam::123456789012:user/alice", "Reader", str(assembly)])

    assert status == 2
    assert capsys.readouterr().err.endswith(
        "did you mean 'arn:aws:iam::000000000000:user/alice'? (a stack without an env is read "
        "as account 000000000000: name the principal by its name, or give the stack an env)\n"
    )
