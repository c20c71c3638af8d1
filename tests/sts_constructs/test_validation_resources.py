"""Managed policy ARNs, OU IDs and federated user prefixes: whole values, one rule each."""

from __future__ import annotations

import pytest

from sts_constructs import validation as rules


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        "arn:aws-cn:iam::111111111111:policy/teams/data/reader",
        "arn:aws-us-gov:iam::111111111111:policy/p",
    ],
)
def test_accepts_managed_policy_arns(arn: str) -> None:
    assert rules.validate_managed_policy_arn("p", arn) == arn


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::aws:policy/ReadOnlyAccess\n",
        "arn:aws:iam::aws:policy/*",
        "arn:aws:iam::1111:policy/p",
        "arn:aws:iam::aws:role/p",
        "ReadOnlyAccess",
    ],
)
def test_refuses_other_managed_policy_arns(arn: str) -> None:
    with pytest.raises(ValueError, match=r"^p: .* is not a managed policy ARN"):
        rules.validate_managed_policy_arn("p", arn)


@pytest.mark.parametrize("ou", ["ou-ab12-cdefgh34", "r-ab12"])
def test_accepts_ou_and_root_ids(ou: str) -> None:
    assert rules.validate_organizational_unit_id("ou", ou) == ou


@pytest.mark.parametrize("ou", ["ou-ab12-cdefgh34\n", "workloads", "ou-AB12-cdefgh34", "r-a"])
def test_refuses_other_ou_ids(ou: str) -> None:
    with pytest.raises(ValueError, match=r"^ou: .* is not an OU ID"):
        rules.validate_organizational_unit_id("ou", ou)


@pytest.mark.parametrize("prefix", ["portal-", "a", "x" * 31])
def test_accepts_federated_user_prefixes(prefix: str) -> None:
    assert rules.validate_federated_user_prefix("prefix", prefix) == prefix


@pytest.mark.parametrize("prefix", ["", "*", "x" * 32, "portal-\n", "por tal"])
def test_refuses_other_federated_user_prefixes(prefix: str) -> None:
    with pytest.raises(ValueError, match=r"^prefix: .* is not a federated user name prefix"):
        rules.validate_federated_user_prefix("prefix", prefix)


def test_group_names_take_128_characters() -> None:
    assert rules.validate_group_name("g", "g" * rules.GROUP_NAME_MAX_CHARS) == "g" * 128

    with pytest.raises(ValueError, match=r"^g: .* must be 1-128 characters"):
        rules.validate_group_name("g", "g" * 129)
