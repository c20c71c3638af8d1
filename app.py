#!/usr/bin/env python3
"""Build the sandbox app from a config file: ``cdk synth -c config=config/sandbox.yaml``."""

from __future__ import annotations

import sys

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from stacks._names import pascal
from stacks.config import ConfigError, load_config
from stacks.cross_account_stack import add_cross_account_stacks
from stacks.federation_stack import FederationStack
from stacks.sandbox_stack import SandboxStack
from sts_constructs.checks import StsTrustChecks

DEFAULT_CONFIG = "config/sandbox.yaml"


def build_app(app: cdk.App) -> cdk.App:
    """Add the stacks of the config named by the ``config`` context value to ``app``.

    cdk-nag's AwsSolutions pack and our trust checks run as validation plugins: ``cdk synth``
    fails on any error that is not acknowledged with a reason.
    """
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())
    config = load_config(app.node.try_get_context("config") or DEFAULT_CONFIG)
    env = (
        cdk.Environment(account=config.account, region=config.region)
        if config.account or config.region
        else None
    )
    sandbox = None
    if config.users or config.roles or config.instance_roles:
        sandbox = SandboxStack(
            app,
            f"Sts{pascal(config.name)}",
            stack_name=f"sts-{config.name}",
            description=f"sts-constructs sandbox '{config.name}': STS users, roles and a bucket.",
            env=env,
            config=config,
        )
    if config.federation is not None:
        federation = FederationStack(
            app,
            f"Sts{pascal(config.name)}Federation",
            stack_name=f"sts-{config.name}-federation",
            description=f"sts-constructs federation '{config.name}': identity providers, "
            "federated roles, brokers.",
            env=env,
            config=config.federation,
        )
        if sandbox is not None:
            # MFA session groups may name the sandbox's users: create them first.
            federation.add_stack_dependency(
                sandbox, "MFA session groups may name the sandbox's users"
            )
    if config.cross_account is not None:
        add_cross_account_stacks(app, name=config.name, config=config.cross_account)
    return app


def main() -> None:
    try:
        app = build_app(cdk.App())
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    app.synth()


if __name__ == "__main__":
    main()
