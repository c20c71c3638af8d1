"""A local STS that outlives the command that started it: ``sts-constructs emulator up/down``.

``start`` runs the emulator's server (the one ``make demo`` and :class:`Emulator` run) in its
own session, creates the emulator admin, switches IAM enforcement on and writes what other
commands need into a state directory (:mod:`._state`). ``attach`` returns an
:class:`Emulator` on that running server; ``stop`` ends it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sts_constructs.emulator._accounts_file import AccountsFile, read_accounts_file
from sts_constructs.emulator._process import (
    Emulator,
    EmulatorError,
    require_dependencies,
    server_environment,
)
from sts_constructs.emulator._state import (
    ADMIN_PROFILE,
    CONFIG_FILE,
    CREDENTIALS_FILE,
    ENDPOINT,
    SERVER_LOG,
    SERVER_OUT,
    STATE_ENV,
    STATE_FILE,
    AttachedEmulator,
    EmulatorState,
    attach,
    clean,
    default_state_dir,
    read_state,
    remember_accounts,
    validate_port,
    validated_state,
    write_private,
)
from sts_constructs.validation import validate_region

__all__ = [
    "ADMIN_PROFILE",
    "STATE_ENV",
    "AccountsFile",
    "EmulatorState",
    "attach",
    "default_state_dir",
    "read_accounts_file",
    "read_state",
    "remember_accounts",
    "start",
    "stop",
    "validate_port",
]

_SERVER_MODULE = "sts_constructs.emulator.server"


def start(
    state_dir: Path,
    *,
    port: int = 0,
    region: str = "us-east-1",
    accounts: AccountsFile | None = None,
    timeout: float = 60.0,  # Seconds to wait for the server to answer.
) -> EmulatorState:
    """Start a detached emulator for ``state_dir``; return its state once it answers.

    When one already runs there, return it unchanged. Raise EmulatorError when the extra is
    missing, the port is taken or the server does not answer within ``timeout``.

    Args:
        port: Default: a free port.
        accounts: Default: only the admin's account.
    """
    validate_port("--port", port)
    validate_region("--region", region)
    try:
        return read_state(state_dir)
    except EmulatorError:
        pass
    require_dependencies()
    clean(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    state_dir.chmod(0o700)
    started = time.monotonic()
    out_path, log_path = state_dir / SERVER_OUT, state_dir / SERVER_LOG
    with out_path.open("w", encoding="utf-8") as out, log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", _SERVER_MODULE, "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=log,
            env=server_environment(),
            cwd=state_dir,
            start_new_session=True,  # Ctrl-C in the shell that ran `up` leaves it running.
        )
    try:
        endpoint = _wait_for_address(process, out_path, log_path, started, timeout)
        emulator = AttachedEmulator(region=region, start_timeout=timeout)
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
    state = validated_state(state_dir, raw)
    write_private(state_dir / STATE_FILE, json.dumps(raw))
    write_private(
        state_dir / CREDENTIALS_FILE,
        f"[{ADMIN_PROFILE}]\naws_access_key_id = {state.admin.access_key_id}\n"
        f"aws_secret_access_key = {state.admin.secret_access_key}\n",
    )
    write_private(state_dir / CONFIG_FILE, f"[profile {ADMIN_PROFILE}]\nregion = {region}\n")
    return state


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
            if ENDPOINT.fullmatch(endpoint) is None:
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
    path = state_dir / STATE_FILE
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
    clean(state_dir)
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
