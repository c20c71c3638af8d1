#!/usr/bin/env python3
"""Measure AssumableRoleSet (one CfnInclude per stack) in roles per second, warm.

One process; a warm-up run (validation off and on) is not counted. Printed: the median
construct + synth time of each variant over the rounds, and roles per second. The machine
may be shared: read the ratios. Nothing is asserted.

    python benchmarks/bulk.py                    # 1,000 roles, 3 rounds, validation off
    python benchmarks/bulk.py --roles 200 --rounds 5 --validation on
"""

from __future__ import annotations

from _workload import VARIANTS, arguments, median_totals


def main() -> None:
    args = arguments((__doc__ or "").splitlines()[0], rounds=3)
    names = ["AssumableRoleSet", "raw L1 iam.CfnRole", "AssumableRole"]
    medians = median_totals(
        {name: VARIANTS[name] for name in names},
        args.roles,
        rounds=args.rounds,
        validation=args.validation == "on",
    )
    print(
        f"{args.roles} roles, validation {args.validation}, warm, median of {args.rounds} "
        "rounds (construct + synth):"
    )
    for name, median in medians.items():
        print(f"  {name:20} {median:6.2f} s  {args.roles / median:7.0f} roles/s")


if __name__ == "__main__":
    main()
