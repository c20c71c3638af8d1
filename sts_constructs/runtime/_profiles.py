"""AWS CLI profiles for deployed roles, so that the CLI and SDKs refresh credentials themselves.

The file is edited as text: sections this tool did not write (and their comments) stay
byte for byte. A section it wrote carries the marker comment on the line after its header.

Every value is checked before anything is written (:func:`validate_profile`): a value read
from a stack output could otherwise end a line and add keys botocore acts on, such as
``credential_process``, which runs a command.
https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sts_constructs.runtime._inputs import literal, regular_file_status
from sts_constructs.validation import (
    MAX_SESSION_DURATION_SECONDS,
    validate_duration_seconds,
    validate_external_id,
    validate_iam_name,
    validate_mfa_serial,
    validate_no_control_characters,
    validate_region,
    validate_role_arn,
    validate_role_session_name,
)

__all__ = [
    "PROFILE_NAME_MAX_CHARS",
    "ProfileSpec",
    "WriteResult",
    "render_profile",
    "validate_profile",
    "write_profiles",
]

MARKER = "# written by sts-constructs (`sts-constructs profiles` rewrites this section)"
# Profile names are written as IAM names of up to 128 characters (the length of a group or
# instance-profile name): letters, digits and +=,.@_- only, so no ']', space or newline.
PROFILE_NAME_MAX_CHARS = 128
_HEADER = re.compile(r"\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]\s*")


@dataclass(frozen=True)
class ProfileSpec:
    """One profile: which role it assumes with which source credentials.

    Args:
        name: The profile's name (its section ``[profile <name>]``), not ``default``.
        role_arn: The ARN of the role the profile assumes.
        source_profile: The profile whose credentials call ``sts:AssumeRole``.
        mfa_serial: The MFA device's ARN, prompted for by the SDK. Default: no MFA prompt.
        external_id: The ``sts:ExternalId`` to send. Default: none.
        duration_seconds: The session's length in seconds. Default: the SDK's (one hour).
        region: Default: the source profile's region.
        role_session_name: Default: chosen by the SDK.
    """

    name: str
    role_arn: str
    source_profile: str
    mfa_serial: str | None = None
    external_id: str | None = None
    duration_seconds: int | None = None
    region: str | None = None
    role_session_name: str | None = None

    def settings(self) -> tuple[tuple[str, str | int | None], ...]:
        """Return ``(key, value)`` for every setting, in the order the file has them
        (``name`` under the key ``profile name``: it is the section's header)."""
        return (
            ("profile name", self.name),
            ("role_arn", self.role_arn),
            ("source_profile", self.source_profile),
            ("mfa_serial", self.mfa_serial),
            ("external_id", self.external_id),
            ("duration_seconds", self.duration_seconds),
            ("region", self.region),
            ("role_session_name", self.role_session_name),
        )


@dataclass(frozen=True)
class WriteResult:
    """What :func:`write_profiles` did, per profile name."""

    written: tuple[str, ...]
    kept: tuple[str, ...]  # Existing profiles we did not write: left untouched.
    # Warnings about the file itself (group or other may read it), one line each.
    warnings: tuple[str, ...] = field(default=())


def validate_profile(spec: ProfileSpec) -> ProfileSpec:
    """Return ``spec`` when every value may be written; raise ``ValueError`` naming the first
    that may not (the key, the value and the rule, in one line).

    Profile names (``name``, ``source_profile``) are IAM names of 1-128 characters and
    ``name`` is not ``default``; ``role_arn`` is a role ARN, ``mfa_serial`` an MFA device ARN or
    serial, ``external_id`` an ExternalId, ``region`` a Region code, ``duration_seconds``
    900-43,200 and ``role_session_name`` a RoleSessionName. None of them can hold a control
    character, a newline or ``]``.
    """
    for key, value in spec.settings():
        if isinstance(value, str):
            validate_no_control_characters(key, value)
    literal(validate_iam_name, "profile name", spec.name, max_length=PROFILE_NAME_MAX_CHARS)
    if spec.name == "default":
        raise ValueError(
            "profile name: 'default' is refused: every AWS command without --profile uses it "
            "(use --prefix)"
        )
    literal(
        validate_iam_name,
        "source_profile",
        spec.source_profile,
        max_length=PROFILE_NAME_MAX_CHARS,
    )
    literal(validate_role_arn, "role_arn", spec.role_arn)
    if spec.mfa_serial is not None:
        validate_mfa_serial("mfa_serial", spec.mfa_serial)
    if spec.external_id is not None:
        literal(validate_external_id, "external_id", spec.external_id)
    if spec.region is not None:
        literal(validate_region, "region", spec.region)
    if spec.role_session_name is not None:
        validate_role_session_name("role_session_name", spec.role_session_name)
    if spec.duration_seconds is not None:
        validate_duration_seconds(
            "duration_seconds", spec.duration_seconds, maximum=MAX_SESSION_DURATION_SECONDS
        )
    return spec


def render_profile(spec: ProfileSpec) -> str:
    """Return the config-file section of ``spec``, marker included.

    Raises ``ValueError`` when a value may not be written (:func:`validate_profile`).
    """
    validate_profile(spec)
    lines = [f"[profile {spec.name}]", MARKER]
    for key, value in spec.settings()[1:]:
        if value is not None:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


def write_profiles(path: Path, specs: list[ProfileSpec]) -> WriteResult:
    """Write ``specs`` into the AWS config file at ``path``; never touch a profile we did not write.

    Every spec is checked first (:func:`validate_profile`): one bad value raises ``ValueError``
    and nothing is written. ``path`` must be a regular file when it exists (a FIFO or a device
    raises ``ValueError``); an existing file that its group or others may read or write gets a
    warning in the result. A missing file is created with mode 0600, and its directory with
    mode 0700.
    """
    ours = {spec.name: render_profile(spec) for spec in specs}
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        repeated = sorted({name for name in names if names.count(name) > 1})
        raise ValueError(f"profile names repeat: {', '.join(repeated)}")
    existing = regular_file_status("config file", path)
    warnings: list[str] = []
    if existing is not None and existing.st_mode & 0o077:
        warnings.append(
            f"{path} has mode {stat.S_IMODE(existing.st_mode):04o}: its group or others may "
            f"read or change it; run: chmod 600 {path}"
        )
    text = path.read_text(encoding="utf-8") if existing is not None else ""
    sections = _split(text)
    written: list[str] = []
    kept: list[str] = []
    out: list[str] = []
    for name, body in sections:
        if name in ours:
            if _is_ours(body):
                if ours[name] not in written:
                    out.append(_with_trailing_blank(ours[name], body))
                    written.append(name)
                continue
            kept.append(name)
        out.append(body)
    new = [name for name in names if name not in written and name not in kept]
    result = "".join(out)
    for name in new:
        if result and not result.endswith("\n\n"):
            result += "\n" if result.endswith("\n") else "\n\n"
        result += ours[name]
        written.append(name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # O_CREAT with 0600: a new file is never readable by others, not even for a moment.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(result)
    return WriteResult(
        written=tuple(sorted(written)), kept=tuple(sorted(kept)), warnings=tuple(warnings)
    )


def _split(text: str) -> list[tuple[str | None, str]]:
    """Split a config file into (profile name or None for the preamble, text) sections."""
    sections: list[tuple[str | None, str]] = []
    name: str | None = None
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        match = _HEADER.fullmatch(line.rstrip("\r\n"))
        if match:
            if current or name is not None:
                sections.append((name, "".join(current)))
            name, current = match.group(1), [line]
        else:
            current.append(line)
    if current or name is not None:
        sections.append((name, "".join(current)))
    return sections


def _is_ours(body: str) -> bool:
    lines = body.splitlines()
    return len(lines) > 1 and lines[1].strip() == MARKER


def _with_trailing_blank(new: str, old: str) -> str:
    """Keep the blank lines that separated the old section from the next one."""
    trailing = len(old) - len(old.rstrip("\n")) - 1
    return new + "\n" * max(trailing, 0)
