"""The whole config file: its model, how it loads, its JSON Schema."""

from __future__ import annotations

import difflib
import types
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from stacks.config._base import AccountId, ConfigError, Region, ShortName, StrictModel
from stacks.config._cross_account import CrossAccountConfig
from stacks.config._federation import FederatedRoleConfig, FederationConfig
from stacks.config._load import read_config_file
from stacks.config._references import reference_errors
from stacks.config._sandbox import InstanceRoleConfig, RoleConfig, UserConfig
from sts_constructs.validation import MESSAGE_VALUE_MAX_CHARS, quote_value

__all__ = ["PROBLEMS_MAX", "AppConfig", "json_schema", "load_config"]

PROBLEMS_MAX = 100
"""A config reports at most this many problems (and how many more there are)."""
# A rule's text, value included, is cut to this many characters.
_RULE_MAX_CHARS = 3 * MESSAGE_VALUE_MAX_CHARS


class AppConfig(StrictModel):
    """One environment of the sandbox app: where it deploys and which identities it holds.

    The model checks each entry; the checks across entries (unique names, references,
    construct IDs) run in ``load_config`` on the file as written, so one run reports both.
    """

    name: ShortName = "sandbox"
    """Short name of the environment; the stack is named ``sts-<name>``."""
    account: AccountId | None = None
    """12-digit account to deploy to; omitted: the account of your AWS credentials."""
    region: Region | None = None
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


def load_config(path: str | Path) -> AppConfig:
    """Read and validate a config file.

    Raises ``ConfigError`` with one line per problem of the file (every field error and every
    cross-entry problem, in one run), each ``file: field: 'value as written' rule``.
    """
    path = Path(path)
    data = read_config_file(path)
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: expected a mapping of settings at the top, got {type(data).__name__}"
        )
    problems: list[str] = []
    config: AppConfig | None = None
    try:
        # Files a config names (SAML metadata) are relative to the config file.
        config = AppConfig.model_validate(data, context={"config_dir": path.parent})
    except ValidationError as error:
        problems.extend(_describe(e, data) for e in error.errors())
    problems.extend(reference_errors(data))
    if len(problems) > PROBLEMS_MAX:
        hidden = len(problems) - PROBLEMS_MAX
        problems = [*problems[:PROBLEMS_MAX], f"{hidden} more problems not shown"]
    if problems:
        raise ConfigError("\n".join(f"{path}: {problem}" for problem in problems))
    assert config is not None
    return config


def _describe(error: Any, data: Any = None) -> str:
    """Render one pydantic error as ``field.path: 'value' rule``, and the ``name`` of the
    entry it is in (``data``: the file as read), so ``roles[37]`` is found by name."""
    parts = list(error["loc"])
    entry = _entry_name(data, parts)
    # pydantic puts the ``kind`` of a federated role into the location: it is no field.
    if parts[:2] == ["federation", "roles"] and len(parts) > 3 and parts[3] in _ROLE_KINDS:
        del parts[3]
    location = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts
    ).lstrip(".")
    message: str = " ".join(error["msg"].removeprefix("Value error, ").split())
    if len(message) > _RULE_MAX_CHARS:
        # pydantic's own messages may hold the value (a discriminator tag): cut them too.
        message = f"{message[:_RULE_MAX_CHARS]}... ({len(message)} characters)"
    if error["type"] == "extra_forbidden":
        message = _unknown_setting(list(error["loc"]))
    if error["type"] not in {"value_error", "missing"} and "input" in error:
        message = f"{quote_value(error['input'])}: {message}"
    if entry is not None:
        message = f"{message} (entry {quote_value(entry)})"
    return f"{location}: {message}" if location else message


def _entry_name(data: Any, location: list[Any]) -> str | None:
    """Return the ``name`` of the outermost list entry on ``location`` (the one a reader looks
    for), or None: none has one, or the error is about that name itself."""
    for i, part in enumerate(location):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
            name = data.get("name") if isinstance(data, dict) else None
            if isinstance(name, str):
                return None if location[i + 1 :] == ["name"] else name
        else:
            return None
    return None


def _unknown_setting(location: list[Any]) -> str:
    """Say that the last key of ``location`` is no setting, the close match and the settings."""
    key = str(location[-1])
    settings = _settings_at(location[:-1])
    if not settings:
        return "unknown setting"
    close = difflib.get_close_matches(key, settings, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown setting; {hint}the settings here: {', '.join(settings)}"


def _settings_at(location: list[Any]) -> tuple[str, ...]:
    """Return the keys the config model at ``location`` (a pydantic ``loc``) takes."""
    types_here: list[Any] = [AppConfig]
    for part in location:
        types_here = [step for t in types_here for step in _steps(t, part)]
    models = [m for t in types_here for m in _members(t) if _is_model(m)]
    return tuple(models[0].model_fields) if len(models) == 1 else ()


def _steps(annotation: Any, part: Any) -> list[Any]:
    """Return the types one ``loc`` part leads to from ``annotation``."""
    steps = []
    for member in _members(annotation):
        origin = get_origin(member)
        if isinstance(part, int) and origin is list:
            steps.append(get_args(member)[0])
        elif isinstance(part, str) and origin is dict:
            steps.append(get_args(member)[1])
        elif isinstance(part, str) and _is_model(member):
            if part in member.model_fields:
                steps.append(member.model_fields[part].annotation)
            elif part in _kinds(member):  # pydantic puts a discriminated union's tag in loc
                steps.append(member)
    return steps


def _members(annotation: Any) -> list[Any]:
    """Return ``annotation`` without ``Annotated`` and split into its union members."""
    if get_origin(annotation) is Annotated:
        return _members(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in _members(arg)]
    return [annotation]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _kinds(model: type[BaseModel]) -> tuple[Any, ...]:
    field = model.model_fields.get("kind")
    if field is None or get_origin(field.annotation) is not Literal:
        return ()
    return get_args(field.annotation)


_ROLE_KINDS = {
    kind
    for model in get_args(get_args(FederatedRoleConfig)[0])
    for kind in get_args(model.model_fields["kind"].annotation)
}


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema editors use to complete and check config files."""
    schema = AppConfig.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "sts-constructs app config"
    return schema
