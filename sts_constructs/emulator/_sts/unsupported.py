"""STS actions the emulator does not implement: answered as AWS answers an action a service
does not support, ``InvalidAction`` (HTTP 400), instead of moto's HTTP 500.

``AssumeRoot``, ``GetWebIdentityToken``, ``GetDelegatedAccessToken``, ``GetScopedCredentials``,
``DecodeAuthorizationMessage`` and any action STS does not have get the same answer; the
message names the action and where the emulator's limits are listed.
https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
"""

from __future__ import annotations

from moto.core.common_types import TYPE_RESPONSE
from moto.core.request import Request
from moto.core.responses import ActionResult, BaseResponse
from moto.sts.responses import TokenResponse

from sts_constructs.emulator._sts import _verdict as verdict

__all__ = ["IMPLEMENTED_APIS", "call_action", "parse_parameters", "unsupported_message"]

# Answered by the emulator's handlers (``HANDLED_ACTIONS``); GetAccessKeyInfo by moto's own.
IMPLEMENTED_APIS = frozenset(
    {
        "AssumeRole",
        "AssumeRoleWithWebIdentity",
        "AssumeRoleWithSAML",
        "GetFederationToken",
        "GetSessionToken",
        "GetCallerIdentity",
        "GetAccessKeyInfo",
    }
)
_CODE = "InvalidAction"


def unsupported_message(action: str) -> str:
    """Return the message of the answer to ``action``, which the emulator does not implement."""
    return (
        f"{action}: the sts-constructs emulator does not implement this STS action yet "
        f"(it implements {', '.join(sorted(IMPLEMENTED_APIS))}; see docs/EMULATOR.md)"
    )


def parse_parameters(self: TokenResponse, request: Request) -> None:
    """Parse the parameters of an implemented action (``BaseResponse.parse_parameters``); an
    action botocore's model lacks would fail there, and the others need none."""
    if self._get_action() in IMPLEMENTED_APIS:
        BaseResponse.parse_parameters(self, request)
    else:
        self.params = {}


def call_action(self: TokenResponse) -> TYPE_RESPONSE:
    """Answer an action of :data:`IMPLEMENTED_APIS` as moto does (``BaseResponse.call_action``);
    any other with ``InvalidAction``, before the request's check (nothing is issued)."""
    action = self._get_action()
    if not action or action in IMPLEMENTED_APIS:
        return BaseResponse.call_action(self)
    error = verdict.rejected(
        action, "the caller", "-", _CODE, unsupported_message(str(action)[:128])
    )
    status, headers, body = self.serialized(ActionResult(error))
    return status, headers, body
