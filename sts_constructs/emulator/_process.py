"""Start and stop moto's server (with our CloudFormation models) as a child process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from sts_constructs.emulator._control_client import ControlClient
from sts_constructs.emulator._policies import trust_policy
from sts_constructs.runtime._session import EndpointSession, make_session

__all__ = [
    "ACCOUNT_ADMIN_ROLE",
    "ADMIN_USER",
    "EXTRA_REQUIREMENT",
    "Emulator",
    "EmulatorError",
    "StaticCredentials",
    "missing_dependencies",
    "require_dependencies",
    "server_environment",
]

ADMIN_USER = "emulator-admin"
# The role AWS Organizations creates in every account it creates, trusted by the management
# account: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html
ACCOUNT_ADMIN_ROLE = "OrganizationAccountAccessRole"
_ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
# Any key works before the first IAM user exists; moto maps unknown keys to its default account.
_BOOTSTRAP_KEY = ("AKIAIOSFODNN7EXAMPLE", "bootstrap-only-not-a-secret")


# The optional extra that installs what the emulator's process imports (pyproject.toml).
EXTRA_REQUIREMENT = "sts-constructs[emulator]"
_EXTRA_MODULES = {
    "moto": "moto[server]",
    "joserfc": "joserfc",
    "signxml": "signxml",
    "pyotp": "pyotp",
}


def missing_dependencies() -> list[str]:
    """Return the distributions of the ``emulator`` extra that are not installed."""
    import importlib.util

    return [
        dist for module, dist in _EXTRA_MODULES.items() if importlib.util.find_spec(module) is None
    ]


def require_dependencies() -> None:
    """Raise EmulatorError naming the distributions of the extra that are not installed."""
    missing = missing_dependencies()
    if missing:
        raise EmulatorError(
            f"the emulator needs {', '.join(missing)}, not installed: from your checkout "
            f"(sts-constructs is not published), pip install '/path/to/{EXTRA_REQUIREMENT}'"
        )


def server_environment() -> dict[str, str]:
    """Return this process's environment for the server: AWS managed policies loaded, and
    without the settings that would point moto or the SDK elsewhere."""
    env = {**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "MOTO_PORT", "TEST_SERVER_MODE"):
        env.pop(name, None)
    return env


class EmulatorError(Exception):
    """The emulator did not start, or a step against it failed (one line; details apart)."""

    def __init__(self, message: str, *, details: str = "") -> None:
        super().__init__(message)
        self.details = details  # e.g. the CDK CLI's full output


@dataclass(frozen=True)
class StaticCredentials:
    """An access key of the emulator (its secret is left out of ``repr``)."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str | None = field(default=None, repr=False)

    @classmethod
    def from_answer(cls, answer: dict[str, Any]) -> StaticCredentials:
        """Return the ``Credentials`` of an STS answer (AssumeRole and the like)."""
        credentials = answer["Credentials"]
        return cls(
            credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]
        )

    def environment(self) -> dict[str, str]:
        """Return the ``AWS_*`` variables that select these credentials."""
        env = {
            "AWS_ACCESS_KEY_ID": self.access_key_id,
            "AWS_SECRET_ACCESS_KEY": self.secret_access_key,
        }
        if self.session_token:
            env["AWS_SESSION_TOKEN"] = self.session_token
        return env


