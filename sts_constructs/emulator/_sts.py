"""The emulator's STS: every credential-issuing API decided by the project's evaluator.

Installed into moto's server process by :func:`install`, through moto's own extension points:
the methods of its STS response class (``moto.sts.responses.TokenResponse``) for the APIs,
and the request classes of ``moto.iam.access_control`` for every other call. moto keeps
issuing the keys (in the right account's backends); the emulator adds what AWS decides with:
trust and identity policies through the evaluator, tokens and assertions checked, MFA codes,
durations, session policies and tags, and expiry on the emulator's clock.
https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.iam.models import iam_backends
from moto.sts.models import sts_backends
from moto.sts.responses import TokenResponse

from sts_constructs.emulator._clock import CLOCK
from sts_constructs.emulator._decide import Verdict, decide_assume, decide_federation_token
from sts_constructs.emulator._decisions import DECISIONS, Decision
from sts_constructs.emulator._identity import Identity, identity_of, managed_document
from sts_constructs.emulator._mfa import mfa_failure
from sts_constructs.emulator._oidc import OidcIssuer, TokenRejected
from sts_constructs.emulator._saml import SamlIdentityProvider, SamlRejected, entity_id
from sts_constructs.emulator._sessions import SESSIONS, Session
from sts_constructs.validation import (
    ASSUME_ROLE_MIN_DURATION_SECONDS,
    SESSION_POLICY_MAX_CHARS,
    SESSION_TOKEN_MAX_SECONDS,
    validate_external_id,
    validate_federated_user_name,
    validate_role_arn,
    validate_role_session_name,
)

__all__ = ["ISSUER", "SAML_IDP", "StsError", "install"]

ISSUER = OidcIssuer()
SAML_IDP = SamlIdentityProvider()
_PARTITION = "aws"
_DEFAULT_DURATION = 3_600
_LONG_TERM_DEFAULT_DURATION = 43_200  # GetFederationToken and GetSessionToken
# The GitHub claims STS exposes as condition keys of their own (issue 16's list).
_GITHUB_ISSUER = "token.actions.githubusercontent.com"
# Decided in the handlers below, which see every parameter of the call.
HANDLED_ACTIONS = frozenset(
    {
        "sts:AssumeRole",
        "sts:AssumeRoleWithWebIdentity",
        "sts:AssumeRoleWithSAML",
        "sts:GetFederationToken",
        "sts:GetSessionToken",
        "sts:GetCallerIdentity",
    }
)
_UNSIGNED_APIS = frozenset({"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"})


class StsError(ServiceException):
    """An STS error answer: ``code`` is STS's error code (AccessDenied, ValidationError...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)


def enforced() -> bool:
    """Return whether IAM authorization is switched on (moto's reset-auth switch)."""
    return bool(ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT)


def install() -> None:
    """Replace moto's STS handlers and request authorization with the emulator's."""
    from moto.iam import access_control

    from sts_constructs.emulator._authorize import EmulatorIAMRequest, EmulatorS3IAMRequest

    access_control.IAMRequest = EmulatorIAMRequest  # type: ignore[misc]
    access_control.S3IAMRequest = EmulatorS3IAMRequest  # type: ignore[misc]
    TokenResponse._authenticate_and_authorize_normal_action = _authorize  # type: ignore[method-assign, assignment]
    TokenResponse.assume_role = _assume_role  # type: ignore[method-assign]
    TokenResponse.assume_role_with_web_identity = _assume_role_with_web_identity  # type: ignore[method-assign]
    TokenResponse.assume_role_with_saml = _assume_role_with_saml  # type: ignore[method-assign]
    TokenResponse.get_federation_token = _get_federation_token  # type: ignore[method-assign]
    TokenResponse.get_session_token = _get_session_token  # type: ignore[method-assign]
    TokenResponse.get_caller_identity = _get_caller_identity  # type: ignore[method-assign]


