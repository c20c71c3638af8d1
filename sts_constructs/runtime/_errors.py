"""One-line errors for the runtime tools: what went wrong, and what to do about it."""

from __future__ import annotations

from typing import Any

__all__ = ["RuntimeToolError", "explain"]


class RuntimeToolError(Exception):
    """A failure the user can act on, described in one line (never a secret, never a trace)."""


class AccessDeniedError(RuntimeToolError):
    """The caller may not make the call: the message names who, which action, and the fix."""


# Error codes that mean "these credentials have expired" across STS, IAM and S3.
_EXPIRED = {"ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"}
_DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden", "403"}
_UNKNOWN_KEY = {"InvalidClientTokenId", "InvalidAccessKeyId", "UnrecognizedClientException"}


def explain(
    error: BaseException,
    *,
    action: str,
    principal: str | None = None,
    resource: str | None = None,
    fix: str | None = None,
) -> RuntimeToolError:
    """Return ``error`` from botocore as a one-line :class:`RuntimeToolError`.

    ``action`` is the API call (``sts:AssumeRole``); ``principal`` and ``resource`` name who
    called it on what, when known, so that "access denied" says who was denied what; ``fix``
    (default: none) is appended to "access denied" and "no credentials" as what to do.
    An access denial is an :class:`AccessDeniedError`.
    """
    from botocore.exceptions import (
        ClientError,
        ConnectTimeoutError,
        EndpointConnectionError,
        NoCredentialsError,
        NoRegionError,
        ProfileNotFound,
        ReadTimeoutError,
    )

    then = f": {fix}" if fix else ""
    if isinstance(error, ReadTimeoutError | ConnectTimeoutError):
        endpoint = error.kwargs.get("endpoint_url", "the endpoint")
        which = "read" if isinstance(error, ReadTimeoutError) else "connect"
        return RuntimeToolError(
            f"{action}: {endpoint} did not answer within the {which} timeout: is the endpoint "
            "right? (--endpoint-url or AWS_ENDPOINT_URL; --timeout sets the limit)"
        )
    if isinstance(error, EndpointConnectionError):
        return RuntimeToolError(
            f"cannot reach {error.kwargs.get('endpoint_url', 'the endpoint')}: is the emulator "
            "running? (`sts-constructs emulator up` starts one; AWS_ENDPOINT_URL points at it)"
        )
    if isinstance(error, NoCredentialsError):
        return RuntimeToolError(
            f"no AWS credentials found for {action}: set AWS_PROFILE or pass --profile"
            + (f" ({fix})" if fix else "")
        )
    if isinstance(error, ProfileNotFound):
        return RuntimeToolError(str(error))
    if isinstance(error, NoRegionError):
        return RuntimeToolError(
            "no AWS region set: set AWS_REGION (or AWS_DEFAULT_REGION) or pass --region"
        )
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        message = _first_line(str(error.response.get("Error", {}).get("Message", "")))
        who = principal or "the caller"
        what = f" on {resource}" if resource else ""
        if code in _EXPIRED:
            return RuntimeToolError(
                f"{action}: the credentials of {who} have expired; get new ones and retry"
            )
        if code in _DENIED:
            return AccessDeniedError(f"access denied: {who} may not call {action}{what}{then}")
        if code in _UNKNOWN_KEY:
            return RuntimeToolError(
                f"{action}: the access key of {who} is not known to this endpoint "
                "(wrong account, deleted key, or an emulator that was restarted)"
            )
        return RuntimeToolError(f"{action}{what} failed: {code}: {message}")
    return RuntimeToolError(f"{action} failed: {type(error).__name__}: {_first_line(str(error))}")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def error_code(error: Any) -> str:
    """Return the AWS error code of a botocore ``ClientError`` (empty for anything else)."""
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return ""
    return str(response.get("Error", {}).get("Code", ""))
