"""Values from outside (command line, stack outputs) are literal: never a CDK token."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sts_constructs.validation import is_unresolved, quote_value

__all__ = [
    "SDK_FILE_VARIABLES",
    "check_profile_files",
    "check_sdk_files",
    "literal",
    "regular_file_status",
]

# Variables naming files the SDK reads when it makes a session or a client.
# https://docs.aws.amazon.com/sdkref/latest/guide/settings-reference.html
SDK_FILE_VARIABLES = (
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CA_BUNDLE",
)

# Settings of a profile naming files the SDK reads (its source profiles' too).
# https://docs.aws.amazon.com/sdkref/latest/guide/settings-reference.html
SDK_FILE_SETTINGS = ("ca_bundle", "web_identity_token_file")
# A source_profile chain longer than this is not followed (the SDK refuses loops itself).
_SOURCE_PROFILES_MAX = 10

T = TypeVar("T")


def literal(validator: Callable[..., T], field: str, value: Any, **options: Any) -> T:
    """Return ``validator(field, value, **options)``; refuse a value holding a CDK token.

    The validators of :mod:`sts_constructs.validation` let tokens through, since a token is
    only known at deploy time; a value read at run time that looks like one is not a token,
    and must not skip the rule.
    """
    if is_unresolved(value):
        raise ValueError(
            f"{field}: {quote_value(value)} holds a CDK token marker ('${{Token[')"
            ", which no AWS value has"
        )
    return validator(field, value, **options)


def regular_file_status(field: str, path: str | os.PathLike[str]) -> os.stat_result | None:
    """Return the status of ``path`` (``None`` when missing); refuse anything but a file.

    Reading a FIFO blocks until a writer comes, and a device is not a file to read; raises
    ``ValueError`` naming ``field`` and the path.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(status.st_mode):
        raise ValueError(
            f"{field}: {quote_value(os.fspath(path))} is not a regular file "
            "(a FIFO, device or directory); refused"
        )
    return status


def check_sdk_files(environ: dict[str, str] | None = None) -> None:
    """Refuse a FIFO or device named by one of :data:`SDK_FILE_VARIABLES` (``ValueError``)."""
    variables = os.environ if environ is None else environ
    for name in SDK_FILE_VARIABLES:
        if variables.get(name):
            regular_file_status(name, os.path.expanduser(variables[name]))


def check_profile_files(profiles: Mapping[str, Mapping[str, Any]], profile: str | None) -> None:
    """Refuse a FIFO or device named by a file setting of ``profile`` or its source profiles.

    ``profiles``: the shared config's profiles by name (botocore's ``full_config``). The
    settings are :data:`SDK_FILE_SETTINGS`; raises ``ValueError`` naming the profile, the
    setting and the path.
    """
    seen: set[str] = set()
    while profile and profile not in seen and len(seen) < _SOURCE_PROFILES_MAX:
        seen.add(profile)
        settings = profiles.get(profile) or {}
        for name in SDK_FILE_SETTINGS:
            value = settings.get(name)
            if isinstance(value, str) and value:
                regular_file_status(f"profile {profile!r} {name}", os.path.expanduser(value))
        source = settings.get("source_profile")
        profile = source if isinstance(source, str) else None