def _authorize(self: TokenResponse, resource: str = "*") -> None:
    """AssumeRoleWithWebIdentity and AssumeRoleWithSAML are unsigned, as on AWS."""
    if self._get_action() in _UNSIGNED_APIS:
        return
    ActionAuthenticatorMixin._authenticate_and_authorize_normal_action(self, resource)


# ---------------------------------------------------------------------------- parameters


def _text(self: TokenResponse, name: str) -> str | None:
    value = self._get_param(name)
    return value if isinstance(value, str) else None


def _duration(self: TokenResponse, default: int) -> int:
    raw = self._get_param("DurationSeconds")
    if raw is None:
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise StsError("ValidationError", f"DurationSeconds: {raw!r} is not a number") from None


def _checked(check: Any, value: Any) -> Any:
    try:
        return check(value)
    except ValueError as error:
        raise StsError("ValidationError", str(error)) from None


def _session_policies(self: TokenResponse, account_id: str) -> tuple[dict[str, Any], ...]:
    """Return the inline ``Policy`` and the ``PolicyArns`` documents of the call."""
    policies: list[dict[str, Any]] = []
    inline = _text(self, "Policy")
    if inline is not None:
        if len(inline) > SESSION_POLICY_MAX_CHARS:
            raise StsError(
                "PackedPolicyTooLarge",
                f"Policy: {len(inline)} characters; a session policy has at most "
                f"{SESSION_POLICY_MAX_CHARS}",
            )
        try:
            policies.append(json.loads(inline))
        except ValueError:
            raise StsError("MalformedPolicyDocument", "Policy: not a JSON document") from None
    arns = self._get_param("PolicyArns") or []
    backend = iam_backends[account_id][_PARTITION]
    for item in arns:
        arn = item.get("arn") if isinstance(item, dict) else None
        document = managed_document(backend, arn) if isinstance(arn, str) else None
        if document is None:
            raise StsError("MalformedPolicyDocument", f"PolicyArns: {arn!r} is not a policy")
        policies.append(document)
    return tuple(policies)


def _tags(self: TokenResponse) -> tuple[dict[str, str], frozenset[str]]:
    tags = {t["Key"]: t["Value"] for t in self._get_param("Tags") or []}
    transitive = frozenset(self._get_param("TransitiveTagKeys") or [])
    if not transitive <= tags.keys():
        raise StsError(
            "InvalidParameterValue",
            f"TransitiveTagKeys: {sorted(transitive - tags.keys())} are not keys of Tags",
        )
    return tags, transitive


# ----------------------------------------------------------------------------- helpers


def _caller(self: TokenResponse) -> Identity | None:
    key = self.get_access_key()
    return identity_of(key) if key else None


def _role(role_arn: str) -> Any | None:
    account_id = role_arn.split(":")[4]
    backend = iam_backends[account_id][_PARTITION]
    try:
        return backend.get_role_by_arn(role_arn)
    except Exception:
        return None


def _denied(
    api: str, principal: str, target: str, why: str, notes: tuple[str, ...] = ()
) -> Exception:
    """Log the denial; return STS's AccessDenied answer (HTTP 403, as AWS sends it)."""
    from moto.core.exceptions import AccessDeniedError

    from sts_constructs.emulator._authorize import with_message

    DECISIONS.add(Decision(api, principal, target, False, why, notes))
    error = AccessDeniedError(user_arn=principal, action=f"sts:{api}")
    return with_message(  # type: ignore[no-any-return]
        error,
        f"User: {principal} is not authorized to perform: sts:{api} on resource: {target} "
        f"because {why}",
    )


def _refused(
    api: str, principal: str, target: str, verdict: Verdict, notes: tuple[str, ...] = ()
) -> Exception:
    """Return STS's answer to a refused call: AccessDenied, or ValidationError (duration)."""
    if verdict.error_code == "ValidationError":
        return _rejected(api, principal, target, "ValidationError", verdict.why, notes)
    return _denied(api, principal, target, verdict.why, notes)


def _rejected(
    api: str, principal: str, target: str, code: str, why: str, notes: tuple[str, ...] = ()
) -> StsError:
    DECISIONS.add(Decision(api, principal, target, False, why, notes))
    return StsError(code, why)


