"""Conventions the app, the runtime tools and the emulator share: output keys and stack names.

The app (``app.py``, ``stacks/``) writes stack outputs and names stacks by these rules; the
runtime tools (``assume``, ``profiles``, ``verify``) and the emulator read deployed stacks by
the same rules. Change one here and both sides follow.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = [
    "ACCESS_KEY_SECRET_OUTPUT_SUFFIX",
    "BUCKET_NAME_OUTPUT",
    "CDK_CLI_INSTALL",
    "CROSS_ACCOUNT_STACK_SUFFIXES",
    "FEDERATION_STACK_SUFFIX",
    "ROLE_ARN_OUTPUT_SUFFIX",
    "STACK_NAME_PREFIX",
    "WALKTHROUGH_ROLE",
    "CrossAccountStackKind",
    "access_key_secret_output_key",
    "cross_account_stack_name",
    "federation_stack_name",
    "is_role_arn_output",
    "role_arn_output_key",
    "sandbox_stack_name",
    "stack_set_name",
]

ROLE_ARN_OUTPUT_SUFFIX: Final = "RoleArn"
"""Every role the app creates has an output ``<Name>RoleArn``: the ARN as its value, the
role's IAM name as its description. The runtime tools find roles by this suffix."""

ACCESS_KEY_SECRET_OUTPUT_SUFFIX: Final = "AccessKeySecretArn"
"""A user the app gives an access key (a sandbox user, a federation broker) has an output
``<Key>AccessKeySecretArn``: the ARN of the Secrets Manager secret that holds the key (never
the key), next to the user's name in ``<Key>Name`` (sandbox) or ``<Key>UserName`` (broker)."""

BUCKET_NAME_OUTPUT: Final = "SandboxBucketName"
"""The output of the sandbox stack that holds the walkthrough bucket's name."""

WALKTHROUGH_ROLE: Final = "sandbox-s3-read"
"""The role of ``config/sandbox.yaml`` that reads the sandbox bucket (the walkthrough's)."""

STACK_NAME_PREFIX: Final = "sts-"
"""Every stack name of the app starts with this and the config's ``name``."""

FEDERATION_STACK_SUFFIX: Final = "-federation"
"""The federation stack is ``sts-<config>-federation``."""

CDK_CLI_INSTALL: Final = "npm i -D -E aws-cdk@2.1148.1 node@22.23.3"
"""How a project gets the CDK CLI and Node.js 22 this package is tested with (the pins of the
repository's ``package.json``) into its ``node_modules/.bin``."""

CrossAccountStackKind = Literal["roles", "grants", "stacksets"]
CROSS_ACCOUNT_STACK_SUFFIXES: Final = ("-roles", "-grants", "-stacksets")
"""The stacks of a ``cross_account`` config are ``sts-<config>-<account>-<kind>``."""


def sandbox_stack_name(config_name: str) -> str:
    """Return the sandbox stack's name: ``sts-<config name>``."""
    return f"{STACK_NAME_PREFIX}{config_name}"


def federation_stack_name(config_name: str) -> str:
    """Return the federation stack's name: ``sts-<config name>-federation``."""
    return f"{sandbox_stack_name(config_name)}{FEDERATION_STACK_SUFFIX}"


def cross_account_stack_name(
    config_name: str, account_name: str, kind: CrossAccountStackKind
) -> str:
    """Return a cross-account stack's name: ``sts-<config>-<account>-<kind>``."""
    return f"{sandbox_stack_name(config_name)}-{account_name}-{kind}"


def stack_set_name(config_name: str, role_name: str) -> str:
    """Return the StackSet name of an organization-wide role: ``sts-<config>-<role>``."""
    return f"{sandbox_stack_name(config_name)}-{role_name}"


def role_arn_output_key(key: str) -> str:
    """Return the output key of a role whose construct key is ``key``: ``<key>RoleArn``."""
    return f"{key}{ROLE_ARN_OUTPUT_SUFFIX}"


def is_role_arn_output(output_key: str) -> bool:
    """Return whether a stack output names a role by this convention (``...RoleArn``)."""
    return output_key.endswith(ROLE_ARN_OUTPUT_SUFFIX)


def access_key_secret_output_key(key: str) -> str:
    """Return the output key of user ``key``'s access-key secret: ``<key>AccessKeySecretArn``."""
    return f"{key}{ACCESS_KEY_SECRET_OUTPUT_SUFFIX}"
