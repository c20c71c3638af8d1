"""Hostile configs through the app, as the CDK CLI runs it: one line per problem, exit 1, nothing
written, no traceback, no hang (issue 9). The corpus and its conventions: hostile/README.md."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "hostile"
# Generous: a bad config fails before CDK's Node.js starts; "synth" files start it.
TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Run:
    returncode: int
    stderr: str
    outdir: Path


def run_app(config: Path, tmp_path: Path) -> Run:
    """Run ``app.py`` the way ``cdk synth -c config=...`` does (context and outdir in env)."""
    outdir = tmp_path / "cdk.out"
    env = {
        **os.environ,
        "CDK_CONTEXT_JSON": json.dumps({"config": str(config)}),
        "CDK_OUTDIR": str(outdir),
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    return Run(result.returncode, result.stderr, outdir)


def written(outdir: Path) -> list[str]:
    """Every file under the output directory (none after a refused config)."""
    return sorted(str(p.relative_to(outdir)) for p in outdir.rglob("*")) if outdir.exists() else []


def expectations(text: str) -> list[str]:
    return [
        line.removeprefix("# error: ") for line in text.splitlines() if line.startswith("# error: ")
    ]


def assert_refused(run: Run, config: Path, expected: list[str]) -> None:
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1, run.stderr
    assert written(run.outdir) == [], "a refused config must write nothing"
    lines = run.stderr.splitlines()
    assert len(lines) == len(expected), run.stderr
    for line, text in zip(lines, expected, strict=True):
        assert line.startswith(f"error: {config}: "), line
        # "…" in an expected line stands for any text (a temporary path, a long value).
        pattern = ".*".join(re.escape(part) for part in text.split("…"))
        assert re.search(pattern, line), f"expected {text!r} in {line!r}"
        # Values are quoted cut: no line carries a whole huge value.
        assert len(line) < 1_000, line


CASES = sorted(CORPUS.glob("*.yaml"))


@pytest.mark.parametrize("source", CASES, ids=[p.stem for p in CASES])
def test_hostile_config_fails_with_one_line_per_problem(source: Path, tmp_path: Path) -> None:
    text = source.read_bytes().decode("utf-8", errors="replace")
    config = tmp_path / source.name
    shutil.copyfile(source, config)
    for name in re.findall(r"^# fifo: (\S+)$", text, flags=re.MULTILINE):
        os.mkfifo(tmp_path / name)
    expected = expectations(text)
    assert expected, f"{source.name} lists no '# error:' line"
    if len(expected) > 1:
        assert source.name.startswith(("k10-", "k2-")), "only kind 10 files list several lines"

    assert_refused(run_app(config, tmp_path), config, expected)


def test_config_that_is_a_fifo_fails_without_blocking(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    os.mkfifo(config)

    assert_refused(
        run_app(config, tmp_path),
        config,
        ["the config file is not a regular file (a FIFO, device or directory)"],
    )


def test_missing_config_fails_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "missing.yaml"

    assert_refused(run_app(config, tmp_path), config, ["cannot read the config file: No such file"])


def test_corpus_has_every_kind() -> None:
    kinds = {path.name.split("-")[0] for path in CASES}

    assert {"k2", "k3", "k4", "k5", "k10"} <= kinds


def test_validation_findings_fail_with_one_error_line_and_write_nothing(tmp_path: Path) -> None:
    # A valid config whose role trusts an outside account without an ExternalId: the trust
    # checks refuse it at synthesis, after CDK wrote the assembly (to a staging directory).
    config = tmp_path / "outsider.yaml"
    config.write_text(
        "roles:\n"
        "  - name: outsider\n"
        "    require_mfa: false\n"
        '    trusted_principals: ["222222222222"]\n'
    )

    run = run_app(config, tmp_path)

    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1
    assert written(run.outdir) == []
    assert [line for line in run.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {config}: synthesis failed: cdk-nag or the trust checks report the findings "
        "above; fix them, or acknowledge each with a reason (docs/RULES.md)"
    ]
    assert "STS-TRUST2" in run.stderr
    assert not run.outdir.exists() or list(run.outdir.iterdir()) == [], "staging is removed"


def test_valid_config_is_written_to_the_output_directory(tmp_path: Path) -> None:
    run = run_app(ROOT / "examples" / "walkthrough" / "config.yaml", tmp_path)

    assert run.returncode == 0, run.stderr
    assert "manifest.json" in written(run.outdir)
    assert [p for p in written(run.outdir) if p.startswith(".synth-")] == []


def test_a_killed_runs_staging_directory_is_removed_by_the_next_run(tmp_path: Path) -> None:
    from app import remove_stale_staging

    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    killed = tmp_path / f".synth-{finished.pid}-a1b2"
    running = tmp_path / f".synth-{os.getpid()}-c3d4"
    unknown = tmp_path / ".synth-x9y8"
    for directory in (killed, running, unknown):
        (directory / "asset").mkdir(parents=True)

    assert remove_stale_staging(tmp_path) == [killed]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, unknown.name])