def _issue_role_session(
    region: str,
    *,
    api: str,
    role: Any,
    session_name: str,
    duration: int,
    policies: tuple[dict[str, Any], ...],
    mfa_at: datetime | None,
    tags: dict[str, str],
    transitive: frozenset[str],
    source_identity: str | None,
    chained: bool,
    federated_context: dict[str, Any],
) -> tuple[Session, dict[str, Any]]:
    """Have moto make the key in the role's account; register what AWS remembers of it."""
    backend: Any = sts_backends[role.account_id][_PARTITION]
    assumed = backend.assume_role(
        region_name=region,
        role_session_name=session_name,
        role_arn=role.arn,
        policy=None,
        duration=duration,
        external_id=None,
    )
    now = CLOCK.now()
    assumed.expiration = now + timedelta(seconds=duration)
    arn = f"arn:{_PARTITION}:sts::{role.account_id}:assumed-role/{role.name}/{session_name}"
    session = Session(
        kind="assumed-role",
        access_key_id=assumed.access_key_id,
        secret_access_key=assumed.secret_access_key,
        session_token=assumed.session_token,
        account_id=role.account_id,
        arn=arn,
        principal_arn=role.arn,
        user_id=f"{role.id}:{session_name}",
        issued_at=now,
        expires_at=now + timedelta(seconds=duration),
        api=api,
        role_arn=role.arn,
        role_name=role.name,
        session_policies=policies,
        mfa_authenticated_at=mfa_at,
        tags=tags,
        transitive_tag_keys=transitive,
        source_identity=source_identity,
        chained=chained,
        federated_context=federated_context,
    )
    SESSIONS.add(session)
    answer: dict[str, Any] = {
        "Credentials": _credentials(session),
        "AssumedRoleUser": {"AssumedRoleId": session.user_id, "Arn": arn},
        "PackedPolicySize": _packed_size(policies, tags),
    }
    if source_identity:
        answer["SourceIdentity"] = source_identity
    return session, answer


def _credentials(session: Session) -> dict[str, Any]:
    return {
        "AccessKeyId": session.access_key_id,
        "SecretAccessKey": session.secret_access_key,
        "SessionToken": session.session_token,
        "Expiration": session.expires_at,
    }


def _packed_size(policies: tuple[dict[str, Any], ...], tags: dict[str, str]) -> int:
    """Return a percentage like AWS's PackedPolicySize (ours: characters over the quota)."""
    used = sum(len(json.dumps(p, separators=(",", ":"))) for p in policies)
    used += sum(len(k) + len(v) for k, v in tags.items())
    return min(100, round(100 * used / SESSION_POLICY_MAX_CHARS))


def _allowed(
    api: str, principal: str, target: str, verdict: Verdict, notes: tuple[str, ...] = ()
) -> None:
    DECISIONS.add(Decision(api, principal, target, True, verdict.why, notes))


# -------------------------------------------------------------------------- AssumeRole


