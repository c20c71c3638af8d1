#!/usr/bin/env python3
"""Measure AssumableRoleSet (one CfnInclude per stack) in roles per second, warm.

One process; a warm-up run (validation off and on) is not counted. Printed: the median
construct + synth time of each variant over the rounds, and roles per second. The machine
may be shared: read the ratios. Nothing is asserted.

    python benchmarks/bulk.py                    # 1,000 roles, 3 rounds, validation off
    python benchmarks/bulk.py --roles 200 --rounds 5 --validation on
"""

from __future__ import annotations

import argparse
import statistics

from _workload import one_run


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--validation", choices=["off", "on"], default="off")
    args = parser.parse_args()
    validation = args.validation == "on"
    variants = ["AssumableRoleSet", "raw L1 iam.CfnRole", "AssumableRole"]
    for name in variants:
        one_run(name, 20, validation=validation)  # warm-up, not counted
    totals: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name in variants:
            construct, synth = one_run(name, args.roles, validation=validation)
            totals[name].append(construct + synth)
    print(
        f"{args.roles} roles, validation {args.validation}, warm, median of {args.rounds} "
        "rounds (construct + synth):"
    )
    for name in variants:
        median = statistics.median(totals[name])
        print(f"  {name:20} {median:6.2f} s  {args.roles / median:7.0f} roles/s")


if __name__ == "__main__":
    main()
