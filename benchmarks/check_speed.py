"""Measure ``sts-constructs check`` over a cdk.out with a 500-resource template; report medians.

Never asserts: prints the median wall time of the CLI (a fresh process each run, as a user or
CI runs it) and of the engine alone (in-process). The issue's target is under one second.

    .venv/bin/python benchmarks/check_speed.py [--runs 7] [--resources 500]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _role(index: int) -> dict[str, Any]:
    """Return a role shaped like CDK output: Fn::Join principals, MFA and ExternalId."""
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {
                            "AWS": {
                                "Fn::Join": [
                                    "",
                                    ["arn:", {"Ref": "AWS::Partition"}, ":iam::222222222222:root"],
                                ]
                            }
                        },
                        "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"],
                        "Condition": {
                            "Bool": {"aws:MultiFactorAuthPresent": "true"},
                            "StringEquals": {"sts:ExternalId": f"partner-{index}"},
                        },
                    },
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
                        "Action": "sts:TagSession",
                        "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}},
                    },
                ],
            },
            "MaxSessionDuration": 3600,
            "Path": "/bench/",
        },
        "Metadata": {"aws:cdk:path": f"Bench/Role{index}/Resource"},
    }


def _policy(index: int) -> dict[str, Any]:
    return {
        "Type": "AWS::IAM::Policy",
        "Properties": {
            "PolicyName": f"Role{index - 1}DefaultPolicy",
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["s3:GetObject", "s3:PutObject"],
                        "Resource": {
                            "Fn::Sub": "arn:${AWS::Partition}:s3:::bucket-" + str(index) + "/*"
                        },
                    }
                ],
            },
            "Roles": [{"Ref": f"Role{index - 1}"}],
        },
    }


def write_assembly(directory: Path, resources: int) -> Path:
    """Write a minimal cloud assembly with one stack of ``resources`` resources."""
    body = {
        (f"Role{i}" if i % 2 == 0 else f"Policy{i}"): (_role(i) if i % 2 == 0 else _policy(i))
        for i in range(resources)
    }
    template = {"Resources": body}
    (directory / "Bench.template.json").write_text(json.dumps(template, indent=1))
    manifest = {
        "version": "55.0.0",
        "artifacts": {
            "Bench": {
                "type": "aws:cloudformation:stack",
                "environment": "aws://111111111111/us-east-1",
                "properties": {"templateFile": "Bench.template.json"},
            }
        },
    }
    (directory / "manifest.json").write_text(json.dumps(manifest))
    return directory


def _median_seconds(runs: int, action: Any) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--resources", type=int, default=500)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from sts_constructs.checks import check_assembly

    with tempfile.TemporaryDirectory() as temp:
        assembly = write_assembly(Path(temp), args.resources)
        size = (assembly / "Bench.template.json").stat().st_size
        command = [str(Path(sys.executable).parent / "sts-constructs"), "check", str(assembly)]

        def run_cli() -> None:
            subprocess.run(command, cwd=ROOT, capture_output=True, check=False)

        cli = _median_seconds(args.runs, run_cli)
        findings = check_assembly(assembly)
        engine = _median_seconds(args.runs, lambda: check_assembly(assembly))
        startup = _median_seconds(
            args.runs,
            lambda: subprocess.run(
                [sys.executable, "-c", "import sts_constructs.checks"],
                cwd=ROOT,
                capture_output=True,
                check=False,
            ),
        )
    print(f"template: {args.resources} resources, {size:,} bytes; {len(findings)} findings")
    print(f"sts-constructs check (new process), median of {args.runs}: {cli * 1000:.0f} ms")
    print(f"  of which Python start + import, median: {startup * 1000:.0f} ms")
    print(f"engine alone (check_assembly, in-process), median: {engine * 1000:.0f} ms")


if __name__ == "__main__":
    main()
