"""AssumeRole with arguments checked against STS's rules before the call, and its outputs.

Limits: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sts_constructs.runtime._errors import RuntimeToolError, error_code, explain
from sts_constructs.runtime._inputs import literal
from sts_constructs.runtime._stacks import role_name_from_arn
from sts_constructs.validation import (
    CHAINED_SESSION_MAX_SECONDS,
    MAX_SESSION_DURATION_SECONDS,
    SESSION_TAGS_MAX,
    parse_role_arn,
    validate_duration_seconds,
    validate_external_id,
    validate_mfa_serial,
    validate_mfa_token_code,
    validate_role_arn,
    validate_role_session_name,
    validate_session_tag_key,
    validate_session_tag_value,
    validate_source_identity,
)

__all__ = [
    "AssumeRequest",
    "Credentials",
    "assume_role",
    "format_credentials",
    "mask",
    "validate_request",
]

FORMATS = ("env", "json", "credential-process")


@dataclass(frozen=True)
class AssumeRequest:
    """The arguments of one AssumeRole call; ``validate_request`` checks them.

    https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    """

    role_arn: str
    """``RoleArn``: the role to assume, ``arn:aws:iam::123456789012:role/path/name``."""
    session_name: str
    """``RoleSessionName``: 2-64 characters of letters, digits and ``+=,.@_-``."""
    duration_seconds: int | None = None
    """``DurationSeconds``: 900 seconds up to the role's maximum (at most 43,200; 3,600 when
    the caller holds temporary credentials). Default: STS's default, one hour."""
    mfa_serial: str | None = None
    """``SerialNumber``: the MFA device's ARN or a hardware serial. Default: no MFA; then
    ``token_code`` must be None too."""
    token_code: str | None = None
    """``TokenCode``: the 6 digits the MFA device shows. Default: none (no MFA)."""
    external_id: str | None = None
    """``ExternalId``: 2-1,224 characters of letters, digits and ``+=,.@:/_-``. Default:
    none; required if the trust checks ``sts:ExternalId``."""
    source_identity: str | None = None
    """``SourceIdentity``: 2-64 characters of letters, digits and ``+=,.@_-``. Default:
    none."""
    tags: dict[str, str] = field(default_factory=dict)
    """Session tags, key (1-128 characters, not ``aws:``) to value (0-256 characters), at
    most 50. Default: no session tags."""


