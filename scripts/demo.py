#!/usr/bin/env python3
"""``make demo``: synthesize the default app, deploy it into the local emulator, walk the STS flow.

The emulator is moto's server on 127.0.0.1 (a free port), started and stopped here; the deploy
is the real CDK CLI's ``cdk deploy``. ``--synth-only`` stops after the summary.
"""

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


def deploy_and_walk(assembly: Path) -> int:
    """Start the emulator, deploy ``assembly`` with the CDK CLI, walk the STS flow, stop."""
    from rich.console import Console

    from sts_constructs.emulator import Emulator, EmulatorError, bootstrap, deploy
    from sts_constructs.emulator.walkthrough import print_steps, walk
    from sts_constructs.runtime import RuntimeToolError

    console = Console()
    started = time.monotonic()
    try:
        with Emulator() as emulator:
            console.print(
                f"==> local AWS emulator (moto) at {emulator.endpoint_url}, IAM enforced, "
                f"started in {emulator.startup_seconds:.1f} s",
                highlight=False,
            )
            bootstrap(emulator)
            console.print("==> cdk deploy --all --method=direct  (the real CDK CLI)")
            result = deploy(emulator, assembly=assembly.resolve(), cwd=ROOT)
            console.print(
                f"    {len(result.stacks)} stack(s) deployed in {result.seconds:.1f} s: "
                + ", ".join(
                    f"{name} ({len(outputs)} outputs)" for name, outputs in result.stacks.items()
                ),
                highlight=False,
            )
            for skipped in result.skipped:
                console.print(
                    f"    [yellow]skipped by the emulator[/yellow]: {skipped.logical_id} "
                    f"({skipped.resource_type}): {skipped.reason}",
                    highlight=False,
                )
            console.print("==> the STS walkthrough")
            steps = []
            for outputs in result.stacks.values():
                if "SandboxBucketName" in outputs:
                    steps = walk(emulator, outputs=outputs)
                    print_steps(steps, console=console)
    except EmulatorError as error:
        if error.details:
            console.print(error.details, highlight=False, markup=False)
        console.print(f"[red]demo: {error}[/red]", highlight=False)
        return 1
    except RuntimeToolError as error:
        console.print(f"[red]demo: {error}[/red]", highlight=False)
        return 1
    console.print(
        f"==> emulator stopped; demo took {time.monotonic() - started:.1f} s after synthesis",
        highlight=False,
    )
    if not steps:
        console.print("[red]demo: no deployed stack has a SandboxBucketName output[/red]")
        return 1
    return 0 if all(step.as_expected for step in steps) else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="config/sandbox.yaml")
    parser.add_argument("--output", default="cdk.out", type=Path)
    parser.add_argument("--synth-only", action="store_true", help="stop after the summary")
    args = parser.parse_args()
    synth(args.config, args.output)
    cli_main(["show", str(args.output)])
    if not args.synth_only:
        sys.exit(deploy_and_walk(args.output))


if __name__ == "__main__":
    main()
