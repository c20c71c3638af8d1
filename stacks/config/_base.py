"""Shared pieces of the config model: the base model, durations, IAM-rule field types."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
)

from sts_constructs import validation as rules
from sts_constructs.federation import _validation as fed_rules

if TYPE_CHECKING:
    pass


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


def rule_field(check: Any) -> Any:
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
IamName = Annotated[str, rule_field(rules.validate_iam_name)]
IamPath = Annotated[str, rule_field(rules.validate_iam_path)]
SessionDuration = Annotated[Seconds, rule_field(rules.validate_max_session_duration)]
MfaMaxAge = Annotated[Seconds, rule_field(rules.validate_mfa_max_age)]
AccountId = Annotated[str, rule_field(rules.validate_account_id)]
ExternalId = Annotated[str, rule_field(rules.validate_external_id)]
OrgId = Annotated[str, rule_field(rules.validate_principal_org_id)]
TagKey = Annotated[str, rule_field(rules.validate_session_tag_key)]
TrustedPrincipal = Annotated[str, rule_field(rules.validate_trusted_principal)]
PolicyArn = Annotated[str, Field(pattern=r"^arn:aws(-cn|-us-gov)?:iam::(aws|\d{12}):policy/.+$")]


class StrictModel(BaseModel):
    """A config model: unknown keys are errors, values are frozen, docstrings document fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


Region = Annotated[str, rule_field(fed_rules.validate_region)]
GroupName = Annotated[
    str, rule_field(lambda field, value: rules.validate_iam_name(field, value, max_length=128))
]