class Emulator(ControlClient):
    """Run moto's server on 127.0.0.1 with IAM authorization enforced; use as a context manager.

    On entry: start the server on a free port, wait until it answers, create the admin user
    ``emulator-admin`` (AdministratorAccess, from AWS managed policies that the server loads),
    then switch authorization enforcement on. From then on every call is signed by a known key
    and checked against IAM policies. On exit the server is stopped.

    Args:
        start_timeout: Default: a minute, for a slow first import on a busy box.
        enforce_iam: Default: permissions are really checked.
    """

    def __init__(
        self,
        *,
        region: str = "us-east-1",
        start_timeout: float = 60.0,
        enforce_iam: bool = True,
    ) -> None:
        self.region = region
        self.start_timeout = start_timeout
        self.enforce_iam = enforce_iam
        # Made by start(), removed by stop(): the server log and the CLI's CDK_HOME.
        self.workdir = Path()
        self.log_path = Path()
        self.process: subprocess.Popen[str] | None = None
        self.endpoint_url = ""
        self.admin: StaticCredentials | None = None
        self.account_id = ""  # The admin's account (moto's default), set by start().
        self.startup_seconds = 0.0
        self._accounts_with_admin_role: set[str] = set()

    def __enter__(self) -> Emulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start the server, create the admin identity and switch enforcement on."""
        from sts_constructs.emulator.server import READY_PREFIX

        require_dependencies()
        started = time.monotonic()
        self.workdir = Path(tempfile.mkdtemp(prefix="sts-constructs-emulator-"))
        self.log_path = self.workdir / "server.log"
        log = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sts_constructs.emulator.server",
                "--port",
                "0",
                "--exit-with-parent",
            ],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=server_environment(),
        )
        log.close()
        line = self._first_line(self.process)
        if not line.startswith(READY_PREFIX):
            self.stop(keep_workdir=True)
            raise EmulatorError(f"the emulator did not start; its log: {self.log_path}")
        self.endpoint_url = f"http://{line[len(READY_PREFIX) :].strip()}"
        self._wait_until_ready(started)
        self.admin = self._create_admin()
        if self.enforce_iam:
            self.set_enforcement(enabled=True)
        self.startup_seconds = time.monotonic() - started

    def _first_line(self, process: subprocess.Popen[str]) -> str:
        """Return the server's first line of output, or "" after ``start_timeout``."""
        lines: list[str] = []
        reader = threading.Thread(
            target=lambda: lines.append(process.stdout.readline() if process.stdout else ""),
            daemon=True,
        )
        reader.start()
        reader.join(self.start_timeout)
        return lines[0] if lines else ""

    def _wait_until_ready(self, started: float) -> None:
        while True:
            try:
                with urllib.request.urlopen(f"{self.endpoint_url}/moto-api/", timeout=5):
                    return
            except OSError:
                if time.monotonic() - started > self.start_timeout:
                    self.stop(keep_workdir=True)
                    raise EmulatorError(
                        f"the emulator at {self.endpoint_url} does not answer; "
                        f"its log: {self.log_path}"
                    ) from None
                time.sleep(0.1)

    def _create_admin(self) -> StaticCredentials:
        iam = self.client("iam", credentials=StaticCredentials(*_BOOTSTRAP_KEY))
        user = iam.create_user(UserName=ADMIN_USER)["User"]
        self.account_id = user["Arn"].split(":")[4]
        iam.attach_user_policy(UserName=ADMIN_USER, PolicyArn=_ADMIN_POLICY)
        key = iam.create_access_key(UserName=ADMIN_USER)["AccessKey"]
        return StaticCredentials(key["AccessKeyId"], key["SecretAccessKey"])

    def account_admin(
        self,
        account_id: str,
        *,
        session_name: str = "sts-constructs-emulator",
    ) -> StaticCredentials:
        """Return credentials of an administrator of ``account_id``, another emulated account.

        As AWS Organizations does for an account it creates, the account gets
        ``OrganizationAccountAccessRole`` (AdministratorAccess, trusting the admin's account)
        the first time; the admin then assumes it. moto keeps every account's IAM, STS, S3 and
        CloudFormation apart, and calls made with these credentials act in ``account_id``.
        """
        role_arn = f"arn:aws:iam::{account_id}:role/{ACCOUNT_ADMIN_ROLE}"
        if account_id not in self._accounts_with_admin_role:
            # With enforcement on, a session of a role that does not exist gets HTTP 500 on
            # every call (moto 5.2.5): create the role with enforcement off, as Organizations
            # would when it creates the account.
            self.set_enforcement(enabled=False)
            try:
                bootstrap = self._assume(role_arn, session_name="create-account")
                iam = self.client("iam", credentials=bootstrap)
                trust = trust_policy({"AWS": f"arn:aws:iam::{self.account_id}:root"})
                iam.create_role(
                    RoleName=ACCOUNT_ADMIN_ROLE, AssumeRolePolicyDocument=json.dumps(trust)
                )
                iam.attach_role_policy(RoleName=ACCOUNT_ADMIN_ROLE, PolicyArn=_ADMIN_POLICY)
            finally:
                self.set_enforcement(enabled=self.enforce_iam)
            self._accounts_with_admin_role.add(account_id)
        return self._assume(role_arn, session_name=session_name)

    def _assume(self, role_arn: str, *, session_name: str) -> StaticCredentials:
        """Return the admin's credentials for a session of ``role_arn``."""
        answer = self.client("sts").assume_role(RoleArn=role_arn, RoleSessionName=session_name)
        return StaticCredentials.from_answer(answer)

    def set_enforcement(self, *, enabled: bool) -> None:
        """Switch IAM authorization enforcement on (every call checked) or off."""
        request = urllib.request.Request(
            f"{self.endpoint_url}/moto-api/reset-auth",
            data=b"0" if enabled else b"inf",
            method="POST",
            # moto reads the raw body; a form content type would make it parse it away.
            headers={"Content-Type": "text/plain"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            status = json.loads(response.read())
        if status.get("status") != "ok":
            raise EmulatorError(f"the emulator refused to switch enforcement: {status}")

    def stop(self, *, keep_workdir: bool = False) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s); safe to call twice.

        Removes the work directory (server log, CDK_HOME) unless ``keep_workdir``.
        """
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process is not None and process.stdout:
            process.stdout.close()
        if not keep_workdir and self.workdir != Path():
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = Path()

    def client(
        self,
        service: str,
        *,
        credentials: StaticCredentials | None = None,
        region: str | None = None,
    ) -> Any:
        """Return a boto3 client for ``service`` on the emulator, as ``session`` makes it."""
        return self.session(credentials=credentials, region=region).client(service)

    def session(
        self,
        *,
        credentials: StaticCredentials | None = None,
        region: str | None = None,
    ) -> EndpointSession:
        """Return a session on the emulator with ``credentials`` in ``region``.

        Default ``credentials``: the admin's key; default ``region``: the emulator's.
        """
        if not self.endpoint_url:
            raise EmulatorError("the emulator is not started")
        chosen = credentials or self.admin or StaticCredentials(*_BOOTSTRAP_KEY)
        return make_session(
            region=region or self.region,
            endpoint_url=self.endpoint_url,
            access_key_id=chosen.access_key_id,
            secret_access_key=chosen.secret_access_key,
            session_token=chosen.session_token,
        )

    def environment(
        self,
        *,
        credentials: StaticCredentials | None = None,
        region: str | None = None,
    ) -> dict[str, str]:
        """Return the variables that point AWS SDKs and the AWS CLI at the emulator.

        Default ``credentials``: the admin's key; default ``region``: the emulator's.
        """
        chosen = credentials or self.admin
        if chosen is None:
            raise EmulatorError("the emulator is not started")
        return {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_REGION": region or self.region,
            "AWS_DEFAULT_REGION": region or self.region,
            **chosen.environment(),
        }
