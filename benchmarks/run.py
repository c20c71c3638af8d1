#!/usr/bin/env python3
"""Measure AssumableRole against raw aws_iam roles (L2 ``Role``, L1 ``CfnRole``).

Every variant builds the same role: a trust for one user ARN with MFA and an ExternalId, and
one inline policy; roles are spread over stacks of at most 400 (CloudFormation allows 500
resources). One process, variants interleaved within each round, validation off and on
(CDK's built-in template validation); a warm-up round runs first and is not counted (the
first validated synth of a process pays the engine's start-up). Printed: medians of
construct time and construct + synth time, and each variant's ratio to raw L2 and raw L1.
The machine may be shared: read the ratios, not the seconds. Nothing is asserted.

    make bench                                  # 1,000 roles, 3 rounds, validation off and on
    python benchmarks/run.py --roles 200 --rounds 5 --validation off
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

# The workload (path set-up, Node 22 on PATH, the role's trust and policy) is shared with
# benchmarks/matrix.py; importing it first sets the environment before aws_cdk starts Node.js.
from _workload import CONDITIONS, PER_STACK, POLICY, TRUST, USER
from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam

from sts_constructs import AssumableRole, Trust


def raw_l2(stack: Stack, i: int) -> None:
    iam.Role(
        stack,
        f"Role{i}",
        assumed_by=iam.ArnPrincipal(USER).with_conditions(CONDITIONS),
        inline_policies={"Read": iam.PolicyDocument.from_json(POLICY)},
    )


def raw_l1(stack: Stack, i: int) -> None:
    iam.CfnRole(
        stack,
        f"Role{i}",
        assume_role_policy_document=TRUST,
        policies=[iam.CfnRole.PolicyProperty(policy_name="Read", policy_document=POLICY)],
    )


def ours(stack: Stack, i: int) -> None:
    AssumableRole(
        stack,
        f"Role{i}",
        trust=Trust(principals=[USER], external_id="partner-7"),
        inline_policies={"Read": POLICY},
    )


VARIANTS: dict[str, Callable[[Stack, int], None]] = {
    "raw L2 iam.Role": raw_l2,
    "raw L1 iam.CfnRole": raw_l1,
    "AssumableRole": ours,
}


def one_run(
    build: Callable[[Stack, int], None], roles: int, validation: bool
) -> tuple[float, float]:
    """Return (construct seconds, synth seconds) for one fresh app."""
    app = App(builtin_cloud_formation_validation=validation)
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
    parser.add_argument("--validation", choices=["off", "on", "both"], default="both")
    args = parser.parse_args()
    modes = {"off": [False], "on": [True], "both": [False, True]}[args.validation]

    print(f"warm-up ({max(1, args.roles // 10)} roles each, not counted) ...", flush=True)
    for validation in modes:
        for build in VARIANTS.values():
            one_run(build, max(1, args.roles // 10), validation)
    samples: dict[tuple[bool, str], list[tuple[float, float]]] = {
        (validation, name): [] for validation in modes for name in VARIANTS
    }
    for round_ in range(1, args.rounds + 1):
        for validation in modes:
            for name, build in VARIANTS.items():
                construct, synth = one_run(build, args.roles, validation)
                samples[(validation, name)].append((construct, synth))
                print(
                    f"round {round_} validation {'on ' if validation else 'off'} {name:20} "
                    f"construct {construct:6.2f} s  synth {synth:6.2f} s",
                    flush=True,
                )

    for validation in modes:
        print(
            f"\nvalidation {'on' if validation else 'off'}: medians over {args.rounds} rounds, "
            f"{args.roles} roles (ratio to raw L2 / raw L1)"
        )
        medians = {
            name: (
                statistics.median(c for c, _ in samples[(validation, name)]),
                statistics.median(c + s for c, s in samples[(validation, name)]),
            )
            for name in VARIANTS
        }
        l2, l1 = medians["raw L2 iam.Role"], medians["raw L1 iam.CfnRole"]
        for name, (construct, total) in medians.items():
            print(
                f"  {name:20} construct {construct:6.2f} s ({construct / l2[0]:.2f} / "
                f"{construct / l1[0]:.2f})  construct+synth {total:6.2f} s "
                f"({total / l2[1]:.2f} / {total / l1[1]:.2f})  "
                f"{1000 * total / args.roles:.2f} ms/role"
            )


if __name__ == "__main__":
    main()