@dataclass(frozen=True)
class Credentials:
    """Temporary credentials from STS, and whose they are."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str = field(repr=False)
    expiration: datetime
    assumed_role_arn: str


def validate_request(
    request: AssumeRequest,
    *,
    max_session_duration: int | None = None,
    chained: bool | str = False,
) -> None:
    """Raise ``ValueError`` naming the parameter when ``request`` breaks a rule of STS.

    Every rule comes from :mod:`sts_constructs.validation`. ``request.role_arn`` is not
    checked here (the command line may hold a role name there; :func:`assume_role` checks it).
    ``max_session_duration`` is the role's maximum in seconds (``None``: unknown, STS's limit
    of 43,200 applies, and the message says the role's own is unknown); ``chained`` is true,
    or says what the caller's temporary credentials are, when they cap the session at 3,600 s
    (role chaining).
    https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    """
    literal(validate_role_session_name, "RoleSessionName", request.session_name)
    if request.duration_seconds is not None:
        _check_duration(request.duration_seconds, max_session_duration, chained)
    if (request.mfa_serial is None) != (request.token_code is None):
        raise ValueError(
            "SerialNumber and TokenCode go together: MFA needs both the device serial "
            "(--mfa-serial) and --token-code"
        )
    if request.mfa_serial is not None:
        literal(validate_mfa_serial, "SerialNumber", request.mfa_serial)
    if request.token_code is not None:
        literal(validate_mfa_token_code, "TokenCode", request.token_code)
    if request.external_id is not None:
        literal(validate_external_id, "ExternalId", request.external_id)
    if request.source_identity is not None:
        literal(validate_source_identity, "SourceIdentity", request.source_identity)
    if len(request.tags) > SESSION_TAGS_MAX:
        raise ValueError(f"Tags: {len(request.tags)} session tags; STS allows {SESSION_TAGS_MAX}")
    for key, value in request.tags.items():
        literal(validate_session_tag_key, "Tags key", key)
        literal(validate_session_tag_value, f"Tags[{key}] value", value)


def _check_duration(seconds: int, role_maximum: int | None, chained: bool | str) -> None:
    limit = role_maximum or MAX_SESSION_DURATION_SECONDS
    if role_maximum is None:
        reason = (
            "STS's limit for any role (this role's own maximum is unknown: not read with "
            "iam:GetRole)"
        )
    else:
        reason = f"the role's maximum session duration is {role_maximum} s (iam:GetRole)"
    if chained and limit > CHAINED_SESSION_MAX_SECONDS:
        limit = CHAINED_SESSION_MAX_SECONDS
        what = chained if isinstance(chained, str) else "temporary credentials"
        reason = (
            f"the caller holds {what}, and a role assumed with temporary credentials "
            "lasts at most 1 hour (role chaining)"
        )
    try:
        validate_duration_seconds("DurationSeconds", seconds, maximum=limit)
    except ValueError as error:
        raise ValueError(f"{error}: {reason}") from None


def assume_role(session: Any, request: AssumeRequest) -> Credentials:
    """Validate ``request`` against the caller and the role, then call ``sts:AssumeRole``.

    Raises :class:`RuntimeToolError` (one line) for a request STS would refuse, before the
    call: a malformed argument, a duration over the role's maximum (read with ``iam:GetRole``
    when the caller may) or over one hour for a caller holding temporary credentials.
    """
    try:
        literal(validate_role_arn, "RoleArn", request.role_arn)
    except ValueError as error:
        raise RuntimeToolError(str(error)) from None
    sts = session.client("sts")
    try:
        identity = sts.get_caller_identity()
    except Exception as error:
        raise explain(error, action="sts:GetCallerIdentity") from None
    caller, account = str(identity["Arn"]), str(identity["Account"])
    chained = _temporary_credentials(session, caller)
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
            error,
            action="sts:AssumeRole",
            principal=caller,
            resource=request.role_arn,
            fix=_denied_fix(request),
        ) from None
    credentials = response["Credentials"]
    return Credentials(
        access_key_id=credentials["AccessKeyId"],
        secret_access_key=credentials["SecretAccessKey"],
        session_token=credentials["SessionToken"],
        expiration=credentials["Expiration"],
        assumed_role_arn=response["AssumedRoleUser"]["Arn"],
    )


def _temporary_credentials(session: Any, caller: str) -> str:
    """Return what temporary credentials the caller holds ("" for long-term keys).

    Role chaining caps any AssumeRole made with temporary credentials at one hour: an
    assumed-role session, a federated user, or GetSessionToken's session credentials (the
    MFA session pattern), which GetCallerIdentity shows as the user itself.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
    """
    if ":assumed-role/" in caller:
        return "an assumed-role session"
    if ":federated-user/" in caller:
        return "a federated user session (GetFederationToken)"
    # An EndpointSession wraps a boto3 session; a boto3 session is accepted as is.
    get_credentials = getattr(getattr(session, "session", session), "get_credentials", None)
    credentials = get_credentials() if get_credentials is not None else None
    if credentials is not None and credentials.get_frozen_credentials().token:
        return "session credentials (GetSessionToken)"
    return ""


def _max_session_duration(session: Any, role_arn: str, *, caller_account: str) -> int | None:
    """Return the role's MaxSessionDuration, or ``None`` when the caller may not read it.

    Only for a role of the caller's own account: GetRole cannot read another account's.
    """
    name = role_name_from_arn(role_arn)
    parsed = parse_role_arn(role_arn)
    if name is None or parsed is None or parsed[0] != caller_account:
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


def _denied_fix(request: AssumeRequest) -> str:
    """Say what an AssumeRole denial may want that ``request`` did not give (STS says no more)."""
    fix = "the role's trust must admit the caller"
    if request.mfa_serial is None:
        fix += "; if it wants MFA (a default Trust does), pass --mfa-serial and --token-code"
    if request.external_id is None:
        fix += "; if it wants an ExternalId, pass --external-id"
    return fix
