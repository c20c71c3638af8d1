"""Authorization of every call in the emulator: expiry, then the evaluator's decision.

moto authorizes a call through ``moto.iam.access_control.IAMRequest`` (``S3IAMRequest`` for
S3). These subclasses keep moto's signature check and its error answers, and replace what it
decides with: credentials the emulator's STS issued are found in its session registry (expired
ones get ``ExpiredToken``), and the caller's identity policies, permissions boundary and
session policies go to the evaluator, with the context keys of the session (MFA, tags, source
identity). STS's own APIs are decided in :mod:`sts_constructs.emulator._sts`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from botocore.credentials import Credentials
from moto.core.exceptions import AccessDeniedError
from moto.iam.access_control import IAMRequest, S3IAMRequest
from moto.s3.exceptions import S3ClientError

from sts_constructs.emulator._clock import CLOCK
from sts_constructs.emulator._decide import decide_call
from sts_constructs.emulator._decisions import DECISIONS, Decision
from sts_constructs.emulator._identity import identity_of
from sts_constructs.emulator._resources import resource_of
from sts_constructs.emulator._sessions import SESSIONS, Session

__all__ = ["EmulatorIAMRequest", "EmulatorS3IAMRequest", "not_authorized", "with_message"]

# With GetSessionToken credentials AWS allows, of STS, only these; IAM only after MFA.
# https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
_SESSION_TOKEN_STS_ACTIONS = frozenset({"sts:AssumeRole", "sts:GetCallerIdentity"})


class _Request(NamedTuple):
    """The arguments moto's request classes are made with (``IAMRequestBase.__init__``)."""

    account_id: str
    method: str
    path: str
    data: dict[str, str]
    body: bytes
    headers: dict[str, str]
    action: str


class _SessionKey:
    """A key of a session the emulator's STS issued, as moto's request classes use one."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.arn = session.arn

    def create_credentials(self) -> Credentials:
        return Credentials(
            self.session.access_key_id,
            self.session.secret_access_key,
            self.session.session_token,
        )

    def collect_policies(self) -> list[Any]:  # pragma: no cover - the evaluator decides
        return []


class _Deciding:
    """What both request classes add to moto's: our sessions, expiry, the evaluator."""

    _access_key: Any
    _action: str
    _data: dict[str, Any]
    _body: bytes
    _region: str
    _service: str
    account_id: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A request signed with one of our sessions is set up here; any other goes to moto's
        # own request class, next in the method resolution order.
        request = _Request(*args, **kwargs)
        if not self._init_session(request):
            super().__init__(**request._asdict())

    def _init_session(self, request: _Request) -> bool:
        """Set up for a session key of ours (moto's own lookup would not know it)."""
        authorization = request.headers.get("Authorization", "")
        scope = authorization.partition("Credential=")[2].partition(",")[0].split("/")
        session = SESSIONS.get(scope[0]) if len(scope) > 3 else None
        if session is None:
            return False
        self.account_id = request.account_id
        self._method = request.method
        self._path = request.path
        self._data = request.data
        self._body = request.body
        self._headers = request.headers
        self._region = scope[2]
        self._service = scope[3]
        action = request.action
        self._action = f"{self._service}:{action[0] if isinstance(action, list) else action}"
        if request.headers.get("X-Amz-Security-Token") != session.session_token:
            self._raise_invalid_access_key("InvalidToken")  # type: ignore[attr-defined]
        self._access_key = _SessionKey(session)
        return True

    def check_action_permitted(self, resource: str) -> None:
        """Refuse expired credentials, then ask the evaluator (STS APIs: their handlers)."""
        from sts_constructs.emulator._sts import HANDLED_ACTIONS

        key = self._access_key
        session = key.session if isinstance(key, _SessionKey) else None
        if session is not None and session.expired(CLOCK.now()):
            DECISIONS.add(
                Decision(
                    self._action,
                    session.arn,
                    resource,
                    False,
                    f"the credentials expired at {session.expires_at:%Y-%m-%d %H:%M:%S} UTC "
                    f"(emulator clock {CLOCK.now():%Y-%m-%d %H:%M:%S})",
                )
            )
            self._raise_expired()
        if self._action in HANDLED_ACTIONS:
            if session is not None and session.kind == "session-token":
                self._check_session_token_limits(session, resource)
            return
        identity = identity_of(key.create_credentials().access_key)
        if identity is None:
            self._raise_access_denied()  # type: ignore[attr-defined]
            return
        if session is not None and session.kind == "session-token":
            self._check_session_token_limits(session, resource)
        if resource == "*":
            resource = (
                resource_of(
                    self._action,
                    data=self._data,
                    body=self._body,
                    region=self._region,
                    account_id=self.account_id,
                )
                or resource
            )
        # The account the call acts in owns its resources (moto keeps accounts apart).
        extra = {"aws:ResourceAccount": self.account_id, "aws:RequestedRegion": self._region}
        if self._service == "s3":
            extra["s3:ResourceAccount"] = self.account_id
        verdict = decide_call(identity, self._action, resource, extra)
        DECISIONS.add(Decision(self._action, identity.arn, resource, verdict.allowed, verdict.why))
        if not verdict.allowed:
            self._raise_denied(identity.arn, resource, verdict.why)

    def _check_session_token_limits(self, session: Session, resource: str) -> None:
        why = None
        if self._action.startswith("sts:") and self._action not in _SESSION_TOKEN_STS_ACTIONS:
            why = (
                "GetSessionToken credentials may call only AssumeRole and GetCallerIdentity of STS"
            )
        elif self._action.startswith("iam:") and session.mfa_authenticated_at is None:
            why = "GetSessionToken credentials without MFA may not call IAM"
        if why is not None:
            DECISIONS.add(Decision(self._action, session.arn, resource, False, why))
            self._raise_denied(session.arn, resource, why)

    def _raise_expired(self) -> None:
        raise NotImplementedError

    def _raise_denied(self, principal: str, resource: str, why: str) -> None:
        raise NotImplementedError


