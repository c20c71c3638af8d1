"""The whole config file: its model, how it loads, its JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Self

import yaml
from pydantic import (
    Field,
    ValidationError,
    model_validator,
)

from stacks.config._base import AccountId, ConfigError, StrictModel
from stacks.config._cross_account import CrossAccountConfig
from stacks.config._federation import FederationConfig
from stacks.config._sandbox import InstanceRoleConfig, RoleConfig, UserConfig
from sts_constructs import validation as rules

if TYPE_CHECKING:
    pass


class AppConfig(StrictModel):
    """One environment of the sandbox app: where it deploys and which identities it holds."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,30}$")] = "sandbox"
    """Short name of the environment; the stack is named ``sts-<name>``."""
    account: AccountId | None = None
    """12-digit account to deploy to; omitted: the account of your AWS credentials."""
    region: Annotated[str, Field(pattern=r"^[a-z]{2}(-gov)?-[a-z]+-\d$")] | None = None
    """Region to deploy to; omitted: the region of your AWS credentials."""
    users: list[UserConfig] = []
    """Assume-only IAM users."""
    roles: list[RoleConfig] = []
    """Assumable roles."""
    instance_roles: list[InstanceRoleConfig] = []
    """EC2 instance roles with instance profiles."""
    federation: FederationConfig | None = None
    """Identity providers, federated roles, brokers and MFA groups (a stack of their own)."""
    cross_account: CrossAccountConfig | None = None
    """Accounts, cross-account accesses and organization-wide roles (stacks per account)."""

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        user_names = [user.name for user in self.users]
        rules.require_unique("users[].name", user_names)
        # IAM role names are unique per account, case-insensitively.
        role_names = [r.name.lower() for r in self.roles] + [
            r.name.lower() for r in self.instance_roles
        ]
        rules.require_unique("roles[].name and instance_roles[].name", role_names)
        for i, role in enumerate(self.roles):
            for j, user in enumerate(role.trusted_users):
                if user not in user_names:
                    raise ValueError(
                        f"roles[{i}].trusted_users[{j}]: {user!r} is not a user in users "
                        f"(known: {', '.join(user_names) or 'none'})"
                    )
        return self

    @model_validator(mode="after")
    def _federated_role_names_are_unique(self) -> Self:
        if self.federation is None:
            return self
        # One account: IAM role names are unique across the stacks, case-insensitively.
        names = [r.name.lower() for r in self.roles] + [r.name.lower() for r in self.instance_roles]
        for i, role in enumerate(self.federation.roles):
            if role.name.lower() in names:
                raise ValueError(
                    f"federation.roles[{i}].name: {role.name!r} is also a role in roles or "
                    "instance_roles; IAM role names are unique per account"
                )
        return self


def load_config(path: str | Path) -> AppConfig:
    """Read and validate a config file; raise ``ConfigError`` naming every bad field."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the config file: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top, got {type(data).__name__}")
    try:
        # Files a config names (SAML metadata) are relative to the config file.
        return AppConfig.model_validate(data, context={"config_dir": path.parent})
    except ValidationError as error:
        raise ConfigError("\n".join(_describe(path, e) for e in error.errors())) from error


def _describe(path: Path, error: Any) -> str:
    """Render one pydantic error as ``file: field.path: value rule``."""
    location = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"]
    )
    location = location.lstrip(".")
    message: str = error["msg"].removeprefix("Value error, ")
    if error["type"] not in {"value_error", "missing"} and "input" in error:
        message = f"{error['input']!r}: {message}"
    return f"{path}: {location}: {message}" if location else f"{path}: {message}"


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema editors use to complete and check config files."""
    schema = AppConfig.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "sts-constructs app config"
    return schema
