"""Every Python snippet in the README and docs/ runs as written, and every app it builds passes
cdk-nag's AwsSolutions pack and our trust checks without a finding (errors and warnings), with
the own accounts the snippet gives its ``StsTrustChecks``, as ``cdk synth`` of a user's app
that pastes it would.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aws_cdk
import pytest
from cdk_nag import AwsSolutionsChecks

import sts_constructs.checks
from sts_constructs.checks import check_assembly

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SNIPPET = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
# A snippet that only illustrates (placeholders such as `...`, a live emulator) says so on the
# line before its fence, with the reason; every other snippet runs.
NOT_RUN = re.compile(r"<!-- not run: .+ -->\n$")
# Our own `Trust` (not GoogleTrust and the like), which names AWS accounts: a snippet that
# builds one builds it into an app, so the checks judge its accounts as they would a user's.
BUILDS_TRUST = re.compile(r"(?<!\w)Trust\(")


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

    own_accounts: set[str] = set()

    class RecordingChecks(sts_constructs.checks.StsTrustChecks):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            own_accounts.update(kwargs.get("own_accounts", ()))

    monkeypatch.setattr(aws_cdk, "App", RecordingApp)
    monkeypatch.setattr(sts_constructs.checks, "StsTrustChecks", RecordingChecks)
    exec(compile(code, where, "exec"), {"__name__": "__snippet__"})
    if BUILDS_TRUST.search(code):
        assert apps, f"{where}: builds a Trust but no App; show it in an app the checks run on"
    for app in apps:
        assembly = app.synth()
        if not any(stack.template.get("Resources") for stack in assembly.stacks):
            continue  # a snippet that shows a synth-time error: nothing was built to check
        nag = [
            f"{violation.rule_name} at {resource.construct_path}"
            for violation in AwsSolutionsChecks().validate_scope(app).violations
            for resource in violation.violating_resources
        ]
        findings = [
            f"{finding.severity} {finding.rule} {finding.resource}: {finding.message}"
            for finding in check_assembly(assembly.directory, own_accounts=own_accounts)
        ]
        assert (nag, findings) == ([], []), where
