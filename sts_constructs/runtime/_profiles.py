"""AWS CLI profiles for deployed roles, so that the CLI and SDKs refresh credentials themselves.

The file is edited as text: sections this tool did not write (and their comments) stay
byte for byte. A section it wrote carries the marker comment on the line after its header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MARKER", "ProfileSpec", "WriteResult", "render_profile", "write_profiles"]

MARKER = "# written by sts-constructs (`sts-constructs profiles` rewrites this section)"
_HEADER = re.compile(r"^\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]\s*$")


@dataclass(frozen=True)
class ProfileSpec:
    """One profile: which role it assumes with which source credentials."""

    name: str
    role_arn: str
    source_profile: str
    mfa_serial: str | None = None  # Default: no MFA prompt.
    external_id: str | None = None  # Default: none.
    duration_seconds: int | None = None  # Default: the SDK's default, one hour.
    region: str | None = None  # Default: the source profile's region.
    role_session_name: str | None = None  # Default: chosen by the SDK.


@dataclass(frozen=True)
class WriteResult:
    """What :func:`write_profiles` did, per profile name."""

    written: tuple[str, ...]
    kept: tuple[str, ...]  # Existing profiles we did not write: left untouched.


def render_profile(spec: ProfileSpec) -> str:
    """Return the config-file section of ``spec``, marker included."""
    header = "default" if spec.name == "default" else f"profile {spec.name}"
    lines = [f"[{header}]", MARKER, f"role_arn = {spec.role_arn}"]
    lines.append(f"source_profile = {spec.source_profile}")
    for key, value in (
        ("mfa_serial", spec.mfa_serial),
        ("external_id", spec.external_id),
        ("duration_seconds", spec.duration_seconds),
        ("region", spec.region),
        ("role_session_name", spec.role_session_name),
    ):
        if value is not None:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


def write_profiles(path: Path, specs: list[ProfileSpec]) -> WriteResult:
    """Write ``specs`` into the AWS config file at ``path``; never touch a profile we did not write.

    Creates the file (mode 0600) and its directory when missing.
    """
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise ValueError(f"profile names repeat: {', '.join(sorted(names))}")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    sections = _split(text)
    ours = {spec.name: render_profile(spec) for spec in specs}
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
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.touch(mode=0o600)
    path.write_text(result, encoding="utf-8")
    return WriteResult(written=tuple(sorted(written)), kept=tuple(sorted(kept)))


def _split(text: str) -> list[tuple[str | None, str]]:
    """Split a config file into (profile name or None for the preamble, text) sections."""
    sections: list[tuple[str | None, str]] = []
    name: str | None = None
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        match = _HEADER.match(line)
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
