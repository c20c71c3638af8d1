"""The whole app: the stacks of one validated config, with every validation plugin on."""

from __future__ import annotations

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from stacks._errors import EntryError
from stacks._names import pascal
from stacks.config import AppConfig, ConfigError, load_config
from stacks.cross_account_stack import add_cross_account_stacks
from stacks.federation_stack import FederationStack
from stacks.sandbox_stack import SandboxStack
from sts_constructs.checks import StsTrustChecks
from sts_constructs.conventions import federation_stack_name, sandbox_stack_name

__all__ = ["DEFAULT_CONFIG", "build_app", "config_path"]

DEFAULT_CONFIG = "config/sandbox.yaml"


def config_path(app: cdk.App) -> str:
    """Return the config file named by the ``config`` context value (default: the sandbox)."""
    return str(app.node.try_get_context("config") or DEFAULT_CONFIG)


def build_app(app: cdk.App, *, config: AppConfig | None = None) -> cdk.App:
    """Add the stacks of a config to ``app``: ``config``, or the file the context names.

    cdk-nag's AwsSolutions pack and our trust checks run as validation plugins: ``cdk synth``
    fails on any error that is not acknowledged with a reason. Raises ``ConfigError`` (one line
    per problem, each naming the file) when the config or a value of it is refused.
    """
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())
    path = config_path(app)
    if config is None:
        config = load_config(path)
    try:
        _add_stacks(app, config)
    except EntryError as error:
        lines = (f"{path}: {line}" for line in str(error).splitlines())
        raise ConfigError("\n".join(lines)) from None
    return app


def _add_stacks(app: cdk.App, config: AppConfig) -> None:
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
            stack_name=sandbox_stack_name(config.name),
            description=f"sts-constructs sandbox '{config.name}': STS users, roles and a bucket.",
            env=env,
            config=config,
        )
    if config.federation is not None:
        federation = FederationStack(
            app,
            f"Sts{pascal(config.name)}Federation",
            stack_name=federation_stack_name(config.name),
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
