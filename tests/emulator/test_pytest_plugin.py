"""The pytest plugin as a user gets it: loaded by its entry point in another project's run.

examples/own-app-tests is that project (its own pytest.ini, cdk.json and tests); it runs in a
pytest process of its own, so what is tested is what ``pip install
"/path/to/sts-constructs[emulator]"`` installs, not this repository's conftest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from sts_constructs.conventions import CDK_CLI_INSTALL

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "own-app-tests"
TIMEOUT = 900  # seconds: synthesis, deploy and the tests, on a busy machine


def _pytest(cwd: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run pytest in ``cwd`` as a user would; ``path``: PATH (default: the CDK CLI of
    node_modules/.bin, this venv's scripts and the caller's PATH)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTEST_"))}
    bins = [ROOT / "node_modules" / ".bin", Path(sys.executable).parent]
    default = os.pathsep.join([*(str(b) for b in bins), env.get("PATH", "")])
    env["PATH"] = default if path is None else path
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


def _project_with_cdk_json(directory: Path, ini: str = "") -> Path:
    directory.mkdir(exist_ok=True)
    (directory / "test_x.py").write_text("def test_x(sts_emulator):\n    pass\n", encoding="utf-8")
    (directory / "pytest.ini").write_text(f"[pytest]\n{ini}", encoding="utf-8")
    (directory / "cdk.json").write_text('{"app": "python3 app.py"}', encoding="utf-8")
    return directory


def _no_cdk_path(tmp_path: Path) -> str:
    """A PATH with the system's tools but no CDK CLI (only python3, which the app needs)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    return os.pathsep.join([str(bin_dir), "/usr/bin", "/bin"])


def test_no_cdk_cli_fails_with_one_line_saying_how_to_get_it(tmp_path: Path) -> None:
    project = _project_with_cdk_json(tmp_path / "project")
    path = _no_cdk_path(tmp_path)
    assert all(not (Path(d) / "cdk").exists() for d in path.split(os.pathsep))

    run = _pytest(project, path=path)

    assert run.returncode == 1
    assert (
        f"sts_emulator: the CDK CLI (cdk) is not on PATH: `{CDK_CLI_INSTALL}` installs it in "
        "node_modules/.bin; put that directory on PATH, or set the ini option sts_emulator_cdk"
    ) in run.stdout
    assert "Traceback" not in run.stdout
    assert "During handling of the above exception" not in run.stdout
    assert "make install" not in run.stdout


def test_an_ini_cdk_that_is_not_a_command_fails_with_one_line(tmp_path: Path) -> None:
    project = _project_with_cdk_json(tmp_path, "sts_emulator_cdk = no-such-cdk-cli\n")

    run = _pytest(project)

    assert run.returncode == 1
    assert (
        "sts_emulator: the ini option sts_emulator_cdk is 'no-such-cdk-cli', which is not an "
        "executable file or a command on PATH"
    ) in run.stdout
    assert "Traceback" not in run.stdout


@pytest.mark.e2e
def test_the_example_apps_own_tests_pass_against_its_trust() -> None:
    run = _pytest(EXAMPLE)

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "5 passed" in run.stdout
