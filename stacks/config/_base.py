"""Shared pieces of the config model: the base model, durations, IAM-rule field types.

Every IAM and STS rule comes from ``sts_constructs.validation``; this module only says which
rule a field follows. The patterns here are the config's own conventions (durations, short
names of environments, accounts and providers), not IAM's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails

from sts_constructs import validation as rules
from sts_constructs.validation import quote_value

__all__ = [
    "AccountId",
    "ConfigError",
    "Description",
    "ExternalId",
    "GroupName",
    "IamName",
    "IamPath",
    "ManagedPolicies",
    "MfaMaxAge",
    "OrgId",
    "PolicyArn",
    "Region",
    "SessionDuration",
    "ShortName",
    "StrictModel",
    "TagKey",
    "TrustPolicyMaxChars",
    "TrustedPrincipal",
    "flag",
    "rule_field",
]

# A duration of the config: a whole number of seconds, or digits and a unit (90m, 12h, 3600s).
_DURATION = re.compile(r"\s*(\d{1,9})\s*([smh]?)\s*", re.ASCII)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}
# Short names the config gives environments, accounts and providers (they go into stack names,
# construct IDs and references): a lowercase letter, then lowercase letters, digits and '-'.
_SHORT_NAME = r"^[a-z][a-z0-9-]{0,30}$"


class ConfigError(Exception):
    """A config that cannot be used: one line per problem, each naming the field, the value
    as written and the rule (``file: field: 'value' rule``)."""

    @property
    def lines(self) -> list[str]:
        """The problems, one line each."""
        return str(self).splitlines()


Check = Callable[[str, Any], Any]


def rule_field(check: Check) -> Any:
    """Wrap a ``sts_constructs.validation`` function as a pydantic after-validator.

    The rules prefix their messages with the field name; here pydantic's location says it.
    """

    def run(value: Any) -> Any:
        try:
            return check("", value)
        except ValueError as error:
            raise ValueError(str(error).removeprefix(": ")) from None

    return AfterValidator(run)


def _parse_duration(value: Any) -> int:
    """Turn ``"90m"``, ``"12h"``, ``"3600s"`` or ``3600`` into seconds."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and (match := _DURATION.fullmatch(value)):
        return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    raise ValueError(f"{quote_value(value)} is not a duration like '1h', '90m' or '3600s'")


def _duration(check: Check) -> Any:
    """A duration checked by a rule; its message quotes the value as written (``'30m'``)."""

    def run(value: Any) -> int:
        seconds = _parse_duration(value)
        try:
            check("", seconds)
        except ValueError as error:
            # The rule's message is ": <the value in hours or seconds> <rule>"; the user wrote
            # the value differently, so quote what they wrote.
            rule = str(error).removeprefix(": ").partition(" ")[2]
            # A bare number is read as seconds: say so (2 is 2 seconds, not 2 hours).
            unit = " (seconds)" if isinstance(value, int) else ""
            raise ValueError(f"{quote_value(value)}{unit} {rule}") from None
        return seconds

    return BeforeValidator(run, json_schema_input_type=int | str)


SessionDuration = Annotated[int, _duration(rules.validate_max_session_duration)]
MfaMaxAge = Annotated[int, _duration(rules.validate_mfa_max_age)]
IamName = Annotated[str, rule_field(rules.validate_iam_name)]
IamPath = Annotated[str, rule_field(rules.validate_iam_path)]
AccountId = Annotated[str, rule_field(rules.validate_account_id)]
ExternalId = Annotated[str, rule_field(rules.validate_external_id)]
OrgId = Annotated[str, rule_field(rules.validate_principal_org_id)]
TagKey = Annotated[str, rule_field(rules.validate_session_tag_key)]
TrustedPrincipal = Annotated[str, rule_field(rules.validate_trusted_principal)]
PolicyArn = Annotated[str, rule_field(rules.validate_managed_policy_arn)]
Region = Annotated[str, rule_field(rules.validate_region)]
Description = Annotated[str, rule_field(rules.validate_description)]
TrustPolicyMaxChars = Annotated[int, rule_field(rules.validate_trust_policy_max_chars)]
GroupName = Annotated[str, rule_field(rules.validate_group_name)]
ManagedPolicies = Annotated[list[PolicyArn], Field(max_length=rules.MAX_MANAGED_POLICIES_PER_ROLE)]
"""Managed policy ARNs of one role or group: IAM attaches at most 20 (10 by default)."""
ShortName = Annotated[str, Field(pattern=_SHORT_NAME)]
"""A name of the config's own (environment, account, provider): used in stack names and IDs."""


class StrictModel(BaseModel):
    """A config model: unknown keys are errors, values are frozen, docstrings document fields.

    Rules across the fields of one entry go in ``_entry_problems``: they read the entry as
    written, so they are reported together with the entry's field errors in one run (an
    after-validator would run only once every field is valid).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    @classmethod
    def _entry_problems(cls, data: Mapping[str, Any]) -> list[str]:
        """Return what is wrong across the fields of ``data`` (as written), one rule each."""
        return []

    @model_validator(mode="wrap")
    @classmethod
    def _with_entry_problems(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        problems = cls._entry_problems(data) if isinstance(data, Mapping) else []
        extra: list[InitErrorDetails] = [
            {"type": "value_error", "loc": (), "input": data, "ctx": {"error": ValueError(p)}}
            for p in problems
        ]
        try:
            model = handler(data)
        except ValidationError as error:
            if not extra:
                raise
            details: list[Any] = [*error.errors(include_url=False), *extra]
            raise ValidationError.from_exception_data(error.title, details) from None
        if extra:
            raise ValidationError.from_exception_data(cls.__name__, extra)
        return model


class RoleSettings(StrictModel):
    """The settings of an IAM role, the same in every section (``stacks._roles.config_role``)."""

    description: Description | None = None
    """Shown in the IAM console: at most 1,000 characters of Latin-1 text (no emoji)."""
    path: IamPath = "/"
    """IAM path of the role."""
    max_session_duration: SessionDuration = 3600
    """Longest session a caller may ask for: ``1h`` to ``12h``."""
    permissions_boundary: PolicyArn | None = None
    """ARN of a managed policy that caps the role's permissions."""
    managed_policies: ManagedPolicies = []
    """ARNs of managed policies to attach (at most 10 without a quota increase, 20 with)."""


def repeated(field: str, values: Any, *, ignore_case: bool = False) -> str | None:
    """Return the problem of a list as written with a value twice, or None."""
    if not isinstance(values, list):
        return None
    try:
        names = [v for v in values if isinstance(v, str)]
        rules.require_unique(field, names, ignore_case=ignore_case)
    except ValueError as error:
        return str(error)
    return None


def flag(data: Mapping[str, Any], key: str, default: bool) -> bool | None:
    """Return a boolean of an entry as written (pydantic's spellings), or None if it is not one."""
    value = data.get(key, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return None


_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "f", "false", "n", "no", "off"}
