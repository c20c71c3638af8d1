"""``sts-constructs emulator up|env|deploy|token|down``, end to end and on bad input.

The end-to-end tests share one emulator started with ``up`` in a temporary state directory;
the module's fixture runs ``down`` and checks that the server process is gone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sts_constructs.cli import main
from sts_constructs.emulator import EmulatorError
from sts_constructs.emulator._daemon import (
    STATE_ENV,
    read_accounts_file,
    read_state,
)
from sts_constructs.emulator._policies import trust_policy

ROOT = Path(__file__).resolve().parents[2]
CLI = [str(Path(sys.executable).parent / "sts-constructs")]  # the installed console script
OTHER_ACCOUNT = "210987654321"
GITHUB = "https://token.actions.githubusercontent.com"
MAIN = "repo:octo-org/app:ref:refs/heads/main"
TIMEOUT = 300  # seconds for one command (a cold CDK CLI on a busy machine)


def _env(**extra: str) -> dict[str, str]:
    """The test process's environment without AWS settings, the CDK CLI on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", STATE_ENV))}
    bins = [ROOT / "node_modules" / ".bin", Path(sys.executable).parent]
    env["PATH"] = os.pathsep.join([*(str(b) for b in bins), env.get("PATH", "")])
    env["JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION"] = "1"
    return {**env, **extra}


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        env=env or _env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=ROOT,
    )


# ------------------------------------------------------------------------ bad input, no server


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--port", "70000"], "--port: 70000: a TCP port is 1 to 65535, or 0 for any"),
        (["--region", "Mars-1"], "--region: 'Mars-1' is not an AWS Region code like 'eu-west-1'"),
    ],
)
def test_up_refuses_bad_input_before_starting(
    option: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["emulator", "up", *option, "--state", str(tmp_path / "s")])

    assert status == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(
    "action",
    [["env"], ["deploy", "."], ["token", "oidc", "--issuer", "github", "--claim", "sub=x"]],
)
def test_commands_say_no_emulator_runs(
    action: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "manifest.json").write_text('{"artifacts": {}}', encoding="utf-8")
    args = [a if a != "." else str(tmp_path) for a in action]

    status = main(["emulator", *args, "--state", str(tmp_path / "none")])

    assert status == 1
    err = capsys.readouterr().err
    assert "no emulator is running" in err
    assert "`sts-constructs emulator up` starts one" in err


def test_deploy_refuses_a_directory_without_a_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["emulator", "deploy", str(tmp_path), "--state", str(tmp_path)])

    assert status == 2
    assert "no manifest.json there; expected a cloud assembly" in capsys.readouterr().err


