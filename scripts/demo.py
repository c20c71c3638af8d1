#!/usr/bin/env python3
"""``make demo``: synthesize the default app, deploy it into the local emulator, walk the story.

The emulator is moto's server on 127.0.0.1 (a free port) with the project's STS, started and
stopped here; the deploy is the real CDK CLI's ``cdk deploy``. Every step is decided under
IAM enforcement by the project's evaluator and printed as allowed or denied with its reason:
the user denied, the role assumed, a read and a denied write, the EC2 application's instance
credentials, GitHub Actions (the right repository and another), a SAML sign-in, a
GetFederationToken broker, then the cross-account act (each account's stacks in its own
account, the organization's trusts, MFA through GetSessionToken, a principal the trust does
not name denied), and expired credentials refused. ``--report FILE`` writes the steps as
JSON; the demo exits 1 when a step's outcome differs from its expectation.
``--synth-only`` stops after the summary; ``--cross-account-config ''`` leaves the act out.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sts_constructs.cli import main as cli_main  # noqa: E402
from sts_constructs.conventions import BUCKET_NAME_OUTPUT, is_role_arn_output  # noqa: E402

if TYPE_CHECKING:
    from rich.console import Console

    from stacks.config import AppConfig, CrossAccountAccessConfig, CrossAccountConfig
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


@functools.cache
def _config(config: str) -> AppConfig:
    """Return ``config``, read and validated once (the walked_* functions share it)."""
    from stacks.config import load_config

    return load_config(ROOT / config)


def _role_arn(cross_account: CrossAccountConfig, access: CrossAccountAccessConfig) -> str:
    """Return the ARN of the role ``access`` makes in its target account."""
    from sts_constructs import cross_account_role_arn

    account_id = cross_account.account(access.target).id
    return cross_account_role_arn(
        account_id=account_id, role_name=access.role, path=access.path, partition="aws"
    )


def walked_access(config: str) -> CrossAccountAccess:
    """Return the first access of ``config`` granted to a role of the source account.

    A role of the same target account that is not granted to it gives the denied step.
    """
    from sts_constructs.emulator.cross_account import CrossAccountAccess

    cross_account = _config(config).cross_account
    if cross_account is None:
        sys.exit(f"demo: {config} has no cross_account section")
    for access in cross_account.access:
        if access.source is None or access.grant_to is None or not access.grant_to.roles:
            continue
        grantee = access.grant_to.roles[0]
        source, target = cross_account.account(access.source), cross_account.account(access.target)
        others = [
            _role_arn(cross_account, other)
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
            target_role_arn=_role_arn(cross_account, access),
            other_role_arn=others[0] if others else None,
        )
    sys.exit(f"demo: {config} grants no role of a source account a cross-account role")


def walked_organization(config: str) -> tuple[str, str, dict[str, str]] | None:
    """Return ``config``'s organization: its ID, management account, and account ID -> name."""
    cross_account = _config(config).cross_account
    if cross_account is None or not cross_account.organization_id:
        return None
    accounts = {account.id: account.name for account in cross_account.accounts}
    management = next(
        (a.id for a in cross_account.accounts if a.name == "management"),
        next(iter(accounts)),
    )
    return cross_account.organization_id, management, accounts


def walked_mfa_access(config: str) -> tuple[str, str, str] | None:
    """Return the first MFA-gated access granted to a group: source account, group, role."""
    cross_account = _config(config).cross_account
    if cross_account is None:
        return None
    for access in cross_account.access:
        if access.source is None or access.grant_to is None or not access.grant_to.groups:
            continue
        if access.mfa_max_age is None:
            continue
        source = cross_account.account(access.source)
        return source.id, access.grant_to.groups[0], _role_arn(cross_account, access)
    return None


def walked_brokers(config: str) -> dict[str, str]:
    """Return ``config``'s GetFederationToken brokers: user name -> federated user prefix."""
    federation = _config(config).federation
    if federation is None:
        return {}
    return {broker.name: broker.federated_user_prefix for broker in federation.brokers}


def story_steps(
    emulator: Emulator,
    *,
    stacks: dict[str, dict[str, str]],
    brokers: dict[str, str],
    first: int,
    console: Console,
) -> list[Step]:
    """Walk the seeds' story on the sandbox and federation stacks (see the module docstring).

    ``brokers`` (user name -> prefix) are the config's; the first one deployed hands out
    ``GetFederationToken`` credentials with the key the app keeps in its secret.
    """
    from sts_constructs.emulator import story
    from sts_constructs.emulator.walkthrough import (
        access_key_secrets,
        print_steps,
        read_access_key,
    )

    sandbox = next(o for o in stacks.values() if BUCKET_NAME_OUTPUT in o)
    federation = next((o for o in stacks.values() if "GithubDeploySampleAppRoleArn" in o), {})
    steps = story.instance_steps(emulator, sandbox=sandbox)
    if "GithubDeploySampleAppRoleArn" in federation:
        steps += story.web_identity_steps(emulator, federation=federation)
    if "SamlConsoleAccessRoleArn" in federation:
        steps += story.saml_steps(emulator, federation=federation)
    deployed = access_key_secrets(federation)
    for name, prefix in brokers.items():
        if name in deployed:
            console.print(
                f"==> the broker: {name}'s access key from its secret (federated users {prefix}*)",
                highlight=False,
            )
            steps += story.federation_token_steps(
                emulator,
                broker=read_access_key(emulator, deployed[name]),
                prefix=prefix,
                bucket=sandbox[BUCKET_NAME_OUTPUT],
            )
            break
    print_steps(steps, console=console, start=first)
    return steps


