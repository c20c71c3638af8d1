#!/usr/bin/env python3
"""Synthesize the scale workload with the CDK CLI, then check its cdk.out two ways.

``cdk synth`` of ``benchmarks/scale.yaml`` (1,000 roles over 50 accounts) into a temporary
directory; then ``sts-constructs check`` over that cdk.out and ``cfn-lint`` over the same
templates, each a fresh process as CI runs them. Prints wall times, the stack count and the
largest stack's resources and bytes, and appends a section to the Markdown file given by
``--out`` (default ``benchmarks/RESULTS.md``). Never asserted.

    python benchmarks/scale.py [--config benchmarks/scale.yaml] [--out benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _timed(command: list[str]) -> tuple[float, int, str]:
    env = {
        **os.environ,
        "PATH": os.pathsep.join(
            [str(ROOT / "node_modules" / ".bin"), str(BIN), os.environ["PATH"]]
        ),
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
    }
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done.returncode, (done.stderr or done.stdout)[-300:]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--config", default="benchmarks/scale.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sts-scale-") as directory:
        out = Path(directory) / "cdk.out"
        synth = _timed(["cdk", "synth", "--quiet", "-c", f"config={args.config}", "-o", str(out)])
        if synth[1] != 0:
            raise SystemExit(f"error: cdk synth of {args.config} failed: {synth[2]}")
        templates = sorted(out.glob("*.template.json"))
        sizes = {t.name: t.stat().st_size for t in templates}
        counts = {t.name: len(json.loads(t.read_text()).get("Resources", {})) for t in templates}
        check = _timed([str(BIN / "sts-constructs"), "check", str(out)])
        lint = _timed([str(BIN / "cfn-lint"), *map(str, templates)])
    lines = [
        "",
        f"## Scale workload ({args.config})",
        "",
        f"{len(templates)} stacks; the largest has {max(counts.values())} resources, the "
        f"biggest template {max(sizes.values()):,} bytes (CloudFormation: 500 resources, 1 MB).",
        "",
        "| step | wall time | exit status |",
        "|---|---|---|",
        f"| `cdk synth --quiet` (cdk-nag, trust checks) | {synth[0]:.1f} s | {synth[1]} |",
        f"| `sts-constructs check cdk.out` | {check[0]:.1f} s | {check[1]} |",
        f"| `cfn-lint` on the same {len(templates)} templates | {lint[0]:.1f} s | {lint[1]} |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    with args.out.open("a", encoding="utf-8") as results:
        results.write(text)


if __name__ == "__main__":
    main()
