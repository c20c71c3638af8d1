#!/usr/bin/env python3
"""``make demo``: synthesize the default app, deploy it into the local emulator, walk the STS flow.

The emulator is moto's server on 127.0.0.1 (a free port), started and stopped here; the deploy
is the real CDK CLI's ``cdk deploy``. ``--synth-only`` stops after the summary.

Then the cross-account act: the multi-account config's roles, grants and StackSets stacks,
each deployed into its own emulated account, and a principal of the source account that
the grant covers assuming the role in the target account. ``--cross-account-config ''``
leaves it out.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sts_constructs.cli import main as cli_main  # noqa: E402

if TYPE_CHECKING:
    from rich.console import Console

    from sts_constructs.emulator import DeployResult, Emulator
    from sts_constructs.emulator.cross_account import CrossAccountAccess
    from sts_constructs.emulator.walkthrough import Step


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


def walked_access(config: str) -> CrossAccountAccess:
    """Return the first access of ``config`` granted to a role of the source account.

    A role (a workload) needs no MFA, which the emulator cannot check; a role of the same
    target account that is not granted to it gives the denied step.
    """
    from stacks.config import load_config
    from sts_constructs import cross_account_role_arn
    from sts_constructs.emulator.cross_account import CrossAccountAccess

    cross_account = load_config(ROOT / config).cross_account
    if cross_account is None:
        sys.exit(f"demo: {config} has no cross_account section")
    for access in cross_account.access:
        if access.source is None or access.grant_to is None or not access.grant_to.roles:
            continue
        grantee = access.grant_to.roles[0]
        source = cross_account.account(access.source)
        target = cross_account.account(access.target)
        others = [
            cross_account_role_arn(
                account_id=target.id, role_name=other.role, path=other.path, partition="aws"
            )
            for other in cross_account.access
            if other.target == access.target
            and other.role != access.role
            and (other.grant_to is None or grantee not in other.grant_to.roles)
        ]
        return CrossAccountAccess(
            source_name=source.name,
            source_account_id=source.id,
            source_region=source.region,
            grantee_role=grantee,
            target_name=target.name,
            target_account_id=target.id,
            target_role_arn=cross_account_role_arn(
                account_id=target.id, role_name=access.role, path=access.path, partition="aws"
            ),
            other_role_arn=others[0] if others else None,
        )
    sys.exit(f"demo: {config} grants no role of a source account a cross-account role")


def cross_account_act(
    emulator: Emulator, *, assembly: Path, access: CrossAccountAccess, console: Console
) -> list[Step]:
    """Deploy the cross-account stacks into their accounts and walk ``access``."""
    from sts_constructs.emulator.cross_account import (
        create_grantee_role,
        cross_account_stacks,
        deploy_accounts,
        walk_cross_account,
    )

    source_admin = create_grantee_role(emulator, access)
    console.print(
        f"==> cross-account: {access.grantee_role_arn} created first "
        f"(the config grants an existing role of {access.source_name})",
        highlight=False,
    )
    console.print("==> cdk deploy per account, with that account's admin session")
    for deployed in deploy_accounts(
        emulator, assembly=assembly.resolve(), stacks=cross_account_stacks(assembly), cwd=ROOT
    ):
        console.print(
            f"    {deployed.account_id} ({deployed.region}) in {deployed.result.seconds:.1f} s: "
            + ", ".join(
                f"{name} ({len(outputs)} outputs)"
                for name, outputs in deployed.result.stacks.items()
            ),
            highlight=False,
        )
        print_skipped(deployed.result, console=console)
    console.print(
        f"==> the cross-account walkthrough: {access.source_name} ({access.source_account_id}) "
        f"-> {access.target_name} ({access.target_account_id})",
        highlight=False,
    )
    steps = walk_cross_account(emulator, access=access, source_admin=source_admin)
    from sts_constructs.emulator.walkthrough import print_steps

    print_steps(steps, console=console)
    return steps


def print_skipped(result: DeployResult, *, console: Console) -> None:
    """Print each resource of ``result`` that the emulator did not create."""
    for skipped in result.skipped:
        console.print(
            f"    [yellow]skipped by the emulator[/yellow]: {skipped.stack_name}/"
            f"{skipped.logical_id} ({skipped.resource_type}): {skipped.reason}",
            highlight=False,
        )


def deploy_and_walk(
    assembly: Path, *, cross_account: tuple[Path, CrossAccountAccess] | None
) -> int:
    """Start the emulator, deploy ``assembly`` with the CDK CLI, walk the STS flow, stop.

    With ``cross_account`` (its assembly and the access to walk), the cross-account act follows.
    """
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
            print_skipped(result, console=console)
            console.print("==> the STS walkthrough")
            steps = []
            for outputs in result.stacks.values():
                if "SandboxBucketName" in outputs:
                    steps = walk(emulator, outputs=outputs)
                    print_steps(steps, console=console)
            if steps and cross_account is not None:
                cross_assembly, access = cross_account
                steps += cross_account_act(
                    emulator, assembly=cross_assembly, access=access, console=console
                )
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
    parser.add_argument(
        "--cross-account-config",
        default="config/multi-account.yaml",
        help="the config of the cross-account act ('' leaves the act out)",
    )
    parser.add_argument("--cross-account-output", default="cdk.out.cross-account", type=Path)
    parser.add_argument("--synth-only", action="store_true", help="stop after the summary")
    args = parser.parse_args()
    synth(args.config, args.output)
    cli_main(["show", str(args.output)])
    if args.synth_only:
        return
    cross_account = None
    if args.cross_account_config:
        synth(args.cross_account_config, args.cross_account_output)
        access = walked_access(args.cross_account_config)
        cross_account = (args.cross_account_output, access)
    sys.exit(deploy_and_walk(args.output, cross_account=cross_account))


if __name__ == "__main__":
    main()