def _assume_role(self: TokenResponse) -> ActionResult:
    api = "AssumeRole"
    role_arn = _checked(lambda v: validate_role_arn("RoleArn", v), _text(self, "RoleArn"))
    session_name = _checked(
        lambda v: validate_role_session_name("RoleSessionName", v), _text(self, "RoleSessionName")
    )
    caller = _caller(self)
    principal = caller.arn if caller else "an unknown caller"
    role = _role(role_arn)
    # Role chaining, or a user's GetSessionToken credentials: AWS caps both at 1 hour.
    chained = caller is not None and (caller.kind == "assumed-role" or caller.session is not None)
    duration = _duration(self, _DEFAULT_DURATION)
    external_id = _text(self, "ExternalId")
    if external_id is not None:
        _checked(lambda v: validate_external_id("ExternalId", v), external_id)
    tags, transitive = _tags(self)
    source_identity = _text(self, "SourceIdentity")
    now = CLOCK.now()
    mfa_at = caller.session.mfa_authenticated_at if caller and caller.session else None
    serial, code = _text(self, "SerialNumber"), _text(self, "TokenCode")
    if serial is not None or code is not None:
        why = _mfa(caller, serial, code, now)
        if why is not None:
            raise _denied(api, principal, role_arn, why)
        mfa_at = now
    if caller is not None and caller.session is not None:
        # Transitive tags of the session it chains from carry over and cannot be changed.
        inherited = {k: caller.session.tags[k] for k in caller.session.transitive_tag_keys}
        clash = sorted(k for k in inherited if k in tags and tags[k] != inherited[k])
        if clash:
            raise _rejected(
                api,
                principal,
                role_arn,
                "InvalidParameterValue",
                f"Tags: {clash} are transitive tags of the calling session and cannot be changed",
            )
        tags = {**inherited, **tags}
        transitive = transitive | caller.session.transitive_tag_keys
        if caller.session.source_identity:
            if source_identity not in (None, caller.session.source_identity):
                raise _rejected(
                    api,
                    principal,
                    role_arn,
                    "InvalidParameterValue",
                    "SourceIdentity: a chained session keeps the source identity it was given",
                )
            source_identity = caller.session.source_identity
    context: dict[str, Any] = {}
    if mfa_at is not None:
        context["aws:MultiFactorAuthPresent"] = "true"
        context["aws:MultiFactorAuthAge"] = str(int((now - mfa_at).total_seconds()))
    if enforced():
        if caller is None:
            raise StsError(
                "InvalidClientTokenId", "The security token included in the request is invalid."
            )
        if role is None:
            raise _denied(api, principal, role_arn, f"no role {role_arn} exists")
        verdict = decide_assume(
            api,
            caller=caller,
            principal=None,
            role=role,
            context=context,
            session_name=session_name,
            external_id=external_id,
            tags=tags,
            transitive_tag_keys=transitive,
            source_identity=_text(self, "SourceIdentity"),
            duration_seconds=duration,
        )
        if not verdict.allowed:
            raise _refused(api, principal, role_arn, verdict)
        _allowed(api, principal, role_arn, verdict)
    elif role is None:
        # Enforcement is off (the emulator's own setup): moto's answer for a missing role.
        moto_sts: Any = self.backend
        assumed = moto_sts.assume_role(
            region_name=self.region,
            role_session_name=session_name,
            role_arn=role_arn,
            policy=_text(self, "Policy"),
            duration=duration,
            external_id=external_id,
        )
        return ActionResult(
            {
                "Credentials": assumed,
                "AssumedRoleUser": {"AssumedRoleId": assumed.user_id, "Arn": assumed.arn},
            }
        )
    _, answer = _issue_role_session(
        self.region,
        api=api,
        role=role,
        session_name=session_name,
        duration=duration,
        policies=_session_policies(self, role.account_id),
        mfa_at=mfa_at,
        tags=tags,
        transitive=transitive,
        source_identity=source_identity,
        chained=chained,
        federated_context={},
    )
    return ActionResult(answer)


def _federated_session(
    self: TokenResponse,
    *,
    api: str,
    principal: str,
    provider_arn: str,
    role_arn: str,
    role: Any | None,
    session_name: str,
    duration: int,
    context: dict[str, Any],
    notes: tuple[str, ...],
) -> dict[str, Any]:
    """Decide a web-identity or SAML call whose token was validated; issue the role session."""
    if enforced():
        if role is None:
            raise _denied(api, principal, role_arn, f"no role {role_arn} exists", notes)
        verdict = decide_assume(
            api,
            caller=None,
            principal=("Federated", provider_arn),
            role=role,
            context=context,
            session_name=session_name,
            duration_seconds=duration,
        )
        if not verdict.allowed:
            raise _refused(api, principal, role_arn, verdict, notes)
        _allowed(api, principal, role_arn, verdict, notes)
    elif role is None:
        raise StsError("AccessDenied", f"no role {role_arn} exists")
    _, answer = _issue_role_session(
        self.region,
        api=api,
        role=role,
        session_name=session_name,
        duration=duration,
        policies=_session_policies(self, role.account_id),
        mfa_at=None,
        tags={},
        transitive=frozenset(),
        source_identity=None,
        chained=False,
        federated_context={"aws:FederatedProvider": provider_arn},
    )
    return answer


