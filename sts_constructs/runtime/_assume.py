"""AssumeRole with arguments checked against STS's rules before the call, and its outputs.

Limits: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sts_constructs.runtime._errors import RuntimeToolError, error_code, explain
from sts_constructs.runtime._stacks import role_name_from_arn

__all__ = [
    "AssumeRequest",
    "Credentials",
    "assume_role",
    "format_credentials",
    "mask",
    "validate_request",
]

MIN_DURATION = 900
MAX_DURATION = 43_200
# Role chaining: a session assumed with role credentials lasts at most one hour.
CHAINED_MAX_DURATION = 3_600
FORMATS = ("env", "json", "credential-process")

_NAME = re.compile(r"^[\w+=,.@-]+$")
_EXTERNAL_ID = re.compile(r"^[\w+=,.@:/-]+$")
_MFA_SERIAL = re.compile(r"^(arn:aws[\w-]*:iam::\d{12}:mfa/[\w+=,.@/-]+|[\w+=/:,.@-]{9,256})$")
_TOKEN_CODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class AssumeRequest:
    """The arguments of one AssumeRole call."""

    role_arn: str
    session_name: str
    duration_seconds: int | None = None  # Default: STS's default, one hour.
    mfa_serial: str | None = None  # Default: no MFA; token_code then must be None too.
    token_code: str | None = None
    external_id: str | None = None  # Default: none; required if the trust checks sts:ExternalId.
    source_identity: str | None = None  # Default: none.
    tags: dict[str, str] = field(default_factory=dict)  # Default: no session tags.


@dataclass(frozen=True)
class Credentials:
    """Temporary credentials from STS, and whose they are."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str = field(repr=False)
    expiration: datetime
    assumed_role_arn: str


def validate_request(
    request: AssumeRequest, *, max_session_duration: int | None = None, chained: bool = False
) -> None:
    """Raise ``ValueError`` naming the argument when ``request`` breaks a rule of STS.

    ``max_session_duration`` is the role's maximum (``None``: unknown, 43,200 applies);
    ``chained`` says the caller is itself an assumed role, which caps the duration at 3,600.
    """
    _check_name("session name", request.session_name, _NAME, 2, 64)
    if request.duration_seconds is not None:
        limit = max_session_duration or MAX_DURATION
        reason = f"the role's maximum session duration is {limit}"
        if chained and limit > CHAINED_MAX_DURATION:
            limit = CHAINED_MAX_DURATION
            reason = "the caller is an assumed role (role chaining allows at most 1 hour)"
        if not MIN_DURATION <= request.duration_seconds <= limit:
            raise ValueError(
                f"duration {request.duration_seconds} s is outside {MIN_DURATION}-{limit} s: "
                f"{reason}"
            )
    if (request.mfa_serial is None) != (request.token_code is None):
        raise ValueError("MFA needs both the device serial (--mfa-serial) and --token-code")
    if request.mfa_serial is not None and not _MFA_SERIAL.match(request.mfa_serial):
        raise ValueError(
            f"MFA serial {request.mfa_serial!r} is not an MFA device ARN "
            "(arn:aws:iam::123456789012:mfa/NAME) or a hardware serial"
        )
    if request.token_code is not None and not _TOKEN_CODE.match(request.token_code):
        raise ValueError("token code must be the 6 digits the MFA device shows")
    if request.external_id is not None:
        _check_name("external ID", request.external_id, _EXTERNAL_ID, 2, 1224)
    if request.source_identity is not None:
        # The character set leaves out ':', so the reserved "aws:" prefix cannot pass either.
        _check_name("source identity", request.source_identity, _NAME, 2, 64)
    if len(request.tags) > 50:
        raise ValueError(f"{len(request.tags)} session tags: STS allows at most 50")
    for key, value in request.tags.items():
        if not 1 <= len(key) <= 128:
            raise ValueError(f"session tag key {key!r}: 1-128 characters allowed")
        if len(value) > 256:
            raise ValueError(f"session tag {key!r}: the value has {len(value)} characters, max 256")
        if key.lower().startswith("aws:"):
            raise ValueError(f"session tag key {key!r} must not start with 'aws:'")


def _check_name(what: str, value: str, pattern: re.Pattern[str], low: int, high: int) -> None:
    if not low <= len(value) <= high or not pattern.match(value):
        raise ValueError(
            f"{what} {value!r}: {low}-{high} characters of letters, digits and "
            f"{'+=,.@:/-' if pattern is _EXTERNAL_ID else '+=,.@-'} allowed"
        )


