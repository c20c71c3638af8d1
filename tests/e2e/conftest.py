"""One emulator per test session: the sandbox app, then the multi-account app, deployed once."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sts_constructs.emulator import Emulator, bootstrap, deploy
from sts_constructs.emulator.cross_account import (
    create_grantee_role,
    cross_account_stacks,
    deploy_accounts,
)
from sts_constructs.emulator.walkthrough import read_access_key
from tests.e2e.multi_account import ACCESS, ACCOUNTS, MANAGEMENT, ORGANIZATION_ID, MultiAccount
from tests.e2e.sandbox import ROOT, Sandbox, tool_path

STACK = "sts-sandbox"


def _synth(config: str, assembly: Path) -> dict[str, str]:
    """Synthesize ``config`` into ``assembly``; return the environment the CLI ran in."""
    env = {
        **os.environ,
        "PATH": tool_path(),
        "CDK_DISABLE_VERSION_CHECK": "1",
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
    }
    synth = subprocess.run(
        ["cdk", "synth", "--quiet", "-c", f"config={config}", "--output", str(assembly)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert synth.returncode == 0, synth.stderr[-2000:]
    return env


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """Synthesize the default app, start the emulator, bootstrap and deploy it."""
    assembly = tmp_path_factory.mktemp("cdk") / "cdk.out"
    env = _synth("config/sandbox.yaml", assembly)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", env["PATH"])
        with Emulator() as emulator:
            bootstrap(emulator)
            result = deploy(emulator, assembly=assembly, cwd=ROOT)
            outputs = result.stacks[STACK]
            user = read_access_key(emulator, outputs["StsUserAccessKeySecretArn"])
            yield Sandbox(
                emulator=emulator, result=result, outputs=outputs, user=user, assembly=assembly
            )


@pytest.fixture(scope="session")
def multi_account(sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> MultiAccount:
    """Deploy config/multi-account.yaml's cross-account stacks into their emulated accounts.

    The same emulator as the sandbox: every account is apart in it. As ``make demo`` does,
    the emulator holds the config's organization, and the role the tools grant names exists
    first.
    """
    assembly = tmp_path_factory.mktemp("cdk-multi") / "cdk.out"
    env = _synth("config/multi-account.yaml", assembly)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", env["PATH"])
        sandbox.emulator.create_organization(
            organization_id=ORGANIZATION_ID, management_account_id=MANAGEMENT, accounts=ACCOUNTS
        )
        source_admin = create_grantee_role(sandbox.emulator, ACCESS)
        deploys = deploy_accounts(
            sandbox.emulator, assembly=assembly, stacks=cross_account_stacks(assembly), cwd=ROOT
        )
    return MultiAccount(deploys=tuple(deploys), source_admin=source_admin, assembly=assembly)


@pytest.fixture
def aws_env(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point boto3 at the emulator as the admin, with config files in ``tmp_path``."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    for name, value in sandbox.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    (tmp_path / "credentials").write_text(
        f"[sts-user]\naws_access_key_id = {sandbox.user.access_key_id}\n"
        f"aws_secret_access_key = {sandbox.user.secret_access_key}\n",
        encoding="utf-8",
    )
    return tmp_path
