"""Every Python snippet in docs/federation.md runs as written (from the repository root)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sts_constructs.federation._support import doc_snippets

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "federation.md"


def snippets() -> list[tuple[str, str]]:
    return doc_snippets(DOC)


def test_every_federation_path_has_a_snippet() -> None:
    code = "\n".join(snippet for _, snippet in snippets())

    for name in (
        "GitHubActionsTrust",
        "GitLabCiTrust",
        "EksServiceAccountTrust",
        "GoogleTrust",
        "CognitoIdentityPoolTrust",
        "OidcTrust",
        "SamlTrust",
        "FederationTokenBroker",
        "MfaSessionGroup",
    ):
        assert name in code, name


@pytest.mark.parametrize(("where", "code"), snippets(), ids=[w for w, _ in snippets()])
def test_snippet_runs(where: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # snippets name config/saml/sample-idp-metadata.xml
    exec(compile(code, where, "exec"), {"__name__": "__snippet__"})
