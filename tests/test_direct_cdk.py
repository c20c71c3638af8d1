"""`cdk synth` typed by a CDK user, from an activated .venv, works like `make synth`.

One run of the real CDK CLI (node_modules/.bin/cdk, about 20-50 s): cdk.json's
``python3 app.py`` with the virtual environment's python first on PATH, as
``source .venv/bin/activate`` leaves it, and node_modules/.bin next (what ``npx cdk`` does).
"""

from __future__ import annotations

import json
import os
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
    result = subprocess.run(
        [str(CDK), "synth", "--no-notices", "-o", str(outdir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return result, outdir


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