def assume_role(session: Any, request: AssumeRequest) -> Credentials:
    """Validate ``request`` against the caller and the role, then call ``sts:AssumeRole``."""
    sts = session.client("sts")
    try:
        identity = sts.get_caller_identity()
    except Exception as error:
        raise explain(error, action="sts:GetCallerIdentity") from None
    caller, account = str(identity["Arn"]), str(identity["Account"])
    chained = ":assumed-role/" in caller
    try:
        validate_request(
            request,
            max_session_duration=(
                _max_session_duration(session, request.role_arn, caller_account=account)
                if request.duration_seconds is not None
                else None
            ),
            chained=chained,
        )
    except ValueError as error:
        raise RuntimeToolError(str(error)) from None
    arguments: dict[str, Any] = {
        "RoleArn": request.role_arn,
        "RoleSessionName": request.session_name,
    }
    if request.duration_seconds is not None:
        arguments["DurationSeconds"] = request.duration_seconds
    if request.mfa_serial is not None:
        arguments["SerialNumber"] = request.mfa_serial
        arguments["TokenCode"] = request.token_code
    if request.external_id is not None:
        arguments["ExternalId"] = request.external_id
    if request.source_identity is not None:
        arguments["SourceIdentity"] = request.source_identity
    if request.tags:
        arguments["Tags"] = [{"Key": k, "Value": v} for k, v in request.tags.items()]
    try:
        response = sts.assume_role(**arguments)
    except Exception as error:
        raise explain(
            error, action="sts:AssumeRole", principal=caller, resource=request.role_arn
        ) from None
    credentials = response["Credentials"]
    return Credentials(
        access_key_id=credentials["AccessKeyId"],
        secret_access_key=credentials["SecretAccessKey"],
        session_token=credentials["SessionToken"],
        expiration=credentials["Expiration"],
        assumed_role_arn=response["AssumedRoleUser"]["Arn"],
    )


def _max_session_duration(session: Any, role_arn: str, *, caller_account: str) -> int | None:
    """Return the role's MaxSessionDuration, or ``None`` when the caller may not read it.

    Only for a role of the caller's own account: GetRole cannot read another account's.
    """
    name = role_name_from_arn(role_arn)
    if name is None or f":iam::{caller_account}:role/" not in role_arn:
        return None
    try:
        role = session.client("iam").get_role(RoleName=name)["Role"]
    except Exception as error:
        if error_code(error) or type(error).__name__ == "EndpointConnectionError":
            # Most callers that may assume a role may not read it; STS checks the rest.
            return None
        raise
    return int(role.get("MaxSessionDuration", 3600))


def format_credentials(credentials: Credentials, *, output_format: str) -> str:
    """Return ``credentials`` as shell ``export`` lines, JSON or ``credential_process`` JSON."""
    expiration = credentials.expiration.isoformat()
    if output_format == "env":
        values = {
            "AWS_ACCESS_KEY_ID": credentials.access_key_id,
            "AWS_SECRET_ACCESS_KEY": credentials.secret_access_key,
            "AWS_SESSION_TOKEN": credentials.session_token,
            "AWS_CREDENTIAL_EXPIRATION": expiration,
        }
        return "\n".join(f"export {k}={shlex.quote(v)}" for k, v in values.items())
    if output_format == "json":
        return json.dumps(
            {
                "AccessKeyId": credentials.access_key_id,
                "SecretAccessKey": credentials.secret_access_key,
                "SessionToken": credentials.session_token,
                "Expiration": expiration,
                "AssumedRoleArn": credentials.assumed_role_arn,
            },
            indent=2,
        )
    if output_format == "credential-process":
        # https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html
        return json.dumps(
            {
                "Version": 1,
                "AccessKeyId": credentials.access_key_id,
                "SecretAccessKey": credentials.secret_access_key,
                "SessionToken": credentials.session_token,
                "Expiration": expiration,
            }
        )
    raise ValueError(f"format {output_format!r}: one of {', '.join(FORMATS)} allowed")


def mask(secret: str, *, visible: int = 4) -> str:
    """Return the first ``visible`` characters of ``secret`` and eight stars, whatever follows."""
    return secret[:visible] + "*" * 8
