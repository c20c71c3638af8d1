"""A local STS that outlives the command that started it: ``sts-constructs emulator up/down``.

``start`` runs the emulator's server (the one ``make demo`` and :class:`Emulator` run) in its
own session, creates the emulator admin, switches IAM enforcement on and writes what other
commands need into a state directory: ``state.json`` (pid, endpoint, region, the admin's key;
mode 0600 in a 0700 directory), the server's log, and the CDK CLI's ``CDK_HOME``. ``attach``
returns an :class:`Emulator` on that running server; ``stop`` ends it.

Everything read back from the state directory is validated before it is used or printed:
the file is outside this process, and its values end up in shell lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sts_constructs.emulator._process import (
    Emulator,
    EmulatorError,
    StaticCredentials,
    missing_dependencies,
)
from sts_constructs.validation import validate_account_id, validate_region

__all__ = [
    "ADMIN_PROFILE",
    "STATE_ENV",
    "AccountsFile",
    "EmulatorState",
    "attach",
    "default_state_dir",
    "read_accounts_file",
    "read_state",
    "start",
    "stop",
]

# The variable `up` exports, so that `deploy`, `token` and `down` in that shell find the state.
STATE_ENV = "STS_CONSTRUCTS_EMULATOR_STATE"
_STATE_FILE = "state.json"
_ACCOUNTS_FILE = "accounts.json"
_SERVER_OUT = "server.out"
_SERVER_LOG = "server.log"
_CDK_HOME = "cdk-home"
# A shared credentials file and a config file of the emulator's own, exported by `up`: the
# admin's key is the profile ADMIN_PROFILE (`sts-constructs profiles --source-profile` reads
# it), and nothing a shell pointed at the emulator does reads or writes the user's ~/.aws.
_CREDENTIALS_FILE = "aws-credentials"
_CONFIG_FILE = "aws-config"
ADMIN_PROFILE = "emulator-admin"
_SERVER_MODULE = "sts_constructs.emulator.server"

# Not IAM rules: what this module itself writes and will print into a shell line.
# The server binds 127.0.0.1 only; the port is a TCP port.
_ENDPOINT = re.compile(r"http://127\.0\.0\.1:(\d{1,5})", re.ASCII)
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
            "AWS_SHARED_CREDENTIALS_FILE": str(self.state_dir / _CREDENTIALS_FILE),
            "AWS_CONFIG_FILE": str(self.state_dir / _CONFIG_FILE),
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


def _validated_state(state_dir: Path, raw: Any) -> EmulatorState:
    """Return the state in ``raw`` (parsed ``state.json``) or raise EmulatorError naming a field."""
    where = state_dir / _STATE_FILE
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
    endpoint = checked("endpoint_url", _ENDPOINT, "http://127.0.0.1:PORT")
    port_match = _ENDPOINT.fullmatch(endpoint)
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
    path = state_dir / _STATE_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EmulatorError(
            f"no emulator is running (no {path}); `sts-constructs emulator up` starts one"
        ) from None
    except (OSError, ValueError) as error:
        raise EmulatorError(f"{path}: cannot read it: {error}") from None
    state = _validated_state(state_dir, raw)
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


@dataclass(frozen=True)
class AccountsFile:
    """The accounts to create at start: account ID -> name, and an optional organization."""

    accounts: dict[str, str]
    organization_id: str | None = None
    management_account_id: str | None = None  # Default: the emulator admin's account.


def read_accounts_file(path: Path) -> AccountsFile:
    """Read ``path`` (YAML or JSON): ``accounts: [{name, id}]``, optional ``organization_id``
    and ``management_account`` (a name or ID of the list). An app config works as it is: its
    ``cross_account`` section is read. Raise EmulatorError naming the field and the rule.
    """
    import yaml

    from sts_constructs.validation import validate_principal_org_id

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EmulatorError(f"--accounts {path}: no such file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise EmulatorError(f"--accounts {path}: cannot read it: {first}") from None
    if isinstance(raw, dict) and isinstance(raw.get("cross_account"), dict):
        raw = raw["cross_account"]
    if not isinstance(raw, dict) or not isinstance(raw.get("accounts"), list):
        raise EmulatorError(f"--accounts {path}: expected a mapping with an `accounts` list")
    accounts: dict[str, str] = {}
    for index, entry in enumerate(raw["accounts"]):
        where = f"--accounts {path}: accounts[{index}]"
        if not isinstance(entry, dict):
            raise EmulatorError(f"{where}: expected a mapping with `name` and `id`")
        account_id, name = entry.get("id"), entry.get("name", "")
        try:
            validate_account_id(f"{where}.id", account_id if isinstance(account_id, str) else "")
        except ValueError:
            raise EmulatorError(
                f"{where}.id: {account_id!r}: expected 12 digits, quoted in YAML"
            ) from None
        if not isinstance(name, str) or not re.fullmatch(r"[\w.-]{0,64}", name, re.ASCII):
            raise EmulatorError(f"{where}.name: {name!r}: expected up to 64 of A-Z a-z 0-9 _ . -")
        if str(account_id) in accounts:
            raise EmulatorError(f"{where}.id: {account_id} is listed twice")
        accounts[str(account_id)] = name or str(account_id)
    organization_id = raw.get("organization_id")
    if organization_id is not None:
        try:
            validate_principal_org_id(f"--accounts {path}: organization_id", organization_id)
        except (ValueError, TypeError) as error:
            raise EmulatorError(str(error)) from None
    management = raw.get("management_account")
    management_id: str | None = None
    if management is not None:
        by_name = {name: account for account, name in accounts.items()}
        management_id = by_name.get(str(management)) or (
            str(management) if str(management) in accounts else None
        )
        if management_id is None:
            raise EmulatorError(
                f"--accounts {path}: management_account: {management!r}: "
                "expected the name or ID of a listed account"
            )
    return AccountsFile(accounts, organization_id, management_id)


class _AttachedEmulator(Emulator):
    """An :class:`Emulator` on a server this process did not start: ``stop`` leaves it be."""

    def stop(self, *, keep_workdir: bool = False) -> None:
        """Do nothing: ``sts-constructs emulator down`` stops the server."""


def attach(state: EmulatorState) -> Emulator:
    """Return an :class:`Emulator` for the running server of ``state``.

    Its work directory is the state directory (the CDK CLI's ``CDK_HOME`` is kept there); the
    accounts that already have ``OrganizationAccountAccessRole`` are read from it.
    """
    emulator = _AttachedEmulator(region=state.region)
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


def start(
    state_dir: Path,
    *,
    port: int = 0,  # Default: a free port.
    region: str = "us-east-1",
    accounts: AccountsFile | None = None,  # Default: only the admin's account.
    timeout: float = 60.0,  # Seconds to wait for the server to answer.
) -> EmulatorState:
    """Start a detached emulator for ``state_dir``; return its state once it answers.

    When one already runs there, return it unchanged. Raise EmulatorError when the extra is
    missing, the port is taken or the server does not answer within ``timeout``.
    """
    validate_port("--port", port)
    validate_region("--region", region)
    try:
        return read_state(state_dir)
    except EmulatorError:
        pass
    missing = missing_dependencies()
    if missing:
        from sts_constructs.emulator._process import EXTRA_REQUIREMENT

        raise EmulatorError(
            f"the emulator needs {', '.join(missing)}, not installed: "
            f"pip install {EXTRA_REQUIREMENT!r}"
        )
    _clean(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    state_dir.chmod(0o700)
    env = {**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "MOTO_PORT", "TEST_SERVER_MODE"):
        env.pop(name, None)
    started = time.monotonic()
    out_path, log_path = state_dir / _SERVER_OUT, state_dir / _SERVER_LOG
    with out_path.open("w", encoding="utf-8") as out, log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", _SERVER_MODULE, "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=log,
            env=env,
            cwd=state_dir,
            start_new_session=True,  # Ctrl-C in the shell that ran `up` leaves it running.
        )
    try:
        endpoint = _wait_for_address(process, out_path, log_path, started, timeout)
        emulator = _AttachedEmulator(region=region, start_timeout=timeout)
        emulator.endpoint_url = endpoint
        emulator.workdir = state_dir
        emulator._wait_until_ready(started)
        emulator.admin = emulator._create_admin()
        emulator.set_enforcement(enabled=True)
        if accounts is not None:
            _create_accounts(emulator, accounts)
            remember_accounts(emulator)
    except BaseException:
        _terminate(process.pid, timeout=10)
        raise
    raw = {
        "pid": process.pid,
        "endpoint_url": endpoint,
        "region": region,
        "account_id": emulator.account_id,
        "access_key_id": emulator.admin.access_key_id,
        "secret_access_key": emulator.admin.secret_access_key,
    }
    state = _validated_state(state_dir, raw)
    _write_private(state_dir / _STATE_FILE, json.dumps(raw))
    _write_private(
        state_dir / _CREDENTIALS_FILE,
        f"[{ADMIN_PROFILE}]\naws_access_key_id = {state.admin.access_key_id}\n"
        f"aws_secret_access_key = {state.admin.secret_access_key}\n",
    )
    _write_private(state_dir / _CONFIG_FILE, f"[profile {ADMIN_PROFILE}]\nregion = {region}\n")
    return state


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable by this user only (it may hold a secret key)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def _wait_for_address(
    process: subprocess.Popen[bytes],
    out_path: Path,
    log_path: Path,
    started: float,
    timeout: float,
) -> str:
    """Return the server's ``http://HOST:PORT`` once it printed it; raise on exit or timeout."""
    from sts_constructs.emulator.server import READY_PREFIX

    while True:
        line = out_path.read_text(encoding="utf-8").partition("\n")[0]
        if line.startswith(READY_PREFIX):
            endpoint = f"http://{line[len(READY_PREFIX) :].strip()}"
            if _ENDPOINT.fullmatch(endpoint) is None:
                raise EmulatorError(f"the emulator printed an unexpected address: {line[:80]!r}")
            return endpoint
        if process.poll() is not None:
            raise EmulatorError(f"the emulator did not start: {_last_line(log_path)}")
        if time.monotonic() - started > timeout:
            raise EmulatorError(
                f"the emulator did not start within {timeout:.0f} s; its log: {log_path}"
            )
        time.sleep(0.1)


def _last_line(log_path: Path) -> str:
    lines = [line for line in log_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if any("Address already in use" in line for line in lines):
        return "the port is in use (--port picks another; 0 picks a free one)"
    return lines[-1][:300] if lines else f"no output; its log: {log_path}"


def _create_accounts(emulator: Emulator, accounts: AccountsFile) -> None:
    """Give each listed account its administrator role; hold the organization if one is named."""
    for account_id in accounts.accounts:
        if account_id != emulator.account_id:
            emulator.account_admin(account_id, session_name="emulator-up")
    if accounts.organization_id is not None:
        emulator.create_organization(
            organization_id=accounts.organization_id,
            management_account_id=accounts.management_account_id or emulator.account_id,
            accounts=accounts.accounts,
        )


def stop(state_dir: Path, *, timeout: float = 10.0) -> int | None:
    """Stop the emulator of ``state_dir`` (SIGTERM, SIGKILL after ``timeout`` s) and remove
    the state directory's files. Return the pid stopped, or None when none was running.
    """
    path = state_dir / _STATE_FILE
    pid: int | None = None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        candidate = raw.get("pid") if isinstance(raw, dict) else None
        if isinstance(candidate, int) and not isinstance(candidate, bool) and candidate > 1:
            pid = candidate
    except (OSError, ValueError):
        pass
    stopped = pid if pid is not None and _is_our_server(pid) else None
    if stopped is not None:
        _terminate(stopped, timeout=timeout)
    _clean(state_dir)
    return stopped


def _is_our_server(pid: int) -> bool:
    """Return whether ``pid`` runs the emulator's server (not a process that reused the pid)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        # No /proc (macOS): trust the pid only if it is alive.
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return sys.platform != "linux"
    return _SERVER_MODULE.encode() in command


def _terminate(pid: int, *, timeout: float) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    """Return whether ``pid`` runs (reaping it when it is our own exited child)."""
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{pid}/status").read_text().find("State:\tZ") < 0
    except OSError:
        return True


def _clean(state_dir: Path) -> None:
    """Remove what ``start`` wrote in ``state_dir`` (and the directory, once empty)."""
    import shutil

    for name in (
        _STATE_FILE,
        _ACCOUNTS_FILE,
        _SERVER_OUT,
        _SERVER_LOG,
        _CREDENTIALS_FILE,
        _CONFIG_FILE,
    ):
        (state_dir / name).unlink(missing_ok=True)
    shutil.rmtree(state_dir / _CDK_HOME, ignore_errors=True)
    with contextlib.suppress(OSError):  # It holds files of the user's too.
        state_dir.rmdir()
