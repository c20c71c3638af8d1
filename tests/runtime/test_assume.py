"""AssumeRole argument checks and output formats, without any AWS endpoint."""

from __future__ import annotations

import json
import shlex
from datetime import UTC, datetime

import pytest

from sts_constructs.runtime import (
    AssumeRequest,
    Credentials,
    format_credentials,
    mask,
    validate_request,
)

ARN = "arn:aws:iam::123456789012:role/sandbox-s3-read"


def request(**overrides: object) -> AssumeRequest:
    return AssumeRequest(**{"role_arn": ARN, "session_name": "me", **overrides})  # type: ignore[arg-type]


@pytest.mark.parametrize("duration", [900, 3600, 43_200])
def test_accepts_durations_within_sts_limits(duration: int) -> None:
    validate_request(request(duration_seconds=duration))


@pytest.mark.parametrize("duration", [0, 899, 43_201, 46_800])
def test_fails_on_duration_outside_sts_limits_saying_the_roles_maximum_is_unknown(
    duration: int,
) -> None:
    with pytest.raises(ValueError) as error:
        validate_request(request(duration_seconds=duration))

    assert str(error.value) == (
        f"DurationSeconds: {duration} must be 900-43200 seconds: STS's limit for any role "
        "(this role's own maximum is unknown: not read with iam:GetRole)"
    )


def test_fails_on_duration_above_the_roles_maximum() -> None:
    with pytest.raises(ValueError) as error:
        validate_request(request(duration_seconds=46_800), max_session_duration=3600)

    assert str(error.value) == (
        "DurationSeconds: 46800 must be 900-3600 seconds: the role's maximum session duration "
        "is 3600 s (iam:GetRole)"
    )


def test_fails_on_chained_duration_above_one_hour() -> None:
    with pytest.raises(ValueError) as error:
        validate_request(request(duration_seconds=7200), max_session_duration=43_200, chained=True)

    assert str(error.value) == (
        "DurationSeconds: 7200 must be 900-3600 seconds: the caller holds temporary "
        "credentials, and a role assumed with temporary credentials lasts at most 1 hour "
        "(role chaining)"
    )


def test_chained_message_says_which_temporary_credentials() -> None:
    with pytest.raises(ValueError, match=r"holds session credentials \(GetSessionToken\)"):
        validate_request(
            request(duration_seconds=3601), chained="session credentials (GetSessionToken)"
        )


def test_accepts_one_hour_when_chaining() -> None:
    validate_request(request(duration_seconds=3600), max_session_duration=43_200, chained=True)


@pytest.mark.parametrize(
    "name", ["a", "x" * 65, "has space", "semi;colon", "józef", "ok\n", "名前", "${Token[x]}"]
)
def test_fails_on_bad_session_name(name: str) -> None:
    with pytest.raises(ValueError, match=r"^RoleSessionName: ") as error:
        validate_request(request(session_name=name))

    assert "\n" not in str(error.value)


MFA = "arn:aws:iam::123456789012:mfa/me"
_BAD_CODES = ["123456\n", "١٢٣٤٥٦", "12345a"]
_BAD_SERIALS = [MFA + "\n", "short", "\uff41\uff42\uff43\uff44\uff45\uff46\uff47\uff48\uff49"]


