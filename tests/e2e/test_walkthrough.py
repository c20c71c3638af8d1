"""The walkthrough `make demo` prints: denied, assume, read, write denied."""

from __future__ import annotations

import pytest

from sts_constructs.emulator.walkthrough import Step, walk
from tests.e2e.sandbox import Sandbox, assert_outcomes, printed

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def steps(sandbox: Sandbox) -> list[Step]:
    return walk(sandbox.emulator, outputs=sandbox.outputs)


def test_every_step_comes_out_as_expected(steps: list[Step]) -> None:
    assert_outcomes(steps, [True, False, True, True, False])


def test_the_user_without_permissions_is_denied_listing_buckets(steps: list[Step]) -> None:
    assert "arn:aws:iam::123456789012:user/sts-user" in steps[1].lines[0]
    assert "denied (AccessDenied)" in steps[1].lines[1]


def test_assumed_role_credentials_are_shown_masked(steps: list[Step], sandbox: Sandbox) -> None:
    text = "\n".join(steps[2].lines)

    assert "assumed-role/sandbox-s3-read/walkthrough" in text
    assert "session token" in text and "expires" in text
    assert "********" in text
    assert sandbox.user.secret_access_key not in "\n".join(steps[0].lines)


def test_the_role_reads_the_demo_object(steps: list[Step]) -> None:
    assert "assumed-role/sandbox-s3-read" in steps[3].lines[0]
    assert "'Hello from the sandbox bucket.'" in steps[3].lines[2]


def test_printed_walkthrough_says_why_for_each_call(steps: list[Step]) -> None:
    text = printed(steps)

    assert text.count("Why:") == 4
    assert "NOT as expected" not in text
