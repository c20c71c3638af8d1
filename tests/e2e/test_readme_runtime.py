"""The README's runtime commands, run as written (in a shell, one after the other) on the emulator.

The shell has what the README assumes: the credentials that deployed the stacks (the
emulator's admin) in the environment, a profile `sts-user` with the sandbox user's key, and
a home directory of its own, so `~/.aws/config` is a fresh file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from botocore.configloader import load_config

from tests.e2e.sandbox import Sandbox

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ASSUMED = "arn:aws:sts::123456789012:assumed-role/sandbox-s3-read/"


def runtime_commands() -> list[str]:
    """Return the `assume`, `profiles` and `verify` lines of the README's runtime section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Runtime tools\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"^```sh\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    assert block is not None, "the runtime section has no sh block"
    return [
        line
        for line in block.group(1).splitlines()
        if re.search(r"sts-constructs (assume|profiles|verify)\b", line)
    ]


@pytest.fixture
def shell_env(sandbox: Sandbox, tmp_path: Path) -> dict[str, str]:
    """The README reader's shell: admin credentials, a sts-user profile, its own HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(sandbox.environment())
    env["HOME"] = str(tmp_path)
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    aws = tmp_path / ".aws"
    aws.mkdir(mode=0o700)
    credentials = aws / "credentials"
    credentials.write_text(
        f"[sts-user]\naws_access_key_id = {sandbox.user.access_key_id}\n"
        f"aws_secret_access_key = {sandbox.user.secret_access_key}\n",
        encoding="utf-8",
    )
    credentials.chmod(0o600)
    return env


def test_the_readme_shows_the_four_runtime_commands() -> None:
    subcommands = [re.findall(r"sts-constructs (\w+)", c)[0] for c in runtime_commands()]

    assert subcommands == ["assume", "assume", "profiles", "verify"]


def test_the_readme_runtime_commands_work_as_written(
    shell_env: dict[str, str], tmp_path: Path
) -> None:
    results = []
    for command in runtime_commands():
        if command.startswith("eval "):
            # The exported credentials are the role's: the shell is now the role. (The
            # README's trailing comment goes, or it would comment out the check.)
            command = re.sub(r"\s+#[^\"']*$", "", command)
            command += (
                f' && {sys.executable} -c "import boto3; '
                "print(boto3.client('sts').get_caller_identity()['Arn'])\""
            )
        result = subprocess.run(
            ["bash", "-c", command],
            env=shell_env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        results.append(result)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert "Traceback" not in result.stderr

    evaluated, as_json, profiles, verify = results
    assert evaluated.stdout.strip().startswith(ASSUMED)
    assert '"AssumedRoleArn": "' + ASSUMED in as_json.stdout
    assert "wrote profile sandbox-s3-read -> arn:aws:iam::123456789012:role/sandbox-s3-read" in (
        profiles.stdout
    )
    assert "not written: sandbox-app (sts-sandbox): trusts only ec2.amazonaws.com" in (
        profiles.stderr
    )
    config = tmp_path / ".aws" / "config"
    assert set(load_config(str(config))["profiles"]) == {"sandbox-s3-read"}
    assert config.stat().st_mode & 0o077 == 0
    assert "sandbox-s3-read (sts-sandbox)  ok" in verify.stdout
