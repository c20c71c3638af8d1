"""The default app (config/sandbox.yaml): the seeds' question, the HTML page in Chromium."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import pytest

from sts_constructs.analysis import load_model
from sts_constructs.analysis._explain import explain
from sts_constructs.analysis._render import to_html, to_mermaid
from sts_constructs.cli import main
from tests.support import synthesized

ROOT = Path(__file__).resolve().parents[2]


def _make_graph_script() -> Any:
    """Return scripts/trust_graph.py (what ``make graph`` runs) as a module."""
    spec = importlib.util.spec_from_file_location("trust_graph", ROOT / "scripts/trust_graph.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TRUST_GRAPH = _make_graph_script()
USER = "arn:aws:iam::000000000000:user/sts-user"
ROLE = "arn:aws:iam::000000000000:role/sandbox-s3-read"


def _assembly(config: str, variable: str) -> Path:
    """The assembly of ``config``, shared with the session's other tests (or ``$variable``)."""
    given = os.environ.get(variable)
    return Path(given) if given else Path(synthesized(config).assembly.directory)


@pytest.fixture(scope="module")
def default_app() -> Path:
    """The default app, synthesized once (``STS_CONSTRUCTS_TEST_ASSEMBLY``: one already made)."""
    return _assembly("config/sandbox.yaml", "STS_CONSTRUCTS_TEST_ASSEMBLY")


@pytest.fixture(scope="module")
def multi_account_app() -> Path:
    """config/multi-account.yaml, synthesized once (or ``STS_CONSTRUCTS_TEST_MULTI``)."""
    return _assembly("config/multi-account.yaml", "STS_CONSTRUCTS_TEST_MULTI")


def test_the_user_with_no_permissions_reads_the_bucket_through_the_role(default_app: Path) -> None:
    answer = explain(load_model([str(default_app)]), "sandbox-s3-read", "sts-user")
    assert answer == {
        "role": ROLE,
        "principals": [
            {
                "principal": USER,
                "path": [ROLE],
                "action": "sts:AssumeRole",
                "conditions": [],
                "max_session_seconds": 3600,
            }
        ],
        "allowed": True,
    }


def test_explain_text_names_the_bucket(
    default_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", "sts-user", "sandbox-s3-read", str(default_app)]) == 0
    text = capsys.readouterr().out
    assert "path: sts-user -> sandbox-s3-read" in text
    (granted,) = [
        line for line in text.splitlines() if "on bucket StsSandbox/SandboxBucket" in line
    ]
    assert "s3:GetObject*" in granted
    assert "session: up to 3600 s (1h)" in text


def test_explain_json_on_every_role(default_app: Path) -> None:
    model = load_model([str(default_app)])
    for role in model.roles():
        answer = json.loads(json.dumps(explain(model, role.id)))
        assert answer["role"] == role.id
        assert answer["principals"], role.id  # Every role of the default app has a way in.


def test_html_page_renders_the_nodes_in_headless_chromium(
    default_app: Path, tmp_path: Path
) -> None:
    browser = TRUST_GRAPH.find_chromium()
    if browser is None:
        pytest.skip("no chromium: `make test` installs Debian's chromium (apt-get, as root)")
    model = load_model([str(default_app)])
    page = tmp_path / "graph.html"
    page.write_text(to_html(model), encoding="utf-8")
    dom = TRUST_GRAPH.dump_dom(browser, page, tmp_path / "profile")
    # The renderer ran: the SVG holds one <g class="node ..."> per node, with its label.
    assert 'data-rendered="' in dom
    for node_id, label in ((USER, "sts-user"), (ROLE, "sandbox-s3-read")):
        assert f'data-id="{node_id}"' in dom
        assert f">{label}</text>" in dom
    assert dom.count('<g class="node ') == int(dom.split('data-rendered="', 1)[1].split('"', 1)[0])
    assert dom.count('<g class="edge ') >= 4


def test_committed_graph_is_what_the_renderer_draws(default_app: Path) -> None:
    # docs/img is made by `make graph` from the renderer (the HTML page only in a temporary
    # directory, for the PNG): when the default app changes, run `make graph` again.
    committed = (ROOT / "docs" / "img" / "trust-graph.mmd").read_text(encoding="utf-8")
    assert committed == to_mermaid(load_model([str(default_app)]))
    assert not (ROOT / "docs" / "img" / "trust-graph.html").exists()


DOCS = ROOT / "docs" / "EXPLAIN.md"


def test_docs_console_example_is_what_explain_prints(
    default_app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("```console\n", 1)[1].split("```", 1)[0]
    command, *expected = block.splitlines()
    assert command.endswith("sts-constructs explain sts-user sandbox-s3-read /tmp/out")
    main(["explain", "sts-user", "sandbox-s3-read", str(default_app)])
    assert capsys.readouterr().out.splitlines() == expected


def test_docs_python_example_runs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    snippet = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(snippet, str(DOCS), "exec"), {})


def test_multi_account_config_cross_account_paths(multi_account_app: Path) -> None:
    model = load_model([str(multi_account_app)])
    for role in model.roles():
        assert explain(model, role.id)["role"] == role.id  # Every role can be explained.
    answer = explain(model, "prod-read-only")
    by_principal = {entry["principal"]: entry for entry in answer["principals"]}
    account = by_principal["arn:aws:iam::111111111111:root"]
    assert account["max_session_seconds"] == 14400
    assert {c["key"] for c in account["conditions"]} == {
        "aws:MultiFactorAuthPresent",
        "aws:MultiFactorAuthAge",
        "aws:PrincipalOrgID",
    }
    # The group the grants stack makes in the tools account holds the other half.
    assert "arn:aws:iam::111111111111:group/prod-readers" in by_principal
    vendor = explain(model, "vendor-monitoring")["principals"]
    assert [p["principal"] for p in vendor] == ["arn:aws:iam::444455556666:root"]
    assert {
        "key": "sts:ExternalId",
        "operator": "StringEquals",
        "values": ["vendor-7f3a9c21"],
    } in vendor[0]["conditions"]


def test_the_default_app_has_no_half_missing(default_app: Path) -> None:
    # sts-user's group grants the role the trust names sts-user for: no gap to draw.
    model = load_model([str(default_app)])
    assert [e for e in model.edges if e.shown and e.missing] == []
