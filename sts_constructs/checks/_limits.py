"""IAM, STS and CloudFormation quotas the limit rules compare against, as one settings object.

Defaults are AWS's default quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
Raise a field when your account has a raised quota, e.g. ``Limits(trust_policy_chars=4096)``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Final

from ..validation import (
    DEFAULT_MANAGED_POLICIES_PER_ROLE,
    GROUP_INLINE_POLICIES_MAX_CHARS,
    MANAGED_POLICY_MAX_CHARS,
    MAX_MANAGED_POLICIES_PER_GROUP,
    MAX_MANAGED_POLICIES_PER_ROLE,
    ROLE_INLINE_POLICIES_MAX_CHARS,
    STACK_MAPPINGS_MAX,
    STACK_OUTPUTS_MAX,
    STACK_PARAMETERS_MAX,
    STACK_RESOURCES_MAX,
    TEMPLATE_BODY_MAX_BYTES,
    TEMPLATE_URL_MAX_BYTES,
    TRUST_POLICY_HARD_MAX_CHARS,
    TRUST_POLICY_MAX_CHARS,
    USER_INLINE_POLICIES_MAX_CHARS,
)

__all__ = ["Limits"]

# Quotas that can be raised, and how far (what no Service Quotas request goes beyond).
# The others are fixed: a value above the default is refused too.
HARD_MAXIMA: Final = {
    "trust_policy_chars": TRUST_POLICY_HARD_MAX_CHARS,
    "managed_policy_chars": MANAGED_POLICY_MAX_CHARS,
    "role_inline_policy_chars": ROLE_INLINE_POLICIES_MAX_CHARS,
    "user_inline_policy_chars": USER_INLINE_POLICIES_MAX_CHARS,
    "group_inline_policy_chars": GROUP_INLINE_POLICIES_MAX_CHARS,
    "managed_policies_per_role": MAX_MANAGED_POLICIES_PER_ROLE,
    "managed_policies_per_user": MAX_MANAGED_POLICIES_PER_ROLE,
    "managed_policies_per_group": MAX_MANAGED_POLICIES_PER_GROUP,
}


@dataclass(frozen=True, kw_only=True)
class Limits:
    """Hold the quotas the limit rules check, each defaulting to AWS's default quota.

    ``unresolved_value_chars`` is not a quota: it is the length assumed for a value that is
    only known at deploy time (a ``Ref`` or ``Fn::GetAtt`` inside a policy), when a policy's
    size is estimated. 96 fits a role ARN with a 64-character name; pseudo parameters use
    their own maximum lengths (``AWS::AccountId`` 12, ``AWS::Partition`` 10, ...).
    """

    trust_policy_chars: int = TRUST_POLICY_MAX_CHARS  # Raisable to 4,096 through Service Quotas.
    managed_policy_chars: int = MANAGED_POLICY_MAX_CHARS
    role_inline_policy_chars: int = ROLE_INLINE_POLICIES_MAX_CHARS
    user_inline_policy_chars: int = USER_INLINE_POLICIES_MAX_CHARS
    group_inline_policy_chars: int = GROUP_INLINE_POLICIES_MAX_CHARS
    managed_policies_per_role: int = DEFAULT_MANAGED_POLICIES_PER_ROLE  # Raisable to 20.
    managed_policies_per_user: int = DEFAULT_MANAGED_POLICIES_PER_ROLE  # Raisable to 20.
    managed_policies_per_group: int = MAX_MANAGED_POLICIES_PER_GROUP
    stack_resources: int = STACK_RESOURCES_MAX
    stack_outputs: int = STACK_OUTPUTS_MAX
    stack_parameters: int = STACK_PARAMETERS_MAX
    stack_mappings: int = STACK_MAPPINGS_MAX
    template_body_bytes: int = TEMPLATE_BODY_MAX_BYTES  # Passed directly in the API call.
    template_s3_bytes: int = TEMPLATE_URL_MAX_BYTES  # Read from S3 (CDK uploads templates).
    unresolved_value_chars: int = 96

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{field.name}: {value!r} must be a positive integer")
            maximum = HARD_MAXIMA.get(field.name)
            if maximum is not None and value > maximum:
                raise ValueError(
                    f"{field.name}: {value!r} is above IAM's hard maximum of {maximum:,}, "
                    "which no quota increase goes beyond"
                )

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """Return the names of the settings, in declaration order."""
        return tuple(field.name for field in fields(cls))
