"""Small cloud assemblies written by hand, one per kind of trust edge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

A = "111111111111"
GITHUB = "token.actions.githubusercontent.com"
FEDERATED_USERS = "arn:${AWS::Partition}:sts::${AWS::AccountId}:federated-user/*"
B = "222222222222"


def write_assembly(
    directory: Path,
    stacks: dict[str, tuple[str | None, dict[str, Any]]],
    *,
    nested: tuple[str, ...] = (),
) -> Path:
    """Write a cdk.out with one stack per entry: name -> (account or None, resources).

    ``nested`` names nested assemblies already written in ``assembly-<name>`` directories.
    """
    directory.mkdir(parents=True, exist_ok=True)
    artifacts: dict[str, Any] = {
        name: {"type": "cdk:cloud-assembly", "properties": {"directoryName": f"assembly-{name}"}}
        for name in nested
    }
    for name, (account, resources) in stacks.items():
        template = {"Resources": resources}
        (directory / f"{name}.template.json").write_text(json.dumps(template), encoding="utf-8")
        artifacts[name] = {
            "type": "aws:cloudformation:stack",
            "environment": f"aws://{account or 'unknown-account'}/eu-west-1",
            "properties": {"templateFile": f"{name}.template.json"},
            "metadata": {
                f"/{name}/{logical}/Resource": [{"type": "aws:cdk:logicalId", "data": logical}]
                for logical in resources
            },
        }
    (directory / "manifest.json").write_text(
        json.dumps({"version": "36.0.0", "artifacts": artifacts}), encoding="utf-8"
    )
    return directory


def role(
    name: str,
    trust_statements: list[dict[str, Any]],
    *,
    max_session: int = 3600,
    policies: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    props: dict[str, Any] = {
        "RoleName": name,
        "MaxSessionDuration": max_session,
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": trust_statements},
    }
    if policies:
        props["Policies"] = [
            {"PolicyName": f"p{i}", "PolicyDocument": {"Version": "2012-10-17", "Statement": [s]}}
            for i, s in enumerate(policies)
        ]
    return {"Type": "AWS::IAM::Role", "Properties": props}


def user(name: str, policies: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    props: dict[str, Any] = {"UserName": name}
    if policies:
        props["Policies"] = [
            {"PolicyName": f"p{i}", "PolicyDocument": {"Version": "2012-10-17", "Statement": [s]}}
            for i, s in enumerate(policies)
        ]
    return {"Type": "AWS::IAM::User", "Properties": props}


def trusts(principal: Any, action: str = "sts:AssumeRole", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": principal, "Action": action, **extra}


def grants(action: str, resource: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def cross_account(directory: Path, *, with_grant: bool) -> Path:
    """Account A's role trusts account B; B's user has (or lacks) the grant."""
    grant = [grants("sts:AssumeRole", f"arn:aws:iam::{A}:role/Deploy")] if with_grant else None
    return write_assembly(
        directory,
        {
            "Target": (
                A,
                {
                    "Deploy": role(
                        "Deploy",
                        [
                            trusts(
                                {"AWS": f"arn:aws:iam::{B}:root"},
                                Condition={"StringEquals": {"sts:ExternalId": "partner-7"}},
                            )
                        ],
                    )
                },
            ),
            "Source": (B, {"Ci": user("ci", grant), "Other": user("other")}),
        },
    )


def chain(directory: Path) -> Path:
    """alice -> Hop -> Admin (Admin allows 12 h, reachable only by chaining)."""
    return write_assembly(
        directory,
        {
            "Chain": (
                A,
                {
                    "Alice": user(
                        "alice", [grants("sts:AssumeRole", {"Fn::GetAtt": ["Hop", "Arn"]})]
                    ),
                    "Hop": role(
                        "Hop",
                        [
                            trusts(
                                {"AWS": {"Fn::GetAtt": ["Alice", "Arn"]}},
                                Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}},
                            )
                        ],
                        policies=[grants("sts:AssumeRole", {"Fn::GetAtt": ["Admin", "Arn"]})],
                    ),
                    "Admin": role(
                        "Admin",
                        [trusts({"AWS": {"Fn::GetAtt": ["Hop", "Arn"]}})],
                        max_session=43200,
                    ),
                },
            )
        },
    )


def federated_service_broker(directory: Path) -> Path:
    """A GitHub OIDC role, an EC2 service role, and a broker of federated users."""
    sub = "token.actions.githubusercontent.com:sub"
    return write_assembly(
        directory,
        {
            "Fed": (
                None,
                {
                    "Provider": {
                        "Type": "AWS::IAM::OIDCProvider",
                        "Properties": {
                            "Url": "https://token.actions.githubusercontent.com",
                            "ClientIdList": ["sts.amazonaws.com"],
                        },
                    },
                    "Deploy": role(
                        "gh-deploy",
                        [
                            trusts(
                                {"Federated": {"Ref": "Provider"}},
                                "sts:AssumeRoleWithWebIdentity",
                                Condition={
                                    "StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com"},
                                    "StringLike": {sub: "repo:o/r:ref:refs/heads/main"},
                                },
                            )
                        ],
                    ),
                    "App": role("app", [trusts({"Service": "ec2.amazonaws.com"})]),
                    "Broker": user(
                        "broker",
                        [
                            grants(
                                "sts:GetFederationToken",
                                {"Fn::Sub": FEDERATED_USERS},
                            )
                        ],
                    ),
                },
            )
        },
    )
