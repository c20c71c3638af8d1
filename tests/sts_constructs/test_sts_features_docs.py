"""Every Python snippet in docs/sts-features.md runs as written, with both validation plugins."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sts_constructs.federation._support import doc_snippets

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "sts-features.md"


def snippets() -> list[tuple[str, str]]:
    return doc_snippets(DOC)


def test_every_feature_has_a_snippet_with_both_plugins() -> None:
    for name in (
        "GitHubClaims",
        "GitHubSubjectTemplate",
        "CircleCiTrust",
        "BuildkiteTrust",
        "HcpTerraformTrust",
        "PodIdentityTrust",
        "RolesAnywhereTrust",
        "AssumeRootPolicy",
        "WebIdentityTokenPolicy",
        "CombinedTrust",
    ):
        assert any(name in code for _, code in snippets()), name
    for where, code in snippets():
        assert "add_plugins(AwsSolutionsChecks(), StsTrustChecks())" in code, where
        assert code.rstrip().endswith("app.synth()"), where


@pytest.mark.parametrize(("where", "code"), snippets(), ids=[w for w, _ in snippets()])
def test_snippet_runs(
    where: str, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # app.synth() writes into a temporary cdk.out
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path / "cdk.out"))
    exec(compile(code, where, "exec"), {"__name__": "__snippet__"})


def test_config_snippet_synthesizes_with_both_plugins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from aws_cdk import App

    from app import build_app

    (block,) = re.findall(r"^```yaml\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.S | re.M)
    config = tmp_path / "features.yaml"
    config.write_text(block, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    context = json.loads((ROOT / "cdk.json").read_text())["context"]
    app = build_app(App(context={**context, "config": str(config)}, outdir=str(tmp_path / "out")))
    app.synth()  # cdk-nag and the trust checks run as plugins: a finding fails the synth