def _mfa(
    caller: Identity | None, serial: str | None, code: str | None, now: datetime
) -> str | None:
    if serial is None or code is None:
        return "SerialNumber and TokenCode go together"
    if caller is None or caller.user_name is None:
        return "only an IAM user can pass an MFA code, with its own device"
    backend = iam_backends[caller.account_id][_PARTITION]
    user = backend.users.get(caller.user_name)
    return mfa_failure(backend, user=user, serial_number=serial, token_code=code, now=now)


# ------------------------------------------------------------- AssumeRoleWithWebIdentity


def _assume_role_with_web_identity(self: TokenResponse) -> ActionResult:
    api = "AssumeRoleWithWebIdentity"
    role_arn = _checked(lambda v: validate_role_arn("RoleArn", v), _text(self, "RoleArn"))
    session_name = _checked(
        lambda v: validate_role_session_name("RoleSessionName", v), _text(self, "RoleSessionName")
    )
    token = _text(self, "WebIdentityToken") or ""
    account_id = role_arn.split(":")[4]
    backend = iam_backends[account_id][_PARTITION]
    providers = {
        f"https://{p.url}": (p.arn, list(p.client_id_list))
        for p in backend.open_id_providers.values()
    }
    try:
        validated = ISSUER.validate(token, providers=providers, now=CLOCK.now())
    except TokenRejected as error:
        raise _rejected(api, "a web identity", role_arn, error.code, str(error)) from None
    claims = validated.claims
    principal = f"{validated.provider_arn} (sub {claims.get('sub')!r})"
    notes = (
        f"the token was signed by the emulator's OIDC key, standing in for {validated.issuer}",
    )
    role = _role(role_arn)
    duration = _duration(self, _DEFAULT_DURATION)
    context = _web_identity_context(validated.issuer, claims)
    answer = _federated_session(
        self,
        api=api,
        principal=principal,
        provider_arn=validated.provider_arn,
        role_arn=role_arn,
        role=role,
        session_name=session_name,
        duration=duration,
        context=context,
        notes=notes,
    )
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
    """Return the condition keys STS fills from a token: ``<issuer>:sub``, ``:aud`` ...

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
    """
    audience = claims.get("azp") or claims.get("aud")
    context: dict[str, Any] = {f"{issuer}:sub": claims.get("sub"), f"{issuer}:aud": audience}
    if "azp" in claims:
        context[f"{issuer}:oaud"] = claims.get("aud")
    if "amr" in claims:
        context[f"{issuer}:amr"] = claims["amr"]
    if issuer.split("/")[0] == _GITHUB_ISSUER:
        from sts_constructs.federation._github_claims import GITHUB_CLAIM_KEYS

        for key in GITHUB_CLAIM_KEYS:
            if key in claims:
                context[f"{issuer}:{key}"] = str(claims[key])
    return {k: v for k, v in context.items() if v is not None}


# --------------------------------------------------------------------- AssumeRoleWithSAML


