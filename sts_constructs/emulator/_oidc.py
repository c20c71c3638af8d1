"""The emulator's OIDC issuer: one RSA key made at start signs tokens for every issuer.

The emulator stands in for the issuer of every OIDC provider deployed into it (GitHub Actions,
GitLab, an EKS cluster, any other URL) and for IAM's built-in issuers, which need no provider
(Cognito identity pools, Google, Facebook, Login with Amazon): it signs the tokens a test asks
for with its own key, serves that key as the issuer's JWKS on 127.0.0.1, and validates
``AssumeRoleWithWebIdentity`` tokens against it as STS validates them against the real
issuer's keys: signature, ``iss`` (a provider of the account, or a built-in issuer), ``aud``
(one of the provider's client IDs; a built-in issuer has none, the trust's conditions decide),
``exp`` and ``nbf``.
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from sts_constructs.emulator._decisions import Rejected

__all__ = ["OidcIssuer", "TokenRejected", "ValidatedToken", "condition_prefix"]

# Tokens the issuer signs live this long unless the request says otherwise (GitHub's: 5 min).
DEFAULT_LIFETIME_SECONDS = 300


class TokenRejected(Rejected):
    """STS refuses the token: ``code`` is the STS error code, the message says why."""


@dataclass(frozen=True)
class ValidatedToken:
    """A token whose signature, issuer, audience and lifetime passed."""

    issuer: str  # As the provider's URL names it, without ``https://``.
    provider_arn: str
    claims: dict[str, Any]


def condition_prefix(issuer_url: str) -> str:
    """Return the condition-key prefix of an issuer: its URL without ``https://``."""
    return issuer_url.removeprefix("https://").rstrip("/")


class OidcIssuer:
    """Sign and validate tokens with one key made when the emulator starts."""

    def __init__(self) -> None:
        self.key_id = f"sts-constructs-emulator-{secrets.token_hex(4)}"
        self._key = RSAKey.generate_key(
            2048, parameters={"kid": self.key_id, "use": "sig", "alg": "RS256"}, private=True
        )

    def jwks(self) -> dict[str, Any]:
        """Return the issuer's JSON Web Key Set (public key only)."""
        return {"keys": [self._key.as_dict(private=False)]}

    @staticmethod
    def discovery(issuer_url: str, jwks_uri: str) -> dict[str, Any]:
        """Return the OpenID discovery document of ``issuer_url``, keys at ``jwks_uri``."""
        return {
            "issuer": issuer_url,
            "jwks_uri": jwks_uri,
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def mint(
        self, claims: dict[str, Any], *, now: datetime, lifetime_seconds: int | None = None
    ) -> str:
        """Return a signed JWT with ``claims``; ``iat``, ``nbf``, ``exp`` added unless given.

        ``claims`` must hold ``iss`` (an ``https://`` URL) and ``aud``. Raises ``ValueError``.
        """
        issuer = claims.get("iss")
        if not isinstance(issuer, str) or not issuer.startswith("https://"):
            raise ValueError(f"iss: {issuer!r} is not an https:// issuer URL")
        if "aud" not in claims:
            raise ValueError("aud: missing; STS compares it with the provider's client IDs")
        issued = int(now.timestamp())
        lifetime = DEFAULT_LIFETIME_SECONDS if lifetime_seconds is None else lifetime_seconds
        body = {"iat": issued, "nbf": issued, "exp": issued + lifetime, **claims}
        return jwt.encode({"alg": "RS256", "kid": self.key_id, "typ": "JWT"}, body, self._key)

    def validate(
        self, token: str, *, providers: dict[str, tuple[str, list[str] | None]], now: datetime
    ) -> ValidatedToken:
        """Validate ``token`` as STS does; ``providers`` maps issuer URL -> (ARN, client IDs),
        or (name, None) for a built-in issuer, whose audience the trust's conditions check.

        Raises :class:`TokenRejected` with STS's error code: ``InvalidIdentityToken`` (bad
        signature, unknown issuer, wrong audience, not yet valid) or ``ExpiredTokenException``.
        """
        try:
            decoded = jwt.decode(token, self._key, algorithms=["RS256"])
        except JoseError as error:
            raise TokenRejected(
                "InvalidIdentityToken",
                f"the token's signature does not verify with the issuer's keys ({error.error})",
            ) from None
        except ValueError:
            raise TokenRejected("InvalidIdentityToken", "the token is not a signed JWT") from None
        claims = dict(decoded.claims)
        issuer = claims.get("iss")
        if not isinstance(issuer, str):
            raise TokenRejected("InvalidIdentityToken", "the token has no iss claim")
        match = {condition_prefix(url): (arn, ids) for url, (arn, ids) in providers.items()}
        found = match.get(condition_prefix(issuer))
        if found is None:
            raise TokenRejected(
                "InvalidIdentityToken",
                f"No OpenIDConnect provider found in your account for {issuer}",
            )
        provider_arn, client_ids = found
        audiences = claims.get("aud")
        audience_list = audiences if isinstance(audiences, list) else [audiences]
        # Tokens with azp (Google's): IAM compares azp with the client IDs instead of aud.
        compared = [claims["azp"]] if "azp" in claims else audience_list
        if client_ids is not None and not set(compared) & set(client_ids):
            raise TokenRejected(
                "InvalidIdentityToken",
                f"Incorrect token audience: {json.dumps(compared)} is not a client ID of "
                f"{provider_arn} ({', '.join(client_ids) or 'none'})",
            )
        timestamp = now.timestamp()
        expires = claims.get("exp")
        if not isinstance(expires, int | float):
            raise TokenRejected("InvalidIdentityToken", "the token has no exp claim")
        if timestamp >= expires:
            raise TokenRejected(
                "ExpiredTokenException",
                f"Token expired: current date/time {int(timestamp)} must be before the "
                f"expiration date/time {int(expires)}",
            )
        not_before = claims.get("nbf")
        if isinstance(not_before, int | float) and timestamp < not_before:
            raise TokenRejected(
                "InvalidIdentityToken",
                f"the token is not valid before {int(not_before)} (now {int(timestamp)})",
            )
        return ValidatedToken(condition_prefix(issuer), provider_arn, claims)
