"""``AssumeRoleWithWebIdentity`` and ``AssumeRoleWithSAML``: unsigned calls that bring a
token or an assertion, validated against the emulator's own issuer and IdP.

The emulator's issuer stands in for each OIDC provider deployed into the role's account, and
for IAM's built-in issuers (``BUILTIN_WEB_IDENTITY_ISSUERS``: Cognito identity pools, Google,
Facebook, Login with Amazon), which AWS trusts with no provider; the decision says which.

https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from moto.core.responses import ActionResult
from moto.sts.responses import TokenResponse

from sts_constructs.emulator._clock import CLOCK
from sts_constructs.emulator._decide import RoleRequest
from sts_constructs.emulator._oidc import OidcIssuer, TokenRejected
from sts_constructs.emulator._saml import SamlIdentityProvider, SamlRejected, entity_id
from sts_constructs.emulator._sts import _verdict as verdict
from sts_constructs.emulator._sts._call import StsCall, StsError, checked, iam_of, role_of
from sts_constructs.emulator._sts._issue import issue_role_session
from sts_constructs.emulator._sts.assume_role import DEFAULT_DURATION
from sts_constructs.validation import BUILTIN_WEB_IDENTITY_ISSUERS, validate_role_session_name

__all__ = ["ISSUER", "SAML_IDP", "assume_role_with_saml", "assume_role_with_web_identity"]

ISSUER = OidcIssuer()
SAML_IDP = SamlIdentityProvider()
# The GitHub claims STS exposes as condition keys of their own (issue 16's list).
_GITHUB_ISSUER = "token.actions.githubusercontent.com"
_WEB_IDENTITY = "AssumeRoleWithWebIdentity"
_SAML = "AssumeRoleWithSAML"


def _federated_session(
    call: StsCall, request: RoleRequest, principal: str, notes: tuple[str, ...]
) -> dict[str, Any]:
    """Decide a web-identity or SAML call whose token was validated; issue the role session."""
    if verdict.enforced():
        verdict.decide_role_session(request, principal, notes)
    elif request.role is None:
        raise StsError("AccessDenied", f"no role {request.role_arn} exists")
    policies = call.session_policies(request.role.account_id)
    _, answer = issue_role_session(call.response.region, request, policies)
    return answer


def _federated_request(
    api: str,
    role_arn: str,
    session_name: str,
    duration: int,
    *,
    provider_arn: str,
    context: dict[str, Any],
) -> RoleRequest:
    """Return the request of a federated principal of ``provider_arn`` for ``role_arn``."""
    return RoleRequest(
        api,
        role_arn,
        role_of(role_arn),
        session_name,
        duration,
        principal=("Federated", provider_arn),
        context=context,
        federated_context={"aws:FederatedProvider": provider_arn},
    )


# ------------------------------------------------------------- AssumeRoleWithWebIdentity


def assume_role_with_web_identity(self: TokenResponse) -> ActionResult:
    """Answer ``AssumeRoleWithWebIdentity`` (moto's ``assume_role_with_web_identity``)."""
    call = StsCall(self)
    role_arn, session_name = call.role_arn(), call.session_name()
    token = call.text("WebIdentityToken") or ""
    backend = iam_of(role_arn.split(":")[4])
    # A built-in issuer is named by itself (the trust's Federated and aws:FederatedProvider);
    # a provider deployed for the same URL takes its place.
    providers: dict[str, tuple[str, list[str] | None]] = {
        f"https://{name}": (name, None) for name in BUILTIN_WEB_IDENTITY_ISSUERS
    }
    providers.update(
        {
            f"https://{p.url}": (p.arn, list(p.client_id_list))
            for p in backend.open_id_providers.values()
        }
    )
    try:
        validated = ISSUER.validate(token, providers=providers, now=CLOCK.now())
    except TokenRejected as error:
        why = str(error)
        raise verdict.rejected(_WEB_IDENTITY, "a web identity", role_arn, error.code, why) from None
    claims = validated.claims
    request = _federated_request(
        _WEB_IDENTITY,
        role_arn,
        session_name,
        call.duration(DEFAULT_DURATION),
        provider_arn=validated.provider_arn,
        context=_web_identity_context(validated.issuer, claims),
    )
    builtin = validated.provider_arn in BUILTIN_WEB_IDENTITY_ISSUERS
    notes = (
        f"the token was signed by the emulator's OIDC key, standing in for {validated.issuer}"
        + (" (an issuer built into IAM: no OIDC provider needed)" if builtin else ""),
    )
    principal = f"{validated.provider_arn} (sub {claims.get('sub')!r})"
    answer = _federated_session(call, request, principal, notes)
    audience = claims.get("azp") or claims.get("aud")
    answer.update(
        {
            "SubjectFromWebIdentityToken": str(claims.get("sub", "")),
            "Provider": validated.issuer,
            "Audience": audience if isinstance(audience, str) else json.dumps(audience),
        }
    )
    return ActionResult(answer)


def _web_identity_context(issuer: str, claims: dict[str, Any]) -> dict[str, Any]:
    """Return the condition keys STS fills from a token: ``<issuer>:sub``, ``:aud`` ...;
    those of its claims :data:`BUILTIN_WEB_IDENTITY_ISSUERS` lists for a built-in issuer.

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
    """
    derived = {
        "aud": claims.get("azp") or claims.get("aud"),
        "oaud": claims.get("aud") if "azp" in claims else None,
    }
    names = BUILTIN_WEB_IDENTITY_ISSUERS.get(issuer, ("sub", "aud", "oaud", "amr"))
    context = {f"{issuer}:{name}": derived.get(name, claims.get(name)) for name in names}
    if issuer.split("/")[0] == _GITHUB_ISSUER:
        from sts_constructs.federation._github_claims import GITHUB_CLAIM_KEYS

        for key in GITHUB_CLAIM_KEYS:
            if key in claims:
                context[f"{issuer}:{key}"] = str(claims[key])
    return {k: v for k, v in context.items() if v is not None}


# --------------------------------------------------------------------- AssumeRoleWithSAML


def assume_role_with_saml(self: TokenResponse) -> ActionResult:
    """Answer ``AssumeRoleWithSAML`` (moto's ``assume_role_with_saml``)."""
    call = StsCall(self)
    role_arn = call.role_arn()
    provider_arn = call.text("PrincipalArn") or ""
    account_id = role_arn.split(":")[4]
    provider = (
        iam_of(account_id).saml_providers.get(provider_arn.rsplit("/", 1)[-1])
        if provider_arn.split(":")[4:5] == [account_id]
        else None
    )
    if provider is None or provider.arn != provider_arn:
        raise verdict.rejected(
            _SAML,
            provider_arn or "a SAML user",
            role_arn,
            "InvalidIdentityToken",
            f"PrincipalArn: {provider_arn!r} is not a SAML provider of account {account_id}",
        )
    notes = (
        f"the assertion's signature was checked with the emulator IdP's certificate, in place "
        f"of the one in {provider.name}'s metadata",
    )
    try:
        validated = SAML_IDP.validate(
            call.text("SAMLAssertion") or "",
            provider_entity_id=entity_id(provider.saml_metadata_document),
            now=CLOCK.now(),
        )
    except SamlRejected as error:
        why = str(error)
        raise verdict.rejected(_SAML, provider_arn, role_arn, error.code, why, notes) from None
    principal = f"{provider_arn} (sub {validated.subject!r})"
    if (role_arn, provider_arn) not in validated.roles:
        raise verdict.denied(
            _SAML,
            principal,
            role_arn,
            f"the assertion's Role attribute does not offer {role_arn} through {provider_arn}",
            notes,
        )
    if not validated.session_name:
        raise verdict.rejected(
            _SAML,
            principal,
            role_arn,
            "InvalidIdentityToken",
            "the assertion has no RoleSessionName attribute",
            notes,
        )
    session_name = checked(
        validate_role_session_name, "RoleSessionName attribute", validated.session_name
    )
    requested = call.duration(DEFAULT_DURATION)
    qualifier = base64.b64encode(
        hashlib.sha1(f"{validated.issuer}{account_id}/{provider.name}".encode()).digest()
    ).decode()
    request = _federated_request(
        _SAML,
        role_arn,
        session_name,
        min(requested, validated.duration_seconds or requested),
        provider_arn=provider_arn,
        context={
            "SAML:aud": validated.audience,
            "SAML:iss": validated.issuer,
            "SAML:sub": validated.subject,
            "SAML:sub_type": validated.subject_type,
            "SAML:namequalifier": qualifier,
        },
    )
    answer = _federated_session(call, request, principal, notes)
    answer.update(
        {
            "Subject": validated.subject,
            "SubjectType": validated.subject_type,
            "Issuer": validated.issuer,
            "Audience": validated.audience,
            "NameQualifier": qualifier,
        }
    )
    return ActionResult(answer)