def _assume_role_with_saml(self: TokenResponse) -> ActionResult:
    api = "AssumeRoleWithSAML"
    role_arn = _checked(lambda v: validate_role_arn("RoleArn", v), _text(self, "RoleArn"))
    provider_arn = _text(self, "PrincipalArn") or ""
    account_id = role_arn.split(":")[4]
    backend = iam_backends[account_id][_PARTITION]
    provider = (
        backend.saml_providers.get(provider_arn.rsplit("/", 1)[-1])
        if provider_arn.split(":")[4:5] == [account_id]
        else None
    )
    if provider is None or provider.arn != provider_arn:
        raise _rejected(
            api,
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
            _text(self, "SAMLAssertion") or "",
            provider_entity_id=entity_id(provider.saml_metadata_document),
            now=CLOCK.now(),
        )
    except SamlRejected as error:
        raise _rejected(api, provider_arn, role_arn, error.code, str(error), notes) from None
    principal = f"{provider_arn} (sub {validated.subject!r})"
    if (role_arn, provider_arn) not in validated.roles:
        raise _denied(
            api,
            principal,
            role_arn,
            f"the assertion's Role attribute does not offer {role_arn} through {provider_arn}",
            notes,
        )
    if not validated.session_name:
        raise _rejected(
            api,
            principal,
            role_arn,
            "InvalidIdentityToken",
            "the assertion has no RoleSessionName attribute",
            notes,
        )
    session_name = _checked(
        lambda v: validate_role_session_name("RoleSessionName attribute", v),
        validated.session_name,
    )
    role = _role(role_arn)
    requested = _duration(self, _DEFAULT_DURATION)
    duration = min(requested, validated.duration_seconds or requested)
    qualifier = base64.b64encode(
        hashlib.sha1(f"{validated.issuer}{account_id}/{provider.name}".encode()).digest()
    ).decode()
    context: dict[str, Any] = {
        "SAML:aud": validated.audience,
        "SAML:iss": validated.issuer,
        "SAML:sub": validated.subject,
        "SAML:sub_type": validated.subject_type,
        "SAML:namequalifier": qualifier,
    }
    answer = _federated_session(
        self,
        api=api,
        principal=principal,
        provider_arn=provider_arn,
        role_arn=role_arn,
        role=role,
        session_name=session_name,
        duration=duration,
        context=context,
        notes=notes,
    )
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


# ---------------------------------------------------- GetFederationToken, GetSessionToken


def _long_term_caller(self: TokenResponse, api: str) -> Identity:
    caller = _caller(self)
    if caller is None:
        raise StsError(
            "InvalidClientTokenId", "The security token included in the request is invalid."
        )
    if caller.kind != "user":
        raise _denied(
            api,
            caller.arn,
            "*",
            f"{api} must be called with an IAM user's long-term "
            "access key, not with session credentials",
        )
    return caller


def _temporary_key(account_id: str) -> Any:
    return iam_backends[account_id][_PARTITION].create_temp_access_key()


def _get_federation_token(self: TokenResponse) -> ActionResult:
    api = "GetFederationToken"
    caller = _long_term_caller(self, api)
    name = _checked(lambda v: validate_federated_user_name("Name", v), _text(self, "Name"))
    duration = _duration(self, _LONG_TERM_DEFAULT_DURATION)
    arn = f"arn:{_PARTITION}:sts::{caller.account_id}:federated-user/{name}"
    tags, _ = _tags(self)
    policies = _session_policies(self, caller.account_id)
    if enforced():
        verdict = decide_federation_token(caller, name=name, duration_seconds=duration)
        if not verdict.allowed:
            raise _refused(api, caller.arn, arn, verdict)
        why = verdict.why + (
            "; the session's permissions are the intersection of the broker's policies and "
            "the session policies passed"
            if policies
            else "; no session policy was passed, so the session has no permissions"
        )
        _allowed(api, caller.arn, arn, Verdict(True, why))
    key = _temporary_key(caller.account_id)
    now = CLOCK.now()
    session = Session(
        kind="federated-user",
        access_key_id=key.access_key_id,
        secret_access_key=key.secret_access_key,
        session_token=_session_token(),
        account_id=caller.account_id,
        arn=arn,
        principal_arn=arn,
        user_id=f"{caller.account_id}:{name}",
        issued_at=now,
        expires_at=now + timedelta(seconds=duration),
        api=api,
        user_name=caller.user_name,
        session_policies=policies,
        tags=tags,
    )
    SESSIONS.add(session)
    return ActionResult(
        {
            "Credentials": _credentials(session),
            "FederatedUser": {"FederatedUserId": session.user_id, "Arn": arn},
            "PackedPolicySize": _packed_size(policies, tags),
        }
    )


