"""The app's configuration: one YAML file per environment under ``config/``.

The typed model below is the single description of what a user may write; ``make schema``
publishes it as ``config/schema.json`` for editors. Field rules come from
``sts_constructs.validation``, the same functions the constructs apply, so the config and the
constructs cannot disagree. Run ``python -m stacks.config`` to print the JSON Schema.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Self

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from sts_constructs import validation as rules

__all__ = [
    "AppConfig",
    "BucketAccess",
    "ConfigError",
    "InstanceRoleConfig",
    "RoleConfig",
    "UserConfig",
    "load_config",
]

_DURATION = re.compile(r"^\s*(\d+)\s*([smh]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}


class ConfigError(Exception):
    """A config file that cannot be used; the message names file, field, value and rule."""


def _parse_duration(value: Any) -> Any:
    """Turn ``"90m"``, ``"12h"``, ``"3600s"`` or ``3600`` into seconds."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and (match := _DURATION.match(value)):
        return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    raise ValueError(f"{value!r} is not a duration like '1h', '90m' or '3600s'")


def _rule(check: Any) -> Any:
    """Wrap a ``sts_constructs.validation`` function as a pydantic after-validator.

    The rules prefix their messages with the field name; here pydantic's location says it.
    """

    def run(value: Any) -> Any:
        try:
            return check("", value)
        except ValueError as error:
            raise ValueError(str(error).removeprefix(": ")) from None

    return AfterValidator(run)


Seconds = Annotated[int, BeforeValidator(_parse_duration)]
IamName = Annotated[str, _rule(rules.validate_iam_name)]
IamPath = Annotated[str, _rule(rules.validate_iam_path)]
SessionDuration = Annotated[Seconds, _rule(rules.validate_max_session_duration)]
MfaMaxAge = Annotated[Seconds, _rule(rules.validate_mfa_max_age)]
AccountId = Annotated[str, _rule(rules.validate_account_id)]
ExternalId = Annotated[str, _rule(rules.validate_external_id)]
OrgId = Annotated[str, _rule(rules.validate_principal_org_id)]
TagKey = Annotated[str, _rule(rules.validate_session_tag_key)]
TrustedPrincipal = Annotated[str, _rule(rules.validate_trusted_principal)]
PolicyArn = Annotated[str, Field(pattern=r"^arn:aws(-cn|-us-gov)?:iam::(aws|\d{12}):policy/.+$")]


class BucketAccess(StrEnum):
    """What a role may do with the sandbox bucket."""

    NONE = "none"
    READ = "read"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class UserConfig(_Model):
    """An IAM user with no permissions of its own; roles name it in ``trusted_users``."""

    name: IamName
    """The IAM user name (unique per account)."""
    path: IamPath = "/"
    """IAM path of the user and its group."""
    access_key: bool = False
    """Create an access key, kept in Secrets Manager (never in an output)."""
    console_password: bool = False
    """Create a console password in Secrets Manager; IAM requires a reset at first sign-in."""
    enforce_mfa: bool = False
    """Deny everything but MFA self-service until the user signs in with MFA."""


class RoleConfig(_Model):
    """A role that IAM users or principals may assume through STS."""

    name: IamName
    """The IAM role name (unique per account)."""
    description: str | None = None
    """Shown in the IAM console."""
    path: IamPath = "/"
    """IAM path of the role."""
    trusted_users: list[IamName] = []
    """Names of users in ``users`` that may assume the role; they get the grant too."""
    trusted_principals: list[TrustedPrincipal] = []
    """Other trusted principals: 12-digit account IDs or IAM user/role ARNs."""
    require_mfa: bool = True
    """Require MFA (``aws:MultiFactorAuthPresent``) to assume the role."""
    mfa_max_age: MfaMaxAge | None = None
    """Refuse MFA sign-ins older than this, e.g. ``1h``."""
    external_id: ExternalId | None = None
    """Require this ``sts:ExternalId`` (third-party access)."""
    principal_org_id: OrgId | None = None
    """Require callers from this AWS Organization."""
    session_tag_keys: list[TagKey] | None = None
    """Allow session tags with exactly these keys; omitted: session tags refused."""
    allow_source_identity: bool = False
    """Allow callers to set a source identity."""
    max_session_duration: SessionDuration = 3600
    """Longest session a caller may ask for: ``1h`` to ``12h``."""
    permissions_boundary: PolicyArn | None = None
    """ARN of a managed policy that caps the role's permissions."""
    managed_policies: list[PolicyArn] = []
    """ARNs of managed policies to attach (at most 10 without a quota increase)."""
    sandbox_bucket: BucketAccess = BucketAccess.NONE
    """Access to the sandbox bucket: ``none`` or ``read``."""

    @model_validator(mode="after")
    def _has_someone_to_trust(self) -> Self:
        if not self.trusted_users and not self.trusted_principals:
            raise ValueError(
                "trusted_users and trusted_principals are both empty: name who may assume it"
            )
        if self.mfa_max_age is not None and not self.require_mfa:
            raise ValueError("mfa_max_age is set while require_mfa is false")
        return self


class InstanceRoleConfig(_Model):
    """An EC2 instance role and its instance profile."""

    name: IamName
    """The IAM role name; the instance profile gets the same name."""
    path: IamPath = "/"
    """IAM path of the role and the profile."""
    max_session_duration: SessionDuration = 3600
    """Longest session: ``1h`` to ``12h``."""
    sandbox_bucket: BucketAccess = BucketAccess.NONE
    """Access to the sandbox bucket: ``none`` or ``read``."""
    managed_policies: list[PolicyArn] = []
    """ARNs of managed policies to attach."""


class AppConfig(_Model):
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
        return AppConfig.model_validate(data)
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


if __name__ == "__main__":
    print(json.dumps(json_schema(), indent=2))