def cross_account_act(
    emulator: Emulator,
    *,
    assembly: Path,
    config: str,
    access: CrossAccountAccess,
    console: Console,
    first: int,
) -> list[Step]:
    """Deploy the cross-account stacks into their accounts and walk ``access``, then MFA."""
    from sts_constructs.emulator.cross_account import (
        create_grantee_role,
        cross_account_stacks,
        deploy_accounts,
        walk_cross_account,
    )

    organization = walked_organization(config)
    if organization is not None:
        organization_id, management, accounts = organization
        emulator.create_organization(
            organization_id=organization_id, management_account_id=management, accounts=accounts
        )
        console.print(
            f"==> the emulator holds organization {organization_id} with "
            f"{len(accounts)} accounts (aws:PrincipalOrgID for their principals)",
            highlight=False,
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
    gated = walked_mfa_access(config)
    if gated is not None:
        from sts_constructs.emulator.story import mfa_steps

        account_id, group, role_arn = gated
        steps += mfa_steps(
            emulator,
            account_admin=emulator.account_admin(account_id),
            group=group,
            role_arn=role_arn,
        )
    from sts_constructs.emulator.walkthrough import print_steps

    print_steps(steps, console=console, start=first)
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
    assembly: Path,
    *,
    brokers: dict[str, str],
    cross_account: tuple[Path, str, CrossAccountAccess] | None,
    report: Path | None = None,
) -> int:
    """Start the emulator, deploy ``assembly`` with the CDK CLI, walk the STS flow, stop.

    ``brokers``: the config's brokers (see :func:`story_steps`). With ``cross_account`` (its
    assembly and the access to walk), the cross-account act follows.
    """
    from sts_constructs.cli._console import make_console
    from sts_constructs.emulator import Emulator, EmulatorError, bootstrap, deploy
    from sts_constructs.emulator.walkthrough import print_steps, walk
    from sts_constructs.runtime import RuntimeToolError

    # Not hard-wrapped outside a terminal (CI logs): the one home of the commands' console.
    console = make_console()
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
                if BUCKET_NAME_OUTPUT in outputs:
                    steps = walk(emulator, outputs=outputs)
                    print_steps(steps, console=console)
                    steps += story_steps(
                        emulator,
                        stacks=result.stacks,
                        brokers=brokers,
                        first=len(steps) + 1,
                        console=console,
                    )
            if steps and cross_account is not None:
                cross_assembly, cross_config, access = cross_account
                steps += cross_account_act(
                    emulator,
                    assembly=cross_assembly,
                    config=cross_config,
                    access=access,
                    console=console,
                    first=len(steps) + 1,
                )
            if steps:
                steps += expiry(emulator, result.stacks, first=len(steps) + 1, console=console)
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
        console.print(f"[red]demo: no deployed stack has a {BUCKET_NAME_OUTPUT} output[/red]")
        return 1
    if report is not None:
        report.write_text(
            json.dumps([step.report() for step in steps if step.api], indent=2) + "\n",
            encoding="utf-8",
        )
        console.print(f"==> report written to {report}", highlight=False)
    unexpected = [step.title for step in steps if not step.as_expected]
    for title in unexpected:
        console.print(f"[red]demo: not as expected: {title}[/red]", highlight=False)
    return 1 if unexpected else 0


def expiry(
    emulator: Emulator, stacks: dict[str, dict[str, str]], *, first: int, console: Console
) -> list[Step]:
    """Last (it moves the emulator's clock): expired credentials are refused."""
    from sts_constructs.emulator.story import expiry_steps
    from sts_constructs.emulator.walkthrough import access_key_secrets, print_steps, read_access_key

    sandbox = next(o for o in stacks.values() if BUCKET_NAME_OUTPUT in o)
    user = read_access_key(emulator, next(iter(access_key_secrets(sandbox).values())))
    role_arn = next(v for k, v in sandbox.items() if is_role_arn_output(k) and "S3Read" in k)
    steps = expiry_steps(emulator, user=user, role_arn=role_arn, bucket=sandbox[BUCKET_NAME_OUTPUT])
    print_steps(steps, console=console, start=first)
    return steps


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
    parser.add_argument(
        "--report", type=Path, help="write the steps as JSON here (api, principal, target, ...)"
    )
    args = parser.parse_args()
    synth(args.config, args.output)
    cli_main(["show", str(args.output)])
    if args.synth_only:
        return
    cross_account = None
    if args.cross_account_config:
        synth(args.cross_account_config, args.cross_account_output)
        access = walked_access(args.cross_account_config)
        cross_account = (args.cross_account_output, args.cross_account_config, access)
    brokers = walked_brokers(args.config)
    sys.exit(
        deploy_and_walk(
            args.output, brokers=brokers, cross_account=cross_account, report=args.report
        )
    )


if __name__ == "__main__":
    main()
