#!/usr/bin/env python3
"""How cheap can a role construct be? The calls into Node.js under one role, measured alone.

``AssumableRole`` makes three calls into Node.js per role: its construct, the ``iam.CfnRole``
below it, and ``override_logical_id`` (the role keeps the logical ID it had at
``<id>/Resource/Resource``, public API). This measures those calls with no Python work around
them, next to raw L1 ``iam.CfnRole``, ``AssumableRole`` and raw L2 ``iam.Role``: the same role
as ``benchmarks/run.py``, one process, variants interleaved in each round, medians of
construct + synth. "construct + CfnRole + override" is the floor under any role construct
that keeps its construct node and its logical IDs; raw L1 is the floor under any role at all.
The machine may be shared: read the ratios. Nothing is asserted.

    python benchmarks/floor.py                       # 1,000 roles, 5 rounds, validation off
    python benchmarks/floor.py --roles 200 --rounds 3 --validation on
"""

from __future__ import annotations

from collections.abc import Callable

from _workload import POLICY, TRUST, VARIANTS, arguments, median_totals
from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

_POLICIES = [iam.CfnRole.PolicyProperty(policy_name="Read", policy_document=POLICY)]


def _construct_and_cfn_role(stack: Stack, first: int, count: int) -> None:
    for i in range(first, first + count):
        iam.CfnRole(
            Construct(stack, f"Role{i}"),
            "Resource",
            assume_role_policy_document=TRUST,
            policies=_POLICIES,
        )


def _construct_cfn_role_and_override(stack: Stack, first: int, count: int) -> None:
    for i in range(first, first + count):
        role = iam.CfnRole(
            Construct(stack, f"Role{i}"),
            "Resource",
            assume_role_policy_document=TRUST,
            policies=_POLICIES,
        )
        role.override_logical_id(f"Role{i}Resource")


FLOOR: dict[str, Callable[[Stack, int, int], None]] = {
    "raw L2 iam.Role": VARIANTS["raw L2 iam.Role"],
    "raw L1 iam.CfnRole": VARIANTS["raw L1 iam.CfnRole"],
    "construct + CfnRole": _construct_and_cfn_role,
    "construct + CfnRole + override": _construct_cfn_role_and_override,
    "AssumableRole": VARIANTS["AssumableRole"],
}


def main() -> None:
    args = arguments((__doc__ or "").splitlines()[0], rounds=5)
    medians = median_totals(
        FLOOR, args.roles, rounds=args.rounds, validation=args.validation == "on"
    )
    l2 = medians["raw L2 iam.Role"]
    print(
        f"\n{args.roles} roles, validation {args.validation}, warm, construct + synth, "
        f"median of {args.rounds} rounds (ratio to raw L2):"
    )
    for name, median in medians.items():
        print(
            f"  {name:32} {median:6.2f} s  x{median / l2:.2f}  "
            f"{1000 * median / args.roles:.2f} ms/role"
        )


if __name__ == "__main__":
    main()
