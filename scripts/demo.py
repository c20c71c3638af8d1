#!/usr/bin/env python3
"""``make demo``: synthesize the default app with the CDK CLI and show what it made."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sts_constructs.cli import main as cli_main  # noqa: E402


def synth(config: str, outdir: Path) -> None:
    """Run ``cdk synth`` for ``config`` into ``outdir``; exit with its status on failure."""
    print(f"==> cdk synth -c config={config}  (CDK's template validation included)", flush=True)
    started = time.monotonic()
    result = subprocess.run(
        ["cdk", "synth", "--quiet", "-c", f"config={config}", "--output", str(outdir)],
        cwd=ROOT,
        env={**os.environ, "CDK_DISABLE_VERSION_CHECK": "1"},
        check=False,
    )
    if result.returncode != 0:
        sys.exit(result.returncode)
    print(f"    synthesized into {outdir}/ in {time.monotonic() - started:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="config/sandbox.yaml")
    parser.add_argument("--output", default="cdk.out", type=Path)
    args = parser.parse_args()
    synth(args.config, args.output)
    cli_main(["show", str(args.output)])


if __name__ == "__main__":
    main()
