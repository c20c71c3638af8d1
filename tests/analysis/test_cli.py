"""``sts-constructs graph`` / ``explain``: formats, the diff's exit status, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sts_constructs.cli import main

from .assemblies import A, B, chain, cross_account


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_graph_mermaid_and_dot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(chain(tmp_path / "out"))
    status, mermaid, _ = run(capsys, "graph", out)
    assert status == 0
    assert mermaid.startswith("flowchart LR\n")
    assert '(["alice (user)"])' in mermaid
    assert '-->|"AssumeRole; if aws:MultiFactorAuthPresent; max 1h"|' in mermaid
    status, dot, _ = run(capsys, "graph", out, "--format", "dot")
    assert dot.startswith("digraph trust {")
    assert f'"arn:aws:iam::{A}:user/alice" -> "arn:aws:iam::{A}:role/Hop"' in dot


def test_graph_escapes_template_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = chain(tmp_path / "out")
    template = out / "Chain.template.json"
    data = json.loads(template.read_text())
    data["Resources"]["Alice"]["Properties"]["UserName"] = 'al"ice</script>'
    template.write_text(json.dumps(data))
    _, mermaid, _ = run(capsys, "graph", str(out))
    assert 'al"ice' not in mermaid and "al#34;ice#60;/script#62;" in mermaid
    _, dot, _ = run(capsys, "graph", str(out), "--format", "dot")
    assert 'al\\"ice' in dot
    _, html, _ = run(capsys, "graph", str(out), "--format", "html")
    assert "</script>" not in html.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert 'al\\"ice\\u003c/script\\u003e' in html


def test_graph_html_needs_no_network(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "graph.html"
    status, out, _ = run(
        capsys, "graph", str(chain(tmp_path / "out")), "--format", "html", "-o", str(target)
    )
    assert status == 0 and out == ""
    html = target.read_text()
    assert "default-src 'none'" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html


def test_explain_json_matches_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        capsys, "explain", "alice", "Admin", str(chain(tmp_path / "out")), "--format", "json"
    )
    assert status == 0
    answer = json.loads(out)
    assert set(answer) == {"role", "principals", "allowed"}
    assert answer["allowed"] is True
    (entry,) = answer["principals"]
    assert set(entry) == {"principal", "path", "action", "conditions", "max_session_seconds"}
    assert entry["max_session_seconds"] == 3600


def test_explain_text_and_denied_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(cross_account(tmp_path / "out", with_grant=False))
    status, text, _ = run(capsys, "explain", "ci", "Deploy", out)
    assert status == 1
    assert "Not allowed: the trust policy of Deploy names ci's account" in text
    status, text, _ = run(capsys, "explain", "Deploy", out)
    assert status == 0
    assert f"arn:aws:iam::{B}:root" in text  # Any identity of B that its policies allow.


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["explain", "a", "b", "c"], "'c': expected [PRINCIPAL] ROLE then existing cdk.out"),
        (
            ["explain", "Deploy", "/nonexistent/cdk.out"],
            "/nonexistent/cdk.out: no such cloud assembly directory or template file",
        ),
        (
            ["graph", "/nonexistent"],
            "/nonexistent: no such cloud assembly directory or template file",
        ),
        (["graph", "--diff", "a", "b", "c"], "--diff takes exactly OLD and NEW"),
        (
            ["graph", "--format", "markdown", "x"],
            "--format markdown: a graph is one of mermaid, dot, html, json",
        ),
        (
            ["graph", "--diff", "a", "b", "--format", "dot"],
            "--format dot: with --diff use one of text, markdown, json",
        ),
        (
            ["graph", "x", "-o", "/nonexistent/dir/g.html"],
            "the directory /nonexistent/dir does not exist",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert message in err
    assert err.count("\n") == 1 and out == ""


def test_diff_exit_status_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = str(cross_account(tmp_path / "old", with_grant=False))
    new = cross_account(tmp_path / "new", with_grant=True)
    status, text, _ = run(capsys, "graph", "--diff", old, str(new))
    assert status == 1
    assert f"added     arn:aws:iam::{B}:user/ci -> arn:aws:iam::{A}:role/Deploy" in text
    status, _, _ = run(capsys, "graph", "--diff", str(new), old)
    assert status == 0  # Removing access does not widen it.
    # Loosen: drop the ExternalId condition.
    loose = cross_account(tmp_path / "loose", with_grant=True)
    template = loose / "Target.template.json"
    data = json.loads(template.read_text())
    del data["Resources"]["Deploy"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0][
        "Condition"
    ]
    data["Resources"]["Deploy"]["Properties"]["MaxSessionDuration"] = 7200
    template.write_text(json.dumps(data))
    status, markdown, _ = run(
        capsys, "graph", "--diff", str(new), str(loose), "--format", "markdown"
    )
    assert status == 1
    assert markdown.startswith("**Trust graph: access widened, a second review is needed.**")
    assert "dropped StringEquals sts:ExternalId ['partner-7']" in markdown
    status, js, _ = run(capsys, "graph", "--diff", str(loose), str(new), "--format", "json")
    assert status == 0
    changes = json.loads(js)["changes"]
    assert {c["change"] for c in changes} == {"tightened"}
    status, text, _ = run(capsys, "graph", "--diff", str(new), str(new))
    assert status == 0 and text == "No change in who can assume which role.\n"
