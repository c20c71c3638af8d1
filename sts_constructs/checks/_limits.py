"""IAM, STS and CloudFormation quotas the limit rules compare against, as one settings object.

Defaults are AWS's default quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
Raise a field when your account has a raised quota, e.g. ``Limits(trust_policy_chars=4096)``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["Limits"]


@dataclass(frozen=True, kw_only=True)
class Limits:
    """Hold the quotas the limit rules check, each defaulting to AWS's default quota.

    ``unresolved_value_chars`` is not a quota: it is the length assumed for a value that is
    only known at deploy time (a ``Ref`` or ``Fn::GetAtt`` inside a policy), when a policy's
    size is estimated. 96 fits a role ARN with a 64-character name; pseudo parameters use
    their own maximum lengths (``AWS::AccountId`` 12, ``AWS::Partition`` 10, ...).
    """

    trust_policy_chars: int = 2_048  # Raisable to 4,096 through Service Quotas.
    managed_policy_chars: int = 6_144
    role_inline_policy_chars: int = 10_240
    user_inline_policy_chars: int = 2_048
    group_inline_policy_chars: int = 5_120
    managed_policies_per_role: int = 10  # Raisable to 20.
    managed_policies_per_user: int = 10  # Raisable to 20.
    managed_policies_per_group: int = 10
    stack_resources: int = 500
    stack_outputs: int = 200
    stack_parameters: int = 200
    stack_mappings: int = 200
    template_body_bytes: int = 51_200  # Passed directly in the API call.
    template_s3_bytes: int = 1_048_576  # Read from S3 (CDK uploads templates as assets).
    unresolved_value_chars: int = 96

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{field.name}: {value!r} must be a positive integer")

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """Return the names of the settings, in declaration order."""
        return tuple(field.name for field in fields(cls))