def _get_session_token(self: TokenResponse) -> ActionResult:
    api = "GetSessionToken"
    caller = _long_term_caller(self, api)
    duration = _duration(self, _LONG_TERM_DEFAULT_DURATION)
    if not ASSUME_ROLE_MIN_DURATION_SECONDS <= duration <= SESSION_TOKEN_MAX_SECONDS:
        raise _rejected(
            api,
            caller.arn,
            caller.arn,
            "ValidationError",
            f"DurationSeconds: {duration} is not between {ASSUME_ROLE_MIN_DURATION_SECONDS} and "
            f"{SESSION_TOKEN_MAX_SECONDS}",
        )
    now = CLOCK.now()
    mfa_at = None
    serial, code = _text(self, "SerialNumber"), _text(self, "TokenCode")
    if serial is not None or code is not None:
        why = _mfa(caller, serial, code, now)
        if why is not None:
            raise _denied(api, caller.arn, caller.arn, why)
        mfa_at = now
    DECISIONS.add(
        Decision(
            api,
            caller.arn,
            caller.arn,
            True,
            "any IAM user may get a session token"
            + (
                f"; MFA with {serial} sets aws:MultiFactorAuthPresent for its calls"
                if mfa_at
                else ""
            ),
        )
    )
    key = _temporary_key(caller.account_id)
    session = Session(
        kind="session-token",
        access_key_id=key.access_key_id,
        secret_access_key=key.secret_access_key,
        session_token=_session_token(),
        account_id=caller.account_id,
        arn=caller.arn,
        principal_arn=caller.arn,
        user_id=str(caller.context.get("aws:userid", "")),
        issued_at=now,
        expires_at=now + timedelta(seconds=duration),
        api=api,
        user_name=caller.user_name,
        mfa_authenticated_at=mfa_at,
    )
    SESSIONS.add(session)
    return ActionResult({"Credentials": _credentials(session)})


def _session_token() -> str:
    from moto.sts.utils import random_session_token

    return str(random_session_token())


def _get_caller_identity(self: TokenResponse) -> ActionResult:
    session = SESSIONS.get(self.get_access_key())
    if session is not None:
        return ActionResult(
            {"UserId": session.user_id, "Account": session.account_id, "Arn": session.arn}
        )
    user_id, arn, account_id = self.backend.get_caller_identity(self.get_access_key(), self.region)
    return ActionResult({"UserId": user_id, "Account": account_id, "Arn": arn})


# ------------------------------------------------------------------ instance credentials


def issue_instance_session(instance: Any, *, seconds: int) -> Session:
    """Assume the instance profile's role as ``ec2.amazonaws.com`` does, for the IMDS.

    Raises ``PermissionError`` with the evaluator's reason when the trust does not allow it.
    """
    from sts_constructs.emulator._imds import EC2_SERVICE

    role = iam_backends[instance.account_id][_PARTITION].get_role(instance.role_name)
    principal = f"{EC2_SERVICE} for {instance.instance_id}"
    notes = (
        f"{instance.instance_id} is an emulated instance of profile {instance.profile_name}: "
        "the emulator plays EC2 and calls AssumeRole as ec2.amazonaws.com",
    )
    if enforced():
        verdict = decide_assume(
            "AssumeRole",
            caller=None,
            principal=("Service", EC2_SERVICE),
            role=role,
            context={"sts:RoleSessionName": instance.instance_id},
        )
        if not verdict.allowed:
            DECISIONS.add(Decision("AssumeRole", principal, role.arn, False, verdict.why, notes))
            raise PermissionError(verdict.why)
        DECISIONS.add(Decision("AssumeRole", principal, role.arn, True, verdict.why, notes))
    session, _ = _issue_role_session(
        "us-east-1",
        api="AssumeRole",
        role=role,
        session_name=instance.instance_id,
        duration=seconds,
        policies=(),
        mfa_at=None,
        tags={},
        transitive=frozenset(),
        source_identity=None,
        chained=False,
        federated_context={},
    )
    return session