def test_down_without_an_emulator_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["emulator", "down", "--state", str(tmp_path / "none")]) == 0
    assert "no emulator was running" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        (["sub"], "--claim 'sub': expected NAME=VALUE"),
        (["sub=a", "sub=b"], "--claim 'sub' given twice"),
        (["groups=[1,"], "--claim groups: '[1,': not valid JSON"),
        (["aud=x"], "--claim sub=...: a token needs a subject"),
    ],
)
def test_token_refuses_bad_claims(
    claims: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["emulator", "token", "oidc", "--issuer", "github", "--state", str(tmp_path)]
    for claim in claims:
        args += ["--claim", claim]

    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_token_refuses_an_issuer_that_is_no_https_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "emulator",
            "token",
            "oidc",
            "--issuer",
            "http://idp",
            "--claim",
            "sub=x",
            "--state",
            str(tmp_path),
        ]
    )

    assert status == 2
    assert "(or github, gitlab)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("endpoint_url", "http://127.0.0.1:1$(touch /tmp/pwned)", "http://127.0.0.1:PORT"),
        ("endpoint_url", "http://evil.example:80", "http://127.0.0.1:PORT"),
        ("access_key_id", "AKIA'; rm -rf ~; '", "an access key ID"),
        ("secret_access_key", "short", "a secret key"),
        ("region", "us-east-1\nexport X=1", "region"),
        ("account_id", "12345", "account_id"),
        ("pid", "12", "expected a process ID"),
    ],
)
def test_a_tampered_state_file_is_refused_before_anything_is_printed(
    field: str, value: str, rule: str, tmp_path: Path
) -> None:
    state = {
        "pid": 4242,
        "endpoint_url": "http://127.0.0.1:4566",
        "region": "us-east-1",
        "account_id": "123456789012",
        "access_key_id": "AKIAIOSFODNN7EXAMPLE",
        "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        field: value,
    }
    (tmp_path / "state.json").write_text(json.dumps(state), encoding="utf-8")

    with pytest.raises(EmulatorError, match=rule) as caught:
        read_state(tmp_path)
    assert field in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("accounts: {a: 1}", "expected a mapping with an `accounts` list"),
        ("accounts:\n  - {name: a, id: 12345}", "accounts[0].id: 12345: expected 12 digits"),
        (
            "accounts:\n  - {name: a, id: 111111111111}",
            "accounts[0].id: 111111111111: expected 12 digits, quoted",
        ),
        (
            'accounts:\n  - {name: a, id: "111111111111"}\n  - {name: b, id: "111111111111"}',
            "accounts[1].id: 111111111111 is listed twice",
        ),
        ('accounts:\n  - {name: "a b", id: "111111111111"}', "accounts[0].name: 'a b'"),
        ("organization_id: org-1\naccounts: []", "organization_id"),
        ("management_account: nobody\naccounts: []", "management_account: 'nobody'"),
        ("accounts: [\n", "cannot read it"),
    ],
)
def test_accounts_file_errors_name_the_field(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "accounts.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(EmulatorError, match="--accounts") as caught:
        read_accounts_file(path)
    assert message in str(caught.value)


def test_accounts_file_reads_an_app_configs_cross_account_section() -> None:
    accounts = read_accounts_file(ROOT / "config" / "multi-account.yaml")

    assert accounts.accounts["222222222222"] == "prod"
    assert accounts.organization_id == "o-a1b2c3d4e5"


def test_the_runtime_hint_names_the_emulator_command() -> None:
    from botocore.exceptions import EndpointConnectionError

    from sts_constructs.runtime._errors import explain

    error = explain(EndpointConnectionError(endpoint_url="http://127.0.0.1:1"), action="x")

    assert "`sts-constructs emulator up` starts one" in str(error)
    assert "make demo" not in str(error)


# ------------------------------------------------------------------------------ end to end


_APP = """
import json, sys
from aws_cdk import App, CfnOutput, Environment, Stack
from aws_cdk import aws_iam as iam

trust_github, trust_admin = json.loads(sys.argv[1]), json.loads(sys.argv[2])
app = App()
ci = Stack(app, "Ci", stack_name="own-ci")
iam.CfnOIDCProvider(ci, "GitHub", url="%s", client_id_list=["sts.amazonaws.com"])
role = iam.CfnRole(ci, "Deploy", role_name="ci-deploy", assume_role_policy_document=trust_github)
CfnOutput(ci, "DeployRoleArn", value=role.attr_arn)
where = Environment(account="%s", region="eu-west-1")
other = Stack(app, "Other", stack_name="own-other", env=where)
iam.CfnRole(other, "Audit", role_name="audit", assume_role_policy_document=trust_admin)
app.synth()
"""


def _assembly(directory: Path) -> Path:
    """Synthesize a small app with the CDK CLI: two stacks, one environment-agnostic, one in
    OTHER_ACCOUNT. The first holds a GitHub OIDC provider and a role trusting one repository's
    main branch; the second a role trusting the emulator admin.
    """
    provider = f"arn:aws:iam::123456789012:oidc-provider/{GITHUB.removeprefix('https://')}"
    trust_github = trust_policy(
        {"Federated": provider},
        "sts:AssumeRoleWithWebIdentity",
        {
            "StringEquals": {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": MAIN,
            }
        },
    )
    trust_admin = trust_policy({"AWS": "arn:aws:iam::123456789012:user/emulator-admin"})
    app = directory.parent / "app.py"
    app.write_text(_APP % (GITHUB, OTHER_ACCOUNT), encoding="utf-8")
    command = f"{sys.executable} {app} '{json.dumps(trust_github)}' '{json.dumps(trust_admin)}'"
    synth = subprocess.run(
        ["cdk", "synth", "--quiet", "--app", command, "--output", str(directory)],
        env=_env(CDK_DISABLE_VERSION_CHECK="1"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=directory.parent,
    )
    assert synth.returncode == 0, synth.stderr[-2000:]
    return directory


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """``emulator up`` in a fresh state directory; ``down`` after the module's tests."""
    state = tmp_path_factory.mktemp("emulator-state") / "state"
    up = _run("emulator", "up", "--state", str(state))
    try:
        assert up.returncode == 0, up.stderr
        yield state, up.stdout
    finally:
        pid = (
            json.loads((state / "state.json").read_text())["pid"]
            if (state / "state.json").exists()
            else None
        )
        down = _run("emulator", "down", "--state", str(state))
        assert down.returncode == 0, down.stderr
        if pid is not None:
            assert not _alive(pid)
        assert not (state / "state.json").exists()


def _in_shell(exports: str, command: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in bash after ``eval`` of ``exports``, with no other AWS setting."""
    script = f'eval "$1"\n{command}'
    return subprocess.run(
        ["bash", "-c", script, "bash", exports],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=ROOT,
    )


@pytest.mark.e2e
def test_up_prints_exports_a_shell_can_eval(running: tuple[Path, str]) -> None:
    state, exports = running

    shown = _in_shell(
        exports, 'echo "$AWS_ENDPOINT_URL $AWS_DEFAULT_REGION $STS_CONSTRUCTS_EMULATOR_STATE"'
    )

    endpoint, region, state_dir = shown.stdout.split()
    assert endpoint.startswith("http://127.0.0.1:")
    assert region == "us-east-1"
    assert state_dir == str(state)
    assert oct((state / "state.json").stat().st_mode & 0o777) == "0o600"
    assert oct(state.stat().st_mode & 0o777) == "0o700"


@pytest.mark.e2e
def test_up_again_reports_the_same_running_emulator(running: tuple[Path, str]) -> None:
    state, exports = running

    again = _run("emulator", "up", "--state", str(state))
    env = _run("emulator", "env", "--state", str(state))

    assert again.returncode == env.returncode == 0
    first = [line for line in exports.splitlines() if "AWS_ENDPOINT_URL" in line]
    assert first and first[0] in again.stdout
    assert first[0] in env.stdout


@pytest.mark.e2e
def test_deploy_then_assume_verify_and_tokens_with_only_the_printed_environment(
    running: tuple[Path, str], tmp_path: Path
) -> None:
    _, exports = running
    assembly = _assembly(tmp_path / "cdk.out")

    deployed = _in_shell(exports, f"sts-constructs emulator deploy {assembly}")
    assert deployed.returncode == 0, deployed.stderr + deployed.stdout
    assert "own-ci: deployed into 123456789012 us-east-1" in deployed.stdout
    assert f"own-other: deployed into {OTHER_ACCOUNT} eu-west-1" in deployed.stdout
    assert "DeployRoleArn = arn:aws:iam::123456789012:role/ci-deploy" in deployed.stdout

    # The admin assumes the other account's administrator role, then its audit role.
    admin_role = f"arn:aws:iam::{OTHER_ACCOUNT}:role/OrganizationAccountAccessRole"
    assumed = _in_shell(
        exports,
        f"sts-constructs assume {admin_role} && "
        f"sts-constructs assume arn:aws:iam::{OTHER_ACCOUNT}:role/audit --format json",
    )
    assert assumed.returncode == 0, assumed.stderr
    assert f"arn:aws:sts::{OTHER_ACCOUNT}:assumed-role/audit/" in assumed.stdout

    verified = _in_shell(exports, "sts-constructs verify --stack own-ci")
    assert "ci-deploy" in verified.stdout + verified.stderr
    assert "AssumeRoleWithWebIdentity" in verified.stdout + verified.stderr

    # A token for the deployed GitHub provider: main may assume, another branch may not.
    for ref, allowed in (("refs/heads/main", True), ("refs/heads/dev", False)):
        token = _in_shell(
            exports,
            "sts-constructs emulator token oidc --issuer github "
            f"--claim sub=repo:octo-org/app:ref:{ref}",
        )
        assert token.returncode == 0, token.stderr
        call = _in_shell(
            exports,
            f"{sys.executable} -c 'import boto3,sys,os;"
            "from botocore import UNSIGNED;from botocore.config import Config;"
            'sts=boto3.client("sts",endpoint_url=os.environ["AWS_ENDPOINT_URL"],'
            "config=Config(signature_version=UNSIGNED));"
            "print(sts.assume_role_with_web_identity(RoleArn=sys.argv[1],"
            'RoleSessionName="ci",WebIdentityToken=sys.argv[2])["AssumedRoleUser"]["Arn"])\''
            f" arn:aws:iam::123456789012:role/ci-deploy {token.stdout.strip()}",
        )
        assert (call.returncode == 0) is allowed, call.stderr[-500:]
        if not allowed:
            assert "AccessDenied" in call.stderr


@pytest.mark.e2e
def test_saml_token_for_a_provider_not_deployed_is_one_line(running: tuple[Path, str]) -> None:
    state, _ = running

    minted = _run(
        "emulator",
        "token",
        "saml",
        "--provider-arn",
        "arn:aws:iam::123456789012:saml-provider/nowhere",
        "--role-arn",
        "arn:aws:iam::123456789012:role/x",
        "--subject",
        "alice",
        "--state",
        str(state),
    )

    assert minted.returncode == 1
    assert minted.stderr.count("\n") == 1
    assert "is not deployed in the emulator" in minted.stderr


@pytest.mark.e2e
def test_up_with_an_accounts_file_and_down_leave_nothing_behind(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.yaml"
    accounts.write_text(
        'organization_id: o-a1b2c3d4e5\naccounts:\n  - {name: prod, id: "222222222222"}\n',
        encoding="utf-8",
    )
    state = tmp_path / "state"
    up = _run("emulator", "up", "--accounts", str(accounts), "--state", str(state))
    try:
        assert up.returncode == 0, up.stderr
        pid = read_state(state).pid
        assumed = _in_shell(
            up.stdout,
            "sts-constructs assume arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
        )
        assert assumed.returncode == 0, assumed.stderr
        assert "AWS_SESSION_TOKEN" in assumed.stdout
    finally:
        down = _run("emulator", "down", "--state", str(state))
    assert down.returncode == 0
    assert f"stopped the emulator (pid {pid})" in down.stderr
    assert not _alive(pid)
    assert not state.exists()


def test_cdk_cli_is_on_path_for_the_end_to_end_tests() -> None:
    assert shutil.which("cdk", path=_env()["PATH"]) is not None
