"""TOTP codes of moto's virtual MFA devices, checked as AWS checks them (RFC 6238, pyotp).

moto stores each virtual device's base32 seed (``CreateVirtualMFADevice`` returns it, as AWS
does) but checks no code. Here a code is valid for the device's current 30-second window on
the emulator's clock, or the one before or after (AWS allows for a little clock drift).
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyotp

__all__ = ["mfa_failure"]


def mfa_failure(
    backend: Any, *, user: Any, serial_number: str, token_code: str, now: datetime
) -> str | None:
    """Return why ``token_code`` fails for the user's device ``serial_number``, or None."""
    if user is None:
        return "only an IAM user's own MFA device can be used, and the caller is not a user"
    if serial_number not in user.mfa_devices:
        return f"{serial_number} is not an MFA device enabled for {user.name}"
    device = backend.virtual_mfa_devices.get(serial_number)
    if device is None:
        return f"{serial_number} is not a virtual MFA device (the emulator checks only those)"
    if not pyotp.TOTP(device.base32_string_seed).verify(token_code, for_time=now, valid_window=1):
        return "MultiFactorAuthentication failed with invalid MFA one time pass code."
    return None
