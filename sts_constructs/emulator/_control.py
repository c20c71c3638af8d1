"""The emulator's own endpoints under ``/_emulator/``, in front of moto's WSGI application.

- ``GET|POST /_emulator/clock``: the emulator's time; POST ``{"advance_seconds": N}``.
- ``POST /_emulator/oidc/token``: sign a token, ``{"claims": {...}, "lifetime_seconds": N}``.
- ``GET /_emulator/oidc/<issuer host/path>/.well-known/openid-configuration`` and
  ``GET /_emulator/oidc/jwks``: the issuer's discovery document and keys.
- ``POST /_emulator/saml/response``: a signed SAML response for a deployed SAML provider.
- ``GET /_emulator/saml/certificate``: the IdP's certificate (PEM).
- ``POST /_emulator/instances``: launch an instance with a deployed instance profile;
  ``/_emulator/imds/<instance-id>/latest/...``: its instance metadata service (IMDSv2).
- ``POST /_emulator/organization``: create the AWS Organization of a config's accounts.
- ``GET /_emulator/decisions``: what the emulator decided, and why.

Only the emulator's clients call these; they listen on 127.0.0.1 like the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from sts_constructs.emulator._clock import CLOCK

__all__ = ["PREFIX", "ControlMiddleware"]

PREFIX = "/_emulator/"
_MAX_BODY = 1 << 20
Response = tuple[int, str, str]  # status, content type, body


class ControlMiddleware:
    """Serve ``/_emulator/...`` here and pass every other request to moto."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX):
            return self.app(environ, start_response)
        try:
            status, content_type, body = self._route(environ, path[len(PREFIX) :])
        except ValueError as error:
            status, content_type, body = 400, "application/json", json.dumps({"error": str(error)})
        reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}
        start_response(
            f"{status} {reason.get(status, 'Error')}",
            [("Content-Type", content_type), ("Content-Length", str(len(body.encode())))],
        )
        return [body.encode()]

    def _route(self, environ: dict[str, Any], path: str) -> Response:
        method = environ.get("REQUEST_METHOD", "GET")
        if path.startswith("imds/"):
            from sts_constructs.emulator._imds import handle

            instance_id, _, rest = path[len("imds/") :].partition("/")
            headers = {
                key[5:].replace("_", "-").title(): value
                for key, value in environ.items()
                if key.startswith("HTTP_")
            }
            status, body = handle(method, instance_id, rest, headers)
            return status, "text/plain", body
        request = _json_body(environ) if method == "POST" else {}
        if path == "clock":
            if method == "POST":
                CLOCK.advance(float(_field(request, "advance_seconds", (int, float))))
            return _json({"now": CLOCK.now().isoformat(), "offset_seconds": CLOCK.offset_seconds})
        if path == "decisions":
            from sts_constructs.emulator._decisions import DECISIONS

            return _json([d.as_json() for d in DECISIONS.entries()])
        if path == "oidc/token" and method == "POST":
            from sts_constructs.emulator._sts import ISSUER

            lifetime = request.get("lifetime_seconds")
            token = ISSUER.mint(
                dict(_field(request, "claims", dict)),
                now=CLOCK.now(),
                lifetime_seconds=int(lifetime) if lifetime is not None else None,
            )
            return _json({"token": token})
        if path == "oidc/jwks":
            from sts_constructs.emulator._sts import ISSUER

            return _json(ISSUER.jwks())
        if path.startswith("oidc/") and path.endswith("/.well-known/openid-configuration"):
            from sts_constructs.emulator._sts import ISSUER

            issuer = "https://" + path[len("oidc/") : -len("/.well-known/openid-configuration")]
            base = f"http://{environ.get('HTTP_HOST', '127.0.0.1')}{PREFIX}oidc/jwks"
            return _json(ISSUER.discovery(issuer, base))
        if path == "saml/certificate":
            from sts_constructs.emulator._sts import SAML_IDP

            return 200, "application/x-pem-file", SAML_IDP.certificate_pem.decode()
        if path == "saml/response" and method == "POST":
            return _json({"saml_response": _saml_response(request)})
        if path == "organization" and method == "POST":
            from sts_constructs.emulator._organization import create_organization

            accounts = _field(request, "accounts", dict)
            members = create_organization(
                organization_id=str(_field(request, "organization_id", str)),
                management_account_id=str(_field(request, "management_account_id", str)),
                accounts={str(k): str(v) for k, v in accounts.items()},
            )
            return _json({"accounts": members})
        if path == "instances" and method == "POST":
            from sts_constructs.emulator._imds import INSTANCES

            instance = INSTANCES.launch(
                account_id=str(_field(request, "account_id", str)),
                profile_name=str(_field(request, "instance_profile", str)),
            )
            return _json({"instance_id": instance.instance_id, "role_name": instance.role_name})
        return 404, "application/json", json.dumps({"error": f"no endpoint {PREFIX}{path}"})


def _saml_response(request: dict[str, Any]) -> str:
    """Sign a response for the deployed provider ``provider_arn`` offering ``role_arn``."""
    from moto.iam.models import iam_backends

    from sts_constructs.emulator._saml import entity_id
    from sts_constructs.emulator._sts import SAML_IDP

    provider_arn = str(_field(request, "provider_arn", str))
    role_arn = str(_field(request, "role_arn", str))
    parts = provider_arn.split(":")
    if len(parts) != 6 or not parts[5].startswith("saml-provider/"):
        raise ValueError(f"provider_arn: {provider_arn!r} is not a SAML provider ARN")
    backend = iam_backends[parts[4]]["aws"]
    provider = backend.saml_providers.get(parts[5].removeprefix("saml-provider/"))
    if provider is None:
        raise ValueError(f"provider_arn: {provider_arn!r} is not deployed in the emulator")
    issuer = request.get("issuer") or entity_id(provider.saml_metadata_document)
    if not issuer:
        raise ValueError(f"provider_arn: {provider_arn!r} has metadata without an entityID")
    return SAML_IDP.sign_response(
        issuer=str(issuer),
        subject=str(_field(request, "subject", str)),
        roles=[(role_arn, provider_arn)],
        now=CLOCK.now(),
        session_name=request.get("session_name"),
        audience=str(request.get("audience", "https://signin.aws.amazon.com/saml")),
        recipient=request.get("recipient"),
        lifetime_seconds=int(request.get("lifetime_seconds", 300)),
        duration_seconds=request.get("duration_seconds"),
        attributes=request.get("attributes"),
    )


def _json_body(environ: dict[str, Any]) -> dict[str, Any]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length > _MAX_BODY:
        raise ValueError(f"request body: {length} bytes; at most {_MAX_BODY}")
    raw = environ["wsgi.input"].read(length) if length else b"{}"
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise ValueError("request body: not JSON") from None
    if not isinstance(data, dict):
        raise ValueError("request body: not a JSON object")
    return data


def _field(request: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = request.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(f"{name}: {value!r} is missing or of the wrong type")
    return value


def _json(data: Any) -> Response:
    return 200, "application/json", json.dumps(data, default=str)
