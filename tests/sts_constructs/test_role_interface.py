"""role_arn_of, role_of: what the constructs that take a role (not a trust) accept as one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam

from sts_constructs import (
    AssumableRole,
    AssumeRootPolicy,
    RolesAnywhereProfile,
    Trust,
    WebIdentityTokenPolicy,
)
from sts_constructs._role_interface import role_arn_of, role_of
from tests.sts_constructs.test_pod_identity import associate
from tests.support import exactly

ROLE_ARN = "arn:aws:iam::111111111111:role/app"


def _profile(stack: Stack, role: Any) -> None:
    RolesAnywhereProfile(stack, "Profile", name="agents", roles=[role])


def _root_policy(stack: Stack, role: Any) -> None:
    AssumeRootPolicy(
        stack,
        "Root",
        member_account_ids=["333333333333"],
        task_policies=["IAMAuditRootUserCredentials"],
        roles=[role],
    )


def _token_policy(stack: Stack, role: Any) -> None:
    WebIdentityTokenPolicy(stack, "Tokens", audiences=["https://api.example.com"], roles=[role])


def test_takes_the_arn_of_a_cdk_role_and_of_a_role_construct(stack: Stack) -> None:
    imported = iam.Role.from_role_arn(stack, "Imported", ROLE_ARN)
    ours = AssumableRole(stack, "Ours", trust=Trust(principals=["222222222222"]))

    assert role_arn_of("role", imported) == ROLE_ARN
    assert role_arn_of("role", ours) == ours.role.role_arn
    assert role_of("role", imported) is imported
    assert role_of("role", ours) is ours.role


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (associate, "role"),
        (_profile, "roles[0]"),
        (_root_policy, "roles[0]"),
        (_token_policy, "roles[0]"),
    ],
    ids=["pod", "profile", "assume-root", "web-identity-token"],
)
@pytest.mark.parametrize("bad", [ROLE_ARN, object()], ids=["arn-text", "object"])
def test_fails_on_a_role_that_is_not_a_role(
    stack: Stack, make: Callable[[Stack, Any], object], field: str, bad: object
) -> None:
    message = f"{field}: {bad!r} is not an IRole or AssumableRole"
    with pytest.raises(ValueError, match=exactly(message)):
        make(stack, bad)
