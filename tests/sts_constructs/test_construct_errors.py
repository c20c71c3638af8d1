"""A construct's error names the construct in a note; the message stays the rule alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk import App, Duration, Stack

from app import one_line
from sts_constructs import AssumableRole, CrossAccountRole, Trust
from sts_constructs.federation import OidcProvider

GITHUB = "https://token.actions.githubusercontent.com"
THIRTEEN_HOURS = "max_session_duration: '13h' is above the 12h IAM maximum for a role's sessions"


@pytest.mark.parametrize(
    ("build", "kind", "message", "note"),
    [
        (
            lambda stack: AssumableRole(
                stack,
                "Reader",
                trust=Trust(principals=["111111111111"]),
                max_session_duration=Duration.hours(13),
            ),
            ValueError,
            THIRTEEN_HOURS,
            "in Test/Reader (AssumableRole)",
        ),
        (
            lambda stack: OidcProvider(stack, "GitHub", url=GITHUB, client_ids="sts"),
            TypeError,
            "client_ids: 'sts' is a str; expected a list of str",
            "in Test/GitHub (OidcProvider)",
        ),
        (
            # The role inside raises it; the construct the user wrote is named.
            lambda stack: CrossAccountRole(
                stack,
                "Deployer",
                source_account_id="111111111111",
                role_name="deployer",
                max_session_duration=Duration.hours(13),
            ),
            ValueError,
            THIRTEEN_HOURS,
            "in Test/Deployer (CrossAccountRole)",
        ),
    ],
    ids=["value", "type", "nested"],
)
def test_an_error_names_the_construct_in_a_note(
    build: Callable[[Stack], Any], kind: type[Exception], message: str, note: str
) -> None:
    with pytest.raises(kind) as error:
        build(Stack(App(), "Test"))

    assert str(error.value) == message
    assert error.value.__notes__ == [note]


def test_the_apps_one_line_error_carries_the_construct() -> None:
    error = ValueError("path: 'x' must be '/'")
    error.add_note("in StsSandbox/RoleX (AssumableRole)")

    assert one_line(error) == "path: 'x' must be '/' (in StsSandbox/RoleX (AssumableRole))"
