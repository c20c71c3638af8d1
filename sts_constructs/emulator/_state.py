"""The state directory of a detached emulator: what ``up`` writes, what later commands read.

``state.json`` (pid, endpoint, region, the admin's key; mode 0600 in a 0700 directory), the
accounts that got their administrator role, a credentials and a config file of the emulator's
own, the server's output and log, and the CDK CLI's ``CDK_HOME``. Everything read back is
validated before it is used or printed: the file is outside this process, and its values end
up in shell lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sts_constructs.emulator._process import Emulator, EmulatorError, StaticCredentials
from sts_constructs.validation import validate_account_id, validate_region

__all__ = [
    "ADMIN_PROFILE",
    "STATE_ENV",
    "EmulatorState",
    "attach",
    "default_state_dir",
    "read_state",
    "remember_accounts",
    "validate_port",
]

# The variable `up` exports, so that `deploy`, `token` and `down` in that shell find the state.
STATE_ENV = "STS_CONSTRUCTS_EMULATOR_STATE"
STATE_FILE = "state.json"
_ACCOUNTS_FILE = "accounts.json"
SERVER_OUT = "server.out"
SERVER_LOG = "server.log"
_CDK_HOME = "cdk-home"
# A shared credentials file and a config file of the emulator's own, exported by `up`: the
# admin's key is the profile ADMIN_PROFILE (`sts-constructs profiles --source-profile` reads
# it), and nothing a shell pointed at the emulator does reads or writes the user's ~/.aws.
CREDENTIALS_FILE = "aws-credentials"
CONFIG_FILE = "aws-config"
ADMIN_PROFILE = "emulator-admin"

# Not IAM rules: what this module itself writes and will print into a shell line.
# The server binds 127.0.0.1 only; the port is a TCP port.
ENDPOINT = re.compile(r"http://127\.0\.0\.1:(\d{1,5})", re.ASCII)
# Access key IDs, secrets and session tokens as moto and AWS issue them (base64 alphabet).
_CREDENTIAL = re.compile(r"[A-Za-z0-9+/=]{16,2048}", re.ASCII)
_MAX_PORT = 65535


def default_state_dir() -> Path:
    """Return ``$STS_CONSTRUCTS_EMULATOR_STATE``, else ``$XDG_STATE_HOME/sts-constructs/emulator``.

    ``XDG_STATE_HOME`` defaults to ``~/.local/state`` (the XDG base directory specification).
    """
    if os.environ.get(STATE_ENV):
        return Path(os.environ[STATE_ENV])
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "sts-constructs" / "emulator"


def validate_port(field_name: str, value: int) -> int:
    """Return ``value`` if it is a TCP port (1-65535) or 0 (a free one); raise ValueError."""
    if not 0 <= value <= _MAX_PORT:
        raise ValueError(f"{field_name}: {value}: a TCP port is 1 to {_MAX_PORT}, or 0 for any")
    return value


@dataclass(frozen=True)
class EmulatorState:
    """A running emulator, as ``state.json`` records it (every value validated)."""

    state_dir: Path
    pid: int
    endpoint_url: str
    region: str
    account_id: str
    admin: StaticCredentials = field(repr=False)

    def environment(self) -> dict[str, str]:
        """Return the variables that point SDKs, the AWS CLI and ours at the emulator.

        The credentials are the emulator admin's (AdministratorAccess in ``account_id``),
        also the profile ``emulator-admin`` of the emulator's own credentials file.
        """
        return {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            **self.admin.environment(),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.state_dir / CREDENTIALS_FILE),
            "AWS_CONFIG_FILE": str(self.state_dir / CONFIG_FILE),
            STATE_ENV: str(self.state_dir),
        }

    def export_lines(self) -> str:
        """Return ``export NAME=VALUE`` lines for ``eval``, with profile variables unset.

        ``AWS_PROFILE`` would make SDKs prefer a profile's credentials over these.
        """
        lines = [
            f"export {name}={shlex.quote(value)}" for name, value in self.environment().items()
        ]
        return "\n".join([*lines, "unset AWS_PROFILE AWS_SESSION_TOKEN"])


def validated_state(state_dir: Path, raw: Any) -> EmulatorState:
    """Return the state in ``raw`` (parsed ``state.json``) or raise EmulatorError naming a field."""
    where = state_dir / STATE_FILE
    if not isinstance(raw, dict):
        raise EmulatorError(f"{where}: expected a JSON object")

    def text(name: str) -> str:
        value = raw.get(name)
        if not isinstance(value, str):
            raise EmulatorError(f"{where}: {name}: {value!r}: expected a string")
        return value

    def checked(name: str, rule: re.Pattern[str], what: str) -> str:
        value = text(name)
        if rule.fullmatch(value) is None:
            raise EmulatorError(f"{where}: {name}: {value[:80]!r}: expected {what}")
        return value

    pid = raw.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 1:
        raise EmulatorError(f"{where}: pid: {pid!r}: expected a process ID above 1")
    endpoint = checked("endpoint_url", ENDPOINT, "http://127.0.0.1:PORT")
    port_match = ENDPOINT.fullmatch(endpoint)
    if port_match is None or not 0 < int(port_match.group(1)) <= _MAX_PORT:
        raise EmulatorError(f"{where}: endpoint_url: {endpoint!r}: expected a port 1-{_MAX_PORT}")
    try:
        region = validate_region(f"{where}: region", text("region"))
        account_id = validate_account_id(f"{where}: account_id", text("account_id"))
    except ValueError as error:
        raise EmulatorError(str(error)) from None
    key = checked("access_key_id", _CREDENTIAL, "an access key ID (16+ of A-Z a-z 0-9 + / =)")
    secret = checked("secret_access_key", _CREDENTIAL, "a secret key (16+ of A-Z a-z 0-9 + / =)")
    return EmulatorState(
        state_dir=state_dir,
        pid=pid,
        endpoint_url=endpoint,
        region=region,
        account_id=account_id,
        admin=StaticCredentials(key, secret),
    )


def read_state(state_dir: Path) -> EmulatorState:
    """Return the running emulator of ``state_dir``; raise EmulatorError when none runs there."""
    path = state_dir / STATE_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EmulatorError(
            f"no emulator is running (no {path}); `sts-constructs emulator up` starts one"
        ) from None
    except (OSError, ValueError) as error:
        raise EmulatorError(f"{path}: cannot read it: {error}") from None
    state = validated_state(state_dir, raw)
    if not _answers(state.endpoint_url):
        raise EmulatorError(
            f"the emulator of {state_dir} (pid {state.pid}) does not answer at "
            f"{state.endpoint_url}; `sts-constructs emulator down --state {state_dir}` "
            "cleans up, `up` starts a new one"
        )
    return state


def _answers(endpoint_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{endpoint_url}/moto-api/", timeout=5):
            return True
    except OSError:
        return False


class AttachedEmulator(Emulator):
    """An :class:`Emulator` on a server this process did not start: ``stop`` leaves it be."""

    def stop(self, *, keep_workdir: bool = False) -> None:
        """Do nothing: ``sts-constructs emulator down`` stops the server."""


def attach(state: EmulatorState) -> Emulator:
    """Return an :class:`Emulator` for the running server of ``state``.

    Its work directory is the state directory (the CDK CLI's ``CDK_HOME`` is kept there); the
    accounts that already have ``OrganizationAccountAccessRole`` are read from it.
    """
    emulator = AttachedEmulator(region=state.region)
    emulator.endpoint_url = state.endpoint_url
    emulator.admin = state.admin
    emulator.account_id = state.account_id
    emulator.workdir = state.state_dir
    emulator._accounts_with_admin_role = _accounts_with_role(state.state_dir)
    return emulator


def _accounts_with_role(state_dir: Path) -> set[str]:
    try:
        raw = json.loads((state_dir / _ACCOUNTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(raw, list):
        return set()
    return {a for a in raw if isinstance(a, str) and re.fullmatch(r"\d{12}", a, re.ASCII)}


def remember_accounts(emulator: Emulator) -> None:
    """Record in the state directory which accounts got their administrator role."""
    path = emulator.workdir / _ACCOUNTS_FILE
    path.write_text(json.dumps(sorted(emulator._accounts_with_admin_role)), encoding="utf-8")


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable by this user only (it may hold a secret key)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def clean(state_dir: Path) -> None:
    """Remove what ``start`` wrote in ``state_dir`` (and the directory, once empty)."""
    import shutil

    for name in (
        STATE_FILE,
        _ACCOUNTS_FILE,
        SERVER_OUT,
        SERVER_LOG,
        CREDENTIALS_FILE,
        CONFIG_FILE,
    ):
        (state_dir / name).unlink(missing_ok=True)
    shutil.rmtree(state_dir / _CDK_HOME, ignore_errors=True)
    with contextlib.suppress(OSError):  # It holds files of the user's too.
        state_dir.rmdir()
