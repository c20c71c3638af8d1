"""The client side of the emulator's own endpoints (``/_emulator/``): clock, tokens, IdP, IMDS.

Mixed into :class:`~sts_constructs.emulator.Emulator`; every method needs a started emulator.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = ["ControlClient", "DecisionRecord", "EmulatedInstance"]


@dataclass(frozen=True)
class EmulatedInstance:
    """An emulated EC2 instance: its ID, role, and the IMDS base URL botocore reads."""

    instance_id: str
    role_name: str
    metadata_endpoint: str  # For AWS_EC2_METADATA_SERVICE_ENDPOINT.

    def environment(self) -> dict[str, str]:
        """Return the variables under which botocore's chain finds the instance's role."""
        return {"AWS_EC2_METADATA_SERVICE_ENDPOINT": self.metadata_endpoint}


@dataclass(frozen=True)
class DecisionRecord:
    """One decision of the emulator: API or action, principal, target, outcome, why, notes."""

    api: str
    principal: str
    target: str
    allowed: bool
    why: str
    notes: tuple[str, ...]


class ControlClient:
    """Methods that call the emulator's ``/_emulator/`` endpoints."""

    endpoint_url: str
    account_id: str

    def _control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        from sts_constructs.emulator._process import EmulatorError

        if not self.endpoint_url:
            raise EmulatorError("the emulator is not started")
        request = urllib.request.Request(
            f"{self.endpoint_url}/_emulator/{path}",
            data=None if body is None else json.dumps(body).encode(),
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            detail = json.loads(error.read() or b"{}").get("error", error.reason)
            raise EmulatorError(f"the emulator refused {path}: {detail}") from None
        return raw.decode() if path.endswith("certificate") else json.loads(raw)

    def now(self) -> datetime:
        """Return the emulator's clock (UTC)."""
        return datetime.fromisoformat(self._control("clock")["now"])

    def advance_clock(self, seconds: float) -> datetime:
        """Move the emulator's clock ``seconds`` forward (credentials, tokens, TOTP follow)."""
        return datetime.fromisoformat(self._control("clock", {"advance_seconds": seconds})["now"])

    def oidc_token(self, claims: dict[str, Any], *, lifetime_seconds: int | None = None) -> str:
        """Return a JWT the emulator's OIDC key signed, with ``claims`` (``iss``, ``aud``...).

        ``iat``/``nbf``/``exp`` are added from the emulator's clock unless given;
        ``lifetime_seconds`` defaults to 300. See :mod:`sts_constructs.emulator.tokens`.
        """
        body: dict[str, Any] = {"claims": claims}
        if lifetime_seconds is not None:
            body["lifetime_seconds"] = lifetime_seconds
        return str(self._control("oidc/token", body)["token"])

    def oidc_discovery_url(self, issuer_url: str) -> str:
        """Return where the emulator serves ``issuer_url``'s discovery document."""
        return (
            f"{self.endpoint_url}/_emulator/oidc/{issuer_url.removeprefix('https://')}"
            "/.well-known/openid-configuration"
        )

    def saml_response(
        self,
        *,
        provider_arn: str,
        role_arn: str,
        subject: str,
        session_name: str | None = None,
        **options: Any,
    ) -> str:
        """Return a base64 SAML response signed by the emulator's IdP for a deployed provider.

        ``options``: ``audience``, ``recipient``, ``lifetime_seconds``, ``duration_seconds``,
        ``issuer``, ``attributes`` (name -> values).
        """
        body = {
            "provider_arn": provider_arn,
            "role_arn": role_arn,
            "subject": subject,
            "session_name": session_name,
            **options,
        }
        return str(self._control("saml/response", body)["saml_response"])

    def saml_certificate(self) -> str:
        """Return the PEM certificate the emulator uses in place of every provider's."""
        return str(self._control("saml/certificate"))

    def create_organization(
        self,
        *,
        organization_id: str,
        management_account_id: str,
        accounts: dict[str, str],  # account ID -> name
    ) -> list[str]:
        """Hold the AWS Organization ``organization_id`` with ``accounts`` as members.

        Callers of member accounts then carry ``aws:PrincipalOrgID``. Return the members.
        """
        answer = self._control(
            "organization",
            {
                "organization_id": organization_id,
                "management_account_id": management_account_id,
                "accounts": accounts,
            },
        )
        return list(answer["accounts"])

    def launch_instance(
        self, instance_profile: str, *, account_id: str | None = None
    ) -> EmulatedInstance:
        """Start an emulated instance with the deployed ``instance_profile`` (its name)."""
        answer = self._control(
            "instances",
            {"instance_profile": instance_profile, "account_id": account_id or self.account_id},
        )
        return EmulatedInstance(
            instance_id=answer["instance_id"],
            role_name=answer["role_name"],
            metadata_endpoint=f"{self.endpoint_url}/_emulator/imds/{answer['instance_id']}/",
        )

    def decisions(self) -> list[DecisionRecord]:
        """Return what the emulator decided so far, oldest first."""
        return [
            DecisionRecord(
                d["api"], d["principal"], d["target"], d["allowed"], d["why"], tuple(d["notes"])
            )
            for d in self._control("decisions")
        ]

    def mfa_code(self, seed: str) -> str:
        """Return the TOTP code of a virtual MFA device's base32 ``seed`` at the emulator's time.

        The seed is what ``CreateVirtualMFADevice`` returned (``Base32StringSeed``).
        """
        import pyotp

        return str(pyotp.TOTP(seed).at(self.now()))
