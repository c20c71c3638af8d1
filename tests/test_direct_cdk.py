"""`cdk synth` typed by a CDK user, from an activated .venv, works like `make synth`.

One run of the real CDK CLI (node_modules/.bin/cdk, about 20-50 s): cdk.json's
``python3 app.py`` with the virtual environment's python first on PATH, as
``source .venv/bin/activate`` leaves it, and node_modules/.bin next (what ``npx cdk`` does).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import assert_logical_ids_match

ROOT = Path(__file__).resolve().parent.parent
CDK = ROOT / "node_modules" / ".bin" / "cdk"
VENV_BIN = Path(sys.executable).parent  # the interpreter running the tests: .venv's


@pytest.fixture(scope="module")
def synth(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    if not CDK.is_file():
        pytest.skip("the CDK CLI is not installed (make install)")
    outdir = tmp_path_factory.mktemp("cdk-out")
    env = {
        key: value
        for key, value in os.environ.items()
        # Nothing make or the test session sets: what a fresh, activated shell has.
        if not key.startswith(("CDK_", "JSII_")) and key != "PYTHONPATH"
    }
    env["VIRTUAL_ENV"] = str(VENV_BIN.parent)
    env["PATH"] = os.pathsep.join([str(VENV_BIN), str(CDK.parent), env.get("PATH", "")])
    # No network here: no notices fetch, no telemetry (neither changes what is synthesized).
    env["CDK_DISABLE_CLI_TELEMETRY"] = "true"
    return _run_in_checkout([str(CDK), "synth", "--no-notices", "-o", str(outdir)], env), outdir


def _run_in_checkout(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` in the repository's root with ``env``, its output captured as text."""
    return subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_cdk_synth_succeeds_with_the_default_config(
    synth: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, outdir = synth
    manifest: dict[str, Any] = json.loads((outdir / "manifest.json").read_text())
    stacks = sorted(
        artifact["properties"]["stackName"]
        for artifact in manifest["artifacts"].values()
        if artifact["type"] == "aws:cloudformation:stack"
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert stacks == ["sts-sandbox", "sts-sandbox-federation"]  # config/sandbox.yaml's


def test_cdk_synth_prints_no_avoidable_notes(
    synth: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, _ = synth
    output = result.stdout + result.stderr

    assert "feature flags are not configured" not in output  # cdk.json sets the recommended
    assert "end-of-life" not in output  # Node.js 22 from node_modules, not the machine's 20
    assert "Successfully synthesized" in output


@pytest.mark.parametrize("stack_name", ["sts-sandbox", "sts-sandbox-federation"])
def test_cdk_synth_keeps_the_logical_ids(
    synth: tuple[subprocess.CompletedProcess[str], Path], stack_name: str
) -> None:
    _, outdir = synth
    manifest: dict[str, Any] = json.loads((outdir / "manifest.json").read_text())
    (template_file,) = [
        artifact["properties"]["templateFile"]
        for artifact in manifest["artifacts"].values()
        if artifact.get("properties", {}).get("stackName") == stack_name
    ]

    assert_logical_ids_match(stack_name, json.loads((outdir / template_file).read_text()))


# What app.py prints when run by a Python without the project's dependencies.
_NOT_INSTALLED = (
    r"error: (\w+) is not installed for {}: activate the project's virtual environment "
    r"\(source \.venv/bin/activate, after make install\) or run make synth\n"
)


def test_app_outside_the_venv_fails_with_one_line(tmp_path: Path) -> None:
    # -S: this Python without its site-packages (as a machine's python3 without the venv);
    # the repository's own packages still import (app.py's directory is on sys.path).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("CDK_")}
    env["CDK_OUTDIR"] = str(tmp_path / "cdk.out")

    result = _run_in_checkout([sys.executable, "-S", str(ROOT / "app.py")], env)

    assert result.returncode == 1
    match = re.fullmatch(_NOT_INSTALLED.format(re.escape(sys.executable)), result.stderr)
    assert match is not None, result.stderr
    missing = subprocess.run(
        [sys.executable, "-S", "-c", f"import {match.group(1)}"], capture_output=True, check=False
    )
    assert missing.returncode == 1  # The module it names is the one this Python lacks.
    assert not (tmp_path / "cdk.out").exists()


@pytest.mark.parametrize("module", ["aws_cdk", "cdk_nag"])
def test_app_without_cdk_fails_with_one_line_after_the_config(
    module: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import app

    # None in sys.modules: `import <module>` raises ModuleNotFoundError, as if not installed.
    monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("CDK_CONTEXT_JSON", raising=False)
    monkeypatch.delenv("CONTEXT_OVERFLOW_LOCATION_ENV", raising=False)
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path / "cdk.out"))
    if module != "aws_cdk":  # stacks.app imports it: make that import run again.
        for name in [m for m in sys.modules if m == "stacks.app" or m.startswith("stacks.")]:
            monkeypatch.delitem(sys.modules, name)

    status = app.main()

    match = re.fullmatch(_NOT_INSTALLED.format(re.escape(sys.executable)), capsys.readouterr().err)
    assert status == 1
    assert match is not None and match.group(1) == module
    assert not list((tmp_path / "cdk.out").glob("*"))  # Nothing written, no staging left.


@pytest.mark.parametrize("name", ["stacks.config", "sts_constructs._nope", "app", None])
def test_a_missing_module_of_the_project_is_not_a_setup_error(name: str | None) -> None:
    import app

    assert app.not_installed(ModuleNotFoundError("x", name=name)) is None
