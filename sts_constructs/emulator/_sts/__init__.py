"""The emulator's STS: every credential-issuing API decided by the project's evaluator.

Installed into moto's server process by :func:`install`, through moto's own extension points:
the methods of its STS response class (``moto.sts.responses.TokenResponse``) for the APIs,
and the request classes of ``moto.iam.access_control`` for every other call. moto keeps
issuing the keys (in the right account's backends); the emulator adds what AWS decides with:
trust and identity policies through the evaluator, tokens and assertions checked, MFA codes,
durations, session policies and tags, and expiry on the emulator's clock.
https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html

One module per API family: :mod:`.assume_role`, :mod:`.federation` (web identity, SAML),
:mod:`.long_term` (federation and session tokens, caller identity), :mod:`.instance` (the
metadata service's role sessions), :mod:`.unsupported` (every other action: ``InvalidAction``).
A call's parameters are read in :mod:`._call`; its decision is logged and refused in
:mod:`._verdict`; its session is issued in :mod:`._issue`.
"""

from __future__ import annotations

from moto.core.authorization import ActionAuthenticatorMixin
from moto.sts.responses import TokenResponse

from sts_constructs.emulator._sts._call import StsError
from sts_constructs.emulator._sts._verdict import enforced
from sts_constructs.emulator._sts.assume_role import assume_role
from sts_constructs.emulator._sts.federation import (
    ISSUER,
    SAML_IDP,
    assume_role_with_saml,
    assume_role_with_web_identity,
)
from sts_constructs.emulator._sts.instance import issue_instance_session
from sts_constructs.emulator._sts.long_term import (
    get_caller_identity,
    get_federation_token,
    get_session_token,
)
from sts_constructs.emulator._sts.unsupported import (
    IMPLEMENTED_APIS,
    call_action,
    parse_parameters,
)

__all__ = [
    "HANDLED_ACTIONS",
    "ISSUER",
    "SAML_IDP",
    "StsError",
    "enforced",
    "install",
    "issue_instance_session",
]

# Decided in the handlers, which see every parameter of the call (GetAccessKeyInfo is
# moto's, checked like any call).
HANDLED_ACTIONS = frozenset(f"sts:{api}" for api in IMPLEMENTED_APIS - {"GetAccessKeyInfo"})
_UNSIGNED_APIS = frozenset({"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"})


def install() -> None:
    """Replace moto's STS handlers and request authorization with the emulator's."""
    from moto.iam import access_control

    from sts_constructs.emulator._authorize import EmulatorIAMRequest, EmulatorS3IAMRequest

    access_control.IAMRequest = EmulatorIAMRequest  # type: ignore[misc]
    access_control.S3IAMRequest = EmulatorS3IAMRequest  # type: ignore[misc]
    TokenResponse._authenticate_and_authorize_normal_action = _authorize  # type: ignore[method-assign, assignment]
    TokenResponse.assume_role = assume_role  # type: ignore[method-assign]
    TokenResponse.assume_role_with_web_identity = assume_role_with_web_identity  # type: ignore[method-assign]
    TokenResponse.assume_role_with_saml = assume_role_with_saml  # type: ignore[method-assign]
    TokenResponse.get_federation_token = get_federation_token  # type: ignore[method-assign]
    TokenResponse.get_session_token = get_session_token  # type: ignore[method-assign]
    TokenResponse.get_caller_identity = get_caller_identity  # type: ignore[method-assign]
    TokenResponse.parse_parameters = parse_parameters  # type: ignore[method-assign, assignment]
    TokenResponse.call_action = call_action  # type: ignore[method-assign, assignment]


def _authorize(self: TokenResponse, resource: str = "*") -> None:
    """AssumeRoleWithWebIdentity and AssumeRoleWithSAML are unsigned, as on AWS."""
    if self._get_action() in _UNSIGNED_APIS:
        return
    ActionAuthenticatorMixin._authenticate_and_authorize_normal_action(self, resource)
