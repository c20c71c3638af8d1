#!/usr/bin/env python3
"""Measure AssumableRole against hand-written aws_iam roles: construct and synth time.

Both variants build the same trust (a user ARN, MFA, an ExternalId) and one inline policy
per role, spread over stacks of at most 400 roles (CloudFormation allows 500 resources).
Runs alternate in one process; medians and the ratio to the baseline (raw aws_iam) are
printed. CDK's built-in template validation stays on; the first synth of the process pays
its start-up, so a warm-up round runs first and is not counted.

    make bench                      # 1,000 roles, 3 rounds
    python benchmarks/run.py --roles 200 --rounds 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
# Node 22 from npm (package.json), as `make` uses; set before aws_cdk starts Node.js.
os.environ["PATH"] = f"{ROOT / 'node_modules' / '.bin'}{os.pathsep}{os.environ['PATH']}"

from aws_cdk import App, Stack  # noqa: E402
from aws_cdk import aws_iam as iam  # noqa: E402

from sts_constructs import AssumableRole, Trust  # noqa: E402

PER_STACK = 400
USER = "arn:aws:iam::111111111111:user/sts-user"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}],
}


def raw_iam(stack: Stack, i: int) -> None:
    principal = iam.ArnPrincipal(USER).with_conditions(
        {
            "Bool": {"aws:MultiFactorAuthPresent": "true"},
            "StringEquals": {"sts:ExternalId": "partner-7"},
        }
    )
    iam.Role(
        stack,
        f"Role{i}",
        assumed_by=principal,
        inline_policies={"Read": iam.PolicyDocument.from_json(POLICY)},
    )


def sts_constructs(stack: Stack, i: int) -> None:
    AssumableRole(
        stack,
        f"Role{i}",
        trust=Trust(principals=[USER], external_id="partner-7"),
        inline_policies={"Read": POLICY},
    )


def one_run(build: Callable[[Stack, int], None], roles: int) -> tuple[float, float]:
    """Return (construct seconds, synth seconds) for one fresh app."""
    app = App()
    started = time.perf_counter()
    stack = None
    for i in range(roles):
        if i % PER_STACK == 0:
            stack = Stack(app, f"Bench{i // PER_STACK}")
        assert stack is not None
        build(stack, i)
    built = time.perf_counter()
    app.synth()
    return built - started, time.perf_counter() - built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    variants = {"raw aws_iam (baseline)": raw_iam, "sts_constructs.AssumableRole": sts_constructs}
    print(f"warm-up ({args.roles // 10} roles each, not counted) ...", flush=True)
    for build in variants.values():
        one_run(build, max(1, args.roles // 10))
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for round_ in range(1, args.rounds + 1):
        for name, build in variants.items():
            samples[name].append(one_run(build, args.roles))
            construct, synth = samples[name][-1]
            print(f"round {round_}: {name:30} construct {construct:6.2f} s  synth {synth:6.2f} s")

    print(f"\nmedians over {args.rounds} rounds, {args.roles} roles:")
    baseline = None
    for name, runs in samples.items():
        construct = statistics.median(c for c, _ in runs)
        total = statistics.median(c + s for c, s in runs)
        baseline = baseline or (construct, total)
        print(
            f"  {name:30} construct {construct:6.2f} s ({construct / baseline[0]:.2f}x)  "
            f"construct+synth {total:6.2f} s ({total / baseline[1]:.2f}x)  "
            f"{1000 * construct / args.roles:.2f} ms/role"
        )


if __name__ == "__main__":
    main()
