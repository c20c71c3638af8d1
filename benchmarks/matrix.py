#!/usr/bin/env python3
"""Measure ours against raw L2 and L1 over sizes, warm and cold, validation off and on.

One run, one workload (``benchmarks/_workload.py``: the role of ``benchmarks/run.py``):
variants ``AssumableRole``, ``AssumableRoleSet``, raw L2 ``iam.Role`` and raw L1
``iam.CfnRole``, for 10, 100, 500 and 1,000 roles, construct + synth.

- warm: one process per validation setting; a warm-up run of every variant is not counted,
  then rounds interleave the variants (fewer rounds for the big sizes, said in the table).
- cold: a fresh process per variant and size, timed from before ``import aws_cdk`` to the
  end of synth (the first validated synth of a process pays CDK's validation engine).
- peak memory: the Python process's and its Node.js child's peak resident size (Linux
  ``VmHWM``), of the cold processes (one variant and size each).

Writes a Markdown table (medians, min-max, ratios to raw L2 and raw L1) to
``benchmarks/RESULTS.md`` and prints it. The machine may be shared: read the ratios. Never
asserted by the tests.

    make bench
    python benchmarks/matrix.py --sizes 10,100 --rounds 1 --out /tmp/results.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
VARIANTS = ("AssumableRole", "AssumableRoleSet", "raw L2 iam.Role", "raw L1 iam.CfnRole")
SIZES = (10, 100, 500, 1000)


def _rounds(size: int, rounds: int) -> int:
    """Fewer rounds for the big sizes keep a default run within about ten minutes."""
    return rounds if size <= 100 else max(1, rounds - 1) if size <= 500 else max(1, rounds - 2)


def _peak_kb(pid: int | str) -> int:
    """Return a process's peak resident size in KiB (Linux ``VmHWM``), or 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _node_peak_kb() -> int:
    """Return the largest peak resident size among this process's descendants (Node.js).

    jsii starts a Node.js runtime that starts the kernel in a second Node.js process.
    """
    parents: dict[str, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[stat.parent.name] = stat.read_text().rsplit(")", 1)[1].split()[1]
        except (OSError, IndexError):
            continue
    family = {str(os.getpid())}
    grown = True
    while grown:
        children = {pid for pid, parent in parents.items() if parent in family} - family
        family |= children
        grown = bool(children)
    family.discard(str(os.getpid()))
    return max((_peak_kb(pid) for pid in family), default=0)


def _worker(args: argparse.Namespace) -> None:
    """Run in a child process: print one JSON line per measurement."""
    started = time.perf_counter()
    from _workload import one_run  # Imports aws_cdk: part of the cold time.

    validation = args.validation == "on"
    if args.cold:
        construct, synth = one_run(args.variants[0], args.sizes[0], validation=validation)
        print(
            json.dumps(
                {
                    "variant": args.variants[0],
                    "size": args.sizes[0],
                    "cold": time.perf_counter() - started,
                    "python_kb": _peak_kb("self"),
                    "node_kb": _node_peak_kb(),
                }
            ),
            flush=True,
        )
        return
    for variant in args.variants:
        one_run(variant, 10, validation=validation)  # warm-up, not counted
    for size in args.sizes:
        for _ in range(_rounds(size, args.rounds)):
            for variant in args.variants:
                construct, synth = one_run(variant, size, validation=validation)
                print(
                    json.dumps({"variant": variant, "size": size, "warm": construct + synth}),
                    flush=True,
                )


def _run_worker(extra: list[str]) -> list[dict[str, Any]]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=HERE)
    if done.returncode != 0:
        raise SystemExit(f"error: benchmark worker failed: {done.stderr.strip()[-500:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _cell(values: list[float], base: list[float] | None, base1: list[float] | None) -> str:
    if not values:
        return "-"
    median = statistics.median(values)
    text = f"{median:.2f} s ({min(values):.2f}-{max(values):.2f})"
    if base and base1:
        text += (
            f" x{median / statistics.median(base):.2f} L2,"
            f" x{median / statistics.median(base1):.2f} L1"
        )
    return text


def _table(
    results: dict[str, list[dict[str, Any]]], sizes: list[int], rounds: int, note: str
) -> str:
    lines = [
        "# Benchmark results (benchmarks/matrix.py, `make bench`)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'}:"
        f" {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}.{note}",
        "",
        "Construct + synth of n roles (the same role in every variant: a trust for one user ARN "
        "with MFA and an ExternalId, one inline policy), in seconds: median (min-max), and the "
        "ratio of medians to raw L2 `iam.Role` and raw L1 `iam.CfnRole`. Warm: rounds "
        + ", ".join(f"{_rounds(s, rounds)} at {s}" for s in sizes)
        + ", after an uncounted warm-up. Cold: one fresh process each, from before "
        "`import aws_cdk` to the end of synth. Peak memory: resident, of the cold process "
        "(Python / Node.js).",
        "",
    ]
    for validation, rows in results.items():
        lines += [
            f"## CDK's template validation {validation}",
            "",
            "| roles | variant | warm | cold | peak MB Python / Node.js |",
            "|---:|---|---|---|---|",
        ]
        for size in sizes:

            def of(variant: str, key: str, size: int = size, rows: Any = rows) -> list[float]:
                return [
                    r[key]
                    for r in rows
                    if r["variant"] == variant and r["size"] == size and key in r
                ]

            for variant in VARIANTS:
                memory = [r for r in rows if r["variant"] == variant and r["size"] == size]
                memory = [r for r in memory if "python_kb" in r]
                peak = (
                    f"{memory[0]['python_kb'] / 1024:.0f} / {memory[0]['node_kb'] / 1024:.0f}"
                    if memory
                    else "-"
                )
                is_base = variant.startswith("raw")
                warm = _cell(
                    of(variant, "warm"),
                    None if is_base else of("raw L2 iam.Role", "warm"),
                    None if is_base else of("raw L1 iam.CfnRole", "warm"),
                )
                cold = _cell(
                    of(variant, "cold"),
                    None if is_base else of("raw L2 iam.Role", "cold"),
                    None if is_base else of("raw L1 iam.CfnRole", "cold"),
                )
                lines.append(f"| {size} | {variant} | {warm} | {cold} | {peak} |")
        lines.append("")
        warm_1000 = [r for r in rows if r["size"] == max(sizes) and "warm" in r]
        bulk = [r["warm"] for r in warm_1000 if r["variant"] == "AssumableRoleSet"]
        if bulk:
            lines += [
                f"AssumableRoleSet, warm, {max(sizes)} roles: "
                f"{max(sizes) / statistics.median(bulk):.0f} roles per second.",
                "",
            ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--variants", type=lambda s: s.split(","), default=list(VARIANTS))
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=SIZES)
    parser.add_argument("--rounds", type=int, default=3, help="warm rounds at 10 and 100 roles")
    parser.add_argument("--validation", choices=["off", "on", "both"], default="both")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold processes")
    parser.add_argument("--note", default="", help="a sentence added under the date")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    if args.worker:
        _worker(args)
        return
    settings = ["off", "on"] if args.validation == "both" else [args.validation]
    sizes = ",".join(map(str, args.sizes))
    results: dict[str, list[dict[str, Any]]] = {}
    for validation in settings:
        print(f"validation {validation}: warm ...", flush=True)
        results[validation] = _run_worker(
            ["--validation", validation, "--sizes", sizes, "--rounds", str(args.rounds)]
        )
        if args.no_cold:
            continue
        for size in args.sizes:
            for variant in VARIANTS:
                print(f"validation {validation}: cold {variant}, {size} roles ...", flush=True)
                results[validation] += _run_worker(
                    [
                        "--cold",
                        "--validation",
                        validation,
                        "--variants",
                        variant,
                        "--sizes",
                        str(size),
                    ]
                )
    note = f" {args.note}" if args.note else ""
    table = _table(results, list(args.sizes), args.rounds, note)
    args.out.write_text(table + "\n", encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
