"""Every Python snippet in the README and docs/ runs as written, and every app it builds passes
cdk-nag's AwsSolutions pack and our trust checks (errors; warnings are shown, not failed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aws_cdk
import pytest
from cdk_nag import AwsSolutionsChecks

from sts_constructs.checks import check_assembly

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SNIPPET = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
# A snippet that only illustrates (placeholders such as `...`, a live emulator) says so on the
# line before its fence, with the reason; every other snippet runs.
NOT_RUN = re.compile(r"<!-- not run: .+ -->\n$")


def snippets() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in SNIPPET.finditer(text):
            if NOT_RUN.search(text, 0, match.start()):
                continue
            line = text.count("\n", 0, match.start()) + 1
            where = f"{doc.relative_to(ROOT)}:{line}"
            found.append((where, match.group(1)))
    return found


def test_readme_has_snippets() -> None:
    assert len(snippets()) >= 3


@pytest.mark.parametrize(("where", "code"), snippets(), ids=[w for w, _ in snippets()])
def test_snippet_runs_and_its_apps_pass_both_plugins(
    where: str, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Snippets read files of the repository (config/saml/...) as a user in the checkout
    # would; what they synthesize goes to a temporary cdk.out.
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path / "cdk.out"))
    apps: list[aws_cdk.App] = []

    class RecordingApp(aws_cdk.App):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            apps.append(self)

    monkeypatch.setattr(aws_cdk, "App", RecordingApp)
    exec(compile(code, where, "exec"), {"__name__": "__snippet__"})
    for app in apps:
        assembly = app.synth()
        nag = [
            f"{violation.rule_name} at {resource.construct_path}"
            for violation in AwsSolutionsChecks().validate_scope(app).violations
            for resource in violation.violating_resources
        ]
        errors = [
            f"{finding.rule} {finding.resource}: {finding.message}"
            for finding in check_assembly(assembly.directory)
            if finding.severity == "error"
        ]
        assert (nag, errors) == ([], []), where
