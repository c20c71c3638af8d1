"""What an STS call brings: its parameters checked as STS checks them, its caller, its role.

:class:`StsCall` reads moto's STS response object (``moto.sts.responses.TokenResponse``) of
the call and raises :class:`StsError` with STS's error code when a parameter is refused.
https://docs.aws.amazon.com/STS/latest/APIReference/CommonParameters.html
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from moto.core.exceptions import ServiceException
from moto.iam.models import iam_backends
from moto.sts.responses import TokenResponse

from sts_constructs.emulator._identity import Identity, identity_of, managed_document
from sts_constructs.emulator._mfa import mfa_failure
from sts_constructs.validation import (
    SESSION_POLICY_MAX_CHARS,
    validate_role_arn,
    validate_role_session_name,
)

__all__ = ["PARTITION", "StsCall", "StsError", "checked", "iam_of", "mfa_refusal", "role_of"]

PARTITION = "aws"


class StsError(ServiceException):
    """An STS error answer: ``code`` is STS's error code (AccessDenied, ValidationError...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)


def iam_of(account_id: str) -> Any:
    """Return moto's IAM backend of ``account_id``."""
    return iam_backends[account_id][PARTITION]


def checked(validator: Callable[[str, Any], Any], field: str, value: Any) -> Any:
    """Return ``validator(field, value)``; its ValueError becomes STS's ValidationError."""
    try:
        return validator(field, value)
    except ValueError as error:
        raise StsError("ValidationError", str(error)) from None


class StsCall:
    """One STS call, as moto's response object (``TokenResponse``) holds it."""

    def __init__(self, response: TokenResponse) -> None:
        self.response = response

    def text(self, name: str) -> str | None:
        """Return the parameter ``name`` when it is a string, else None."""
        value = self.response._get_param(name)
        return value if isinstance(value, str) else None

    def checked_text(self, name: str, validator: Callable[[str, Any], Any]) -> Any:
        """Return the parameter ``name`` as ``validator`` returns it (see :func:`checked`)."""
        return checked(validator, name, self.text(name))

    def role_arn(self) -> str:
        """Return the ``RoleArn`` parameter, checked."""
        return str(self.checked_text("RoleArn", validate_role_arn))

    def session_name(self) -> str:
        """Return the ``RoleSessionName`` parameter, checked."""
        return str(self.checked_text("RoleSessionName", validate_role_session_name))

    def duration(self, default: int) -> int:
        """Return ``DurationSeconds`` (``default`` when absent); not a number: ValidationError."""
        raw = self.response._get_param("DurationSeconds")
        if raw is None:
            return default
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise StsError("ValidationError", f"DurationSeconds: {raw!r} is not a number") from None

    def session_policies(self, account_id: str) -> tuple[dict[str, Any], ...]:
        """Return the inline ``Policy`` and the ``PolicyArns`` documents of the call."""
        policies: list[dict[str, Any]] = []
        inline = self.text("Policy")
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
        backend = iam_of(account_id)
        for item in self.response._get_param("PolicyArns") or []:
            arn = item.get("arn") if isinstance(item, dict) else None
            document = managed_document(backend, arn) if isinstance(arn, str) else None
            if document is None:
                raise StsError("MalformedPolicyDocument", f"PolicyArns: {arn!r} is not a policy")
            policies.append(document)
        return tuple(policies)

    def tags(self) -> tuple[dict[str, str], frozenset[str]]:
        """Return the session ``Tags`` and the ``TransitiveTagKeys`` (a subset of their keys)."""
        given = {t["Key"]: t["Value"] for t in self.response._get_param("Tags") or []}
        transitive = frozenset(self.response._get_param("TransitiveTagKeys") or [])
        if not transitive <= given.keys():
            raise StsError(
                "InvalidParameterValue",
                f"TransitiveTagKeys: {sorted(transitive - given.keys())} are not keys of Tags",
            )
        return given, transitive

    def caller(self) -> Identity | None:
        """Return who signed the call, or None when its key is unknown."""
        key = self.response.get_access_key()
        return identity_of(key) if key else None


def role_of(role_arn: str) -> Any | None:
    """Return moto's role ``role_arn``, or None when its account has no such role."""
    try:
        return iam_of(role_arn.split(":")[4]).get_role_by_arn(role_arn)
    except Exception:
        return None


def mfa_refusal(
    caller: Identity | None, serial: str | None, code: str | None, now: datetime
) -> str | None:
    """Return why the call's ``SerialNumber``/``TokenCode`` fail, or None when they pass."""
    if serial is None or code is None:
        return "SerialNumber and TokenCode go together"
    if caller is None or caller.user_name is None:
        return "only an IAM user can pass an MFA code, with its own device"
    backend = iam_of(caller.account_id)
    user = backend.users.get(caller.user_name)
    return mfa_failure(backend, user=user, serial_number=serial, token_code=code, now=now)