class EmulatorIAMRequest(_Deciding, IAMRequest):
    """moto's request check for every service but S3, deciding with the evaluator."""

    def _raise_expired(self) -> None:
        raise _ExpiredToken()

    def _raise_denied(self, principal: str, resource: str, why: str) -> None:
        error = AccessDeniedError(user_arn=principal, action=self._action)
        raise with_message(error, not_authorized(principal, self._action, resource, why))


class EmulatorS3IAMRequest(_Deciding, S3IAMRequest):
    """moto's request check for S3, deciding with the evaluator."""

    def _raise_expired(self) -> None:
        raise S3ClientError("ExpiredToken", "The provided token has expired.")

    def _raise_denied(self, principal: str, resource: str, why: str) -> None:
        raise S3ClientError("AccessDenied", not_authorized(principal, self._action, resource, why))


class _ExpiredToken(AccessDeniedError):
    code = 400

    def __init__(self) -> None:
        super().__init__(user_arn="", action="")
        with_message(self, "The security token included in the request is expired", "ExpiredToken")


def not_authorized(principal: str, action: str, resource: str, why: str) -> str:
    """Return AWS's AccessDenied message, with the evaluator's reason after "because"."""
    return (
        f"User: {principal} is not authorized to perform: {action} on resource: {resource} "
        f"because {why}"
    )


def with_message(error: Any, message: str, code: str | None = None) -> Any:
    """Return moto's REST error with our message (and code): its body is built at init."""
    from xmltodict import unparse  # type: ignore[import-untyped]

    error.message = message
    if code is not None:
        error.error_type = code
    body = {"Code": error.error_type, "Message": message, "Type": "Sender"}
    error.description = unparse({"ErrorResponse": {"Errors": {"Error": body}}}, full_document=True)
    return error
