"""The benchmark workload: n identical-shaped roles, built five ways into one fresh app.

Every variant builds the same role as ``benchmarks/run.py``: a trust for one user ARN with
MFA and an ExternalId, and one inline policy. Roles are spread over stacks of at most
``PER_STACK`` (CloudFormation allows 500 resources; CDK refuses more at synth).
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
from sts_constructs._bulk import AssumableRoleProps, AssumableRoleSet  # noqa: E402

PER_STACK = 400
USER = "arn:aws:iam::111111111111:user/sts-user"
CONDITIONS = {
    "Bool": {"aws:MultiFactorAuthPresent": "true"},
    "StringEquals": {"sts:ExternalId": "partner-7"},
}
POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}],
}
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": USER},
            "Action": "sts:AssumeRole",
            "Condition": CONDITIONS,
        }
    ],
}


def _l2(stack: Stack, first: int, count: int) -> None:
    for i in range(first, first + count):
        iam.Role(
            stack,
            f"Role{i}",
            assumed_by=iam.ArnPrincipal(USER).with_conditions(CONDITIONS),
            inline_policies={"Read": iam.PolicyDocument.from_json(POLICY)},
        )


def _l1(stack: Stack, first: int, count: int) -> None:
    for i in range(first, first + count):
        iam.CfnRole(
            stack,
            f"Role{i}",
            assume_role_policy_document=TRUST,
            policies=[iam.CfnRole.PolicyProperty(policy_name="Read", policy_document=POLICY)],
        )


def _ours(stack: Stack, first: int, count: int) -> None:
    for i in range(first, first + count):
        AssumableRole(
            stack,
            f"Role{i}",
            trust=Trust(principals=[USER], external_id="partner-7"),
            inline_policies={"Read": POLICY},
        )


def _bulk(stack: Stack, first: int, count: int) -> None:
    AssumableRoleSet(
        stack,
        "Roles",
        roles={
            f"Role{i}": AssumableRoleProps(
                trust=Trust(principals=[USER], external_id="partner-7"),
                inline_policies={"Read": POLICY},
            )
            for i in range(first, first + count)
        },
    )


VARIANTS: dict[str, Callable[[Stack, int, int], None]] = {
    "raw L2 iam.Role": _l2,
    "raw L1 iam.CfnRole": _l1,
    "AssumableRole": _ours,
    "AssumableRoleSet": _bulk,
}


def one_run(variant: str, roles: int, *, validation: bool) -> tuple[float, float]:
    """Build ``roles`` roles with ``variant`` in a fresh app; return (construct s, synth s)."""
    return build_and_synth(VARIANTS[variant], roles, validation=validation)


def build_and_synth(
    build: Callable[[Stack, int, int], None], roles: int, *, validation: bool
) -> tuple[float, float]:
    """Build ``roles`` roles with ``build`` in a fresh app; return (construct s, synth s)."""
    app = App(builtin_cloud_formation_validation=validation)
    started = time.perf_counter()
    for first in range(0, roles, PER_STACK):
        stack = Stack(app, f"Bench{first // PER_STACK}")
        build(stack, first, min(PER_STACK, roles - first))
    built = time.perf_counter()
    app.synth()
    return built - started, time.perf_counter() - built


def arguments(description: str, *, rounds: int) -> argparse.Namespace:
    """Parse ``--roles`` (default 1,000), ``--rounds`` and ``--validation`` (off or on)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--validation", choices=["off", "on"], default="off")
    return parser.parse_args()


def median_totals(
    builds: dict[str, Callable[[Stack, int, int], None]],
    roles: int,
    *,
    rounds: int,
    validation: bool,
) -> dict[str, float]:
    """Return each build's median construct + synth seconds for ``roles`` roles.

    A warm-up run of each (a tenth of the roles) is not counted; the rounds interleave the
    builds, so a busy moment of a shared machine falls on all of them.
    """
    for build in builds.values():
        build_and_synth(build, max(1, roles // 10), validation=validation)
    totals: dict[str, list[float]] = {name: [] for name in builds}
    for round_ in range(1, rounds + 1):
        for name, build in builds.items():
            construct, synth = build_and_synth(build, roles, validation=validation)
            totals[name].append(construct + synth)
        print(f"round {round_} of {rounds} done", flush=True)
    return {name: statistics.median(values) for name, values in totals.items()}
