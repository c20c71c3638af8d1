"""The pytest plugin as a user gets it: loaded by its entry point in another project's run.

examples/own-app-tests is that project (its own pytest.ini, cdk.json and tests); it runs in a
pytest process of its own, so what is tested is what ``pip install
"sts-constructs[emulator]"`` installs, not this repository's conftest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "own-app-tests"
TIMEOUT = 900  # seconds: synthesis, deploy and the tests, on a busy machine


def _pytest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTEST_"))}
    bins = [ROOT / "node_modules" / ".bin", Path(sys.executable).parent]
    env["PATH"] = os.pathsep.join([*(str(b) for b in bins), env.get("PATH", "")])
    env["JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_the_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    plugins = {e.name: e.value for e in entry_points(group="pytest11")}

    assert plugins["sts_constructs_emulator"] == "sts_constructs.emulator.pytest_plugin"


def test_a_project_without_cdk_json_fails_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text("def test_x(sts_emulator):\n    pass\n", encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")

    run = _pytest(tmp_path)

    assert run.returncode == 1
    assert f"sts_emulator: no cdk.json in {tmp_path}; set the ini option sts_emulator_app" in (
        run.stdout
    )


@pytest.mark.e2e
def test_the_example_apps_own_tests_pass_against_its_trust() -> None:
    run = _pytest(EXAMPLE)

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "5 passed" in run.stdout
