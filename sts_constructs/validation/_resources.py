"""Validators of resource identifiers the app names by hand: managed policy ARNs, OU IDs, group
names, the name prefix of GetFederationToken users, and StackSet names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, Literal

from ._patterns import _PARTITION, matches, rule_validator
from ._quotas import (
    DEFAULT_MANAGED_POLICIES_PER_ROLE,
    MAX_MANAGED_POLICIES_PER_GROUP,
    MAX_MANAGED_POLICIES_PER_ROLE,
)
from ._validators import validate_iam_name

__all__ = [
    "GROUP_NAME_MAX_CHARS",
    "IAM_NAME_PROPERTIES",
    "INSTANCE_PROFILE_NAME_MAX_CHARS",
    "POLICY_NAME_MAX_CHARS",
    "ROLE_NAME_MAX_CHARS",
    "USER_NAME_MAX_CHARS",
    "validate_federated_user_prefix",
    "validate_group_name",
    "validate_managed_policy_arn",
    "validate_managed_policy_count",
    "validate_organizational_unit_id",
    "validate_stack_set_name",
]

# Names: roles and users 1-64 characters; groups, instance profiles and policies 1-128.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names
ROLE_NAME_MAX_CHARS: Final = 64
USER_NAME_MAX_CHARS: Final = 64
GROUP_NAME_MAX_CHARS: Final = 128
INSTANCE_PROFILE_NAME_MAX_CHARS: Final = 128
POLICY_NAME_MAX_CHARS: Final = 128
# The IAM resources a template names, each with its name property and the name's maximum
# length. The names are global per account (IAM is not regional).
IAM_NAME_PROPERTIES: Final[Mapping[str, tuple[str, int]]] = {
    "AWS::IAM::Role": ("RoleName", ROLE_NAME_MAX_CHARS),
    "AWS::IAM::User": ("UserName", USER_NAME_MAX_CHARS),
    "AWS::IAM::Group": ("GroupName", GROUP_NAME_MAX_CHARS),
    "AWS::IAM::ManagedPolicy": ("ManagedPolicyName", POLICY_NAME_MAX_CHARS),
    "AWS::IAM::InstanceProfile": ("InstanceProfileName", INSTANCE_PROFILE_NAME_MAX_CHARS),
}

# arn:aws:iam::aws:policy/ReadOnlyAccess, arn:aws:iam::123456789012:policy/path/name.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
_MANAGED_POLICY_ARN = re.compile(
    rf"arn:{_PARTITION}:iam::(?:aws|\d{{12}}):policy/(?:[\x21-\x7E]+/)*[\w+=,.@-]{{1,128}}",
    re.ASCII,
)
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_Root.html
_OU_OR_ROOT_ID = re.compile(r"ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32}", re.ASCII)
# GetFederationToken's Name is 2-32 of [\w+=,.@-]; a prefix leaves room for one more character.
# https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
_FEDERATED_USER_PREFIX = re.compile(r"[\w+=,.@-]{1,31}", re.ASCII)
# A letter, then up to 127 letters, digits and hyphens.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
_STACK_SET_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]{0,127}", re.ASCII)


def validate_group_name(field: str, value: str) -> str:
    """Check an IAM group name: 1-128 characters of letters, digits and ``+=,.@_-``.

    https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html
    """
    return validate_iam_name(field, value, max_length=GROUP_NAME_MAX_CHARS)


def validate_managed_policy_count(
    field: str, count: int, *, attached_to: Literal["role", "user", "group"]
) -> int:
    """Check how many managed policies a role, user or group gets: at most 20 for a role or a
    user (10 until a quota increase), at most 10 for a group (not raisable).

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entities
    """
    if attached_to == "group":
        maximum, note = MAX_MANAGED_POLICIES_PER_GROUP, ""
    else:
        maximum = MAX_MANAGED_POLICIES_PER_ROLE
        note = f" ({DEFAULT_MANAGED_POLICIES_PER_ROLE} without a quota increase)"
    if count > maximum:
        raise ValueError(
            f"{field}: {count} policies; IAM attaches at most {maximum} to a {attached_to}{note}"
        )
    return count


validate_managed_policy_arn = rule_validator(
    "validate_managed_policy_arn",
    matches(_MANAGED_POLICY_ARN),
    "is not a managed policy ARN like 'arn:aws:iam::aws:policy/ReadOnlyAccess' or "
    "'arn:aws:iam::111111111111:policy/name'",
    "Check a managed policy ARN: ``arn:aws:iam::aws:policy/NAME`` (AWS managed) or\n"
    "``arn:aws:iam::123456789012:policy/path/NAME`` (customer managed), no wildcards.\n\n"
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
)
validate_organizational_unit_id = rule_validator(
    "validate_organizational_unit_id",
    matches(_OU_OR_ROOT_ID),
    "is not an OU ID like 'ou-ab12-cdefgh34' or a root ID 'r-ab12'",
    "Check an AWS Organizations OU ID (``ou-ab12-cdefgh34``) or root ID (``r-ab12``).\n\n"
    "https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html",
)
validate_federated_user_prefix = rule_validator(
    "validate_federated_user_prefix",
    matches(_FEDERATED_USER_PREFIX),
    "is not a federated user name prefix: 1-31 letters, digits or +=,.@_- (no '*'; "
    "GetFederationToken names are 2-32 characters)",
    "Check the name prefix of the federated users a broker may create: 1-31 characters of\n"
    "``[\\w+=,.@-]``, so a full GetFederationToken ``Name`` (2-32) fits.\n\n"
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html",
    tokens_pass=False,
)
validate_stack_set_name = rule_validator(
    "validate_stack_set_name",
    matches(_STACK_SET_NAME),
    "must start with a letter and hold at most 128 letters, digits and hyphens",
    "Check a CloudFormation StackSet name: a letter, then up to 127 letters, digits and ``-``.\n\n"
    "A token is refused: the name is also the name of the StackSet's template stack.\n\n"
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html",
    tokens_pass=False,
)