@pytest.mark.parametrize(
    ("mfa", "message"),
    [
        ({"token_code": "123456"}, "SerialNumber and TokenCode go together"),
        ({"mfa_serial": MFA, "token_code": "12345"}, "TokenCode: '12345' must be the 6 digits"),
        *(({"mfa_serial": MFA, "token_code": code}, r"^TokenCode: ") for code in _BAD_CODES),
        *(
            ({"mfa_serial": serial, "token_code": "123456"}, r"^SerialNumber: .* is not an MFA")
            for serial in _BAD_SERIALS
        ),
    ],
)
def test_fails_on_bad_mfa_arguments(mfa: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_request(request(**mfa))


def test_accepts_mfa_device_arn_and_code() -> None:
    validate_request(request(mfa_serial=MFA, token_code="123456"))


@pytest.mark.parametrize(
    "external_id",
    ["x", "bad id", "e" * 1225, "parténaire", "partner-7\n", "\uff21\uff22", "${Token[1]}"],
)
def test_fails_on_bad_external_id_as_the_constructs_do(external_id: str) -> None:
    # The same rule as CrossAccountRole's external_id: sts_constructs.validation.
    with pytest.raises(ValueError, match=r"^ExternalId: "):
        validate_request(request(external_id=external_id))


def test_refuses_parténaire_with_the_rule() -> None:
    with pytest.raises(ValueError) as error:
        validate_request(request(external_id="parténaire"))

    assert str(error.value) == (
        "ExternalId: 'parténaire' is not a valid sts:ExternalId: 2-1224 characters of letters, "
        "digits and +=,.@:/_-"
    )


def test_accepts_external_id_with_colon_and_slash() -> None:
    validate_request(request(external_id="partner:7/prod"))


def test_fails_on_source_identity_starting_with_aws() -> None:
    with pytest.raises(ValueError, match="SourceIdentity: 'aws:me' must be 2-64"):
        validate_request(request(source_identity="aws:me"))


def test_fails_on_non_ascii_source_identity() -> None:
    with pytest.raises(ValueError, match="SourceIdentity: 'zoë' must be 2-64"):
        validate_request(request(source_identity="zoë"))


def test_fails_on_more_than_50_session_tags() -> None:
    with pytest.raises(ValueError, match="Tags: 51 session tags; STS allows 50"):
        validate_request(request(tags={f"k{i}": "v" for i in range(51)}))


def test_fails_on_session_tag_value_over_256_characters() -> None:
    with pytest.raises(ValueError, match=r"^Tags\[team\] value: 'vvvv.* is not a valid session"):
        validate_request(request(tags={"team": "v" * 257}))


@pytest.mark.parametrize("key", ["aws:x", "AWS:x", "a b", "k" * 129, "key\n", ""])
def test_fails_on_bad_session_tag_key(key: str) -> None:
    with pytest.raises(ValueError, match=r"^Tags key: "):
        validate_request(request(tags={key: "v"}))


CREDENTIALS = Credentials(
    access_key_id="ASIAEXAMPLE",
    secret_access_key="secret/with+chars",
    session_token="token=with spaces",
    expiration=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
    assumed_role_arn="arn:aws:sts::123456789012:assumed-role/sandbox-s3-read/me",
)


def test_env_format_exports_session_token_shell_quoted() -> None:
    text = format_credentials(CREDENTIALS, output_format="env")

    exported = dict(
        shlex.split(line.removeprefix("export "))[0].split("=", 1) for line in text.splitlines()
    )
    assert exported["AWS_ACCESS_KEY_ID"] == "ASIAEXAMPLE"
    assert exported["AWS_SECRET_ACCESS_KEY"] == "secret/with+chars"
    assert exported["AWS_SESSION_TOKEN"] == "token=with spaces"


def test_credential_process_format_has_version_1_and_iso_expiration() -> None:
    document = json.loads(format_credentials(CREDENTIALS, output_format="credential-process"))

    assert document["Version"] == 1
    assert document["SessionToken"] == "token=with spaces"
    assert document["Expiration"] == "2026-11-23T09:00:00+00:00"


def test_json_format_names_the_assumed_role() -> None:
    document = json.loads(format_credentials(CREDENTIALS, output_format="json"))

    assert document["AssumedRoleArn"].endswith("assumed-role/sandbox-s3-read/me")


def test_fails_on_unknown_format() -> None:
    with pytest.raises(ValueError, match="one of env, json, credential-process"):
        format_credentials(CREDENTIALS, output_format="yaml")


def test_repr_of_credentials_hides_the_secret_and_token() -> None:
    assert "secret/with+chars" not in repr(CREDENTIALS)
    assert "token=with spaces" not in repr(CREDENTIALS)


def test_mask_keeps_four_characters_whatever_the_length() -> None:
    assert mask("abcdefghij" * 40) == "abcd********"
