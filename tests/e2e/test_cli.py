"""assume (each format), profiles (round trip through botocore) and verify, on the emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.configloader import load_config

from sts_constructs.cli import main
from tests.e2e.sandbox import Sandbox

pytestmark = pytest.mark.e2e
ROLE_ARN = "arn:aws:iam::123456789012:role/sandbox-s3-read"
ASSUMED = "arn:aws:sts::123456789012:assumed-role/sandbox-s3-read/"
# The console script of this environment.
CLI = Path(sys.executable).parent / "sts-constructs"


def as_user(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in sandbox.user.environment().items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def user_env(sandbox: Sandbox, aws_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``aws_env`` signed in as sts-user (its access key in AWS_*); return the config folder."""
    as_user(sandbox, monkeypatch)
    return aws_env


def test_assume_env_format_exports_credentials_a_shell_can_use(
    sandbox: Sandbox, aws_env: Path
) -> None:
    env = {**os.environ, **sandbox.user.environment()}
    script = (
        f'eval "$({CLI} assume {ROLE_ARN} '
        '--session-name shell)" && '
        f'{sys.executable} -c "import boto3; '
        "print(boto3.client('sts').get_caller_identity()['Arn'])\""
    )

    result = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ASSUMED + "shell"


def test_assume_json_format(user_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "assume",
            ROLE_ARN,
            "--format",
            "json",
            "--session-name",
            "json",
            "--duration",
            "15m",
        ]
    )

    captured = capsys.readouterr()
    assert status == 0, captured.err
    document = json.loads(captured.out)
    assert document["AssumedRoleArn"] == ASSUMED + "json"
    assert document["AccessKeyId"].startswith("ASIA")


def test_assume_credential_process_format_feeds_a_profile(sandbox: Sandbox, aws_env: Path) -> None:
    command = (
        f"{CLI} assume {ROLE_ARN} "
        "--format credential-process --profile sts-user --session-name process"
    )
    (aws_env / "config").write_text(
        f"[profile sts-user]\nregion = us-east-1\n\n"
        f"[profile via-process]\ncredential_process = {command}\n",
        encoding="utf-8",
    )

    session = boto3.Session(profile_name="via-process", region_name="us-east-1")

    assert session.client("sts").get_caller_identity()["Arn"] == ASSUMED + "process"


def test_assume_by_role_name_when_the_caller_may_read_the_stacks(
    sandbox: Sandbox, aws_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The admin may read the outputs but is not trusted by the role.
    status = main(["assume", "sandbox-s3-read"])

    err = capsys.readouterr().err
    assert status == 1
    assert err.strip() == (
        "sts-constructs assume: access denied: arn:aws:iam::123456789012:user/emulator-admin "
        f"may not call sts:AssumeRole on {ROLE_ARN}: the role's trust must admit the caller; "
        "if it wants MFA (a default Trust does), pass --mfa-serial and --token-code; if it "
        "wants an ExternalId, pass --external-id"
    )


def test_assume_unknown_role_lists_the_deployed_ones(
    aws_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["assume", "no-such-role"])

    err = capsys.readouterr().err
    assert status == 1
    assert "unknown role 'no-such-role'" in err
    assert "sandbox-s3-read" in err


def _temporary_credentials(
    kind: str, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> dict[str, str]:
    """Return temporary credentials of sts-user: an assumed-role session (``assume``'s JSON)
    or a GetSessionToken session (the MFA session pattern)."""
    if kind == "assumed-role":
        as_user(sandbox, monkeypatch)
        main(["assume", ROLE_ARN, "--format", "json"])
        document: dict[str, str] = json.loads(capsys.readouterr().out)
        return document
    user = boto3.client(
        "sts",
        endpoint_url=sandbox.emulator.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id=sandbox.user.access_key_id,
        aws_secret_access_key=sandbox.user.secret_access_key,
    )
    credentials = user.get_session_token(DurationSeconds=3600)["Credentials"]
    return {key: str(value) for key, value in credentials.items()}


@pytest.mark.parametrize(
    ("kind", "holds"),
    [
        ("assumed-role", "an assumed-role session"),
        ("session-token", "session credentials (GetSessionToken)"),
    ],
)
def test_assume_caps_temporary_credentials_at_one_hour_before_the_call(
    kind: str,
    holds: str,
    sandbox: Sandbox,
    aws_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A chained session and a GetSessionToken session are both temporary: over 1 hour is
    # refused before the call.
    credentials = _temporary_credentials(kind, sandbox, monkeypatch, capsys)
    for variable, key in (
        ("AWS_ACCESS_KEY_ID", "AccessKeyId"),
        ("AWS_SECRET_ACCESS_KEY", "SecretAccessKey"),
        ("AWS_SESSION_TOKEN", "SessionToken"),
    ):
        monkeypatch.setenv(variable, credentials[key])

    status = main(["assume", ROLE_ARN, "--duration", "2h"])

    assert status == 1
    assert capsys.readouterr().err == (
        f"sts-constructs assume: DurationSeconds: 7200 must be 900-3600 seconds: the caller "
        f"holds {holds}, and a role assumed with temporary credentials lasts at most 1 hour "
        "(role chaining)\n"
    )


def test_profiles_round_trip_through_botocore_and_assume_the_role(
    aws_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = aws_env / "config"

    status = main(
        [
            "profiles",
            "--config-file",
            str(config),
            "--source-profile",
            "sts-user",
            "--duration",
            "1h",
        ]
    )

    assert status == 0
    profiles = load_config(str(config))["profiles"]
    assert profiles["sandbox-s3-read"]["role_arn"] == ROLE_ARN
    assert profiles["sandbox-s3-read"]["duration_seconds"] == "3600"
    session = boto3.Session(profile_name="sandbox-s3-read", region_name="us-east-1")
    assert session.client("sts").get_caller_identity()["Arn"].startswith(ASSUMED)


def test_profiles_keeps_a_profile_it_did_not_write(
    aws_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = aws_env / "config"
    config.write_text("[profile sandbox-s3-read]\nregion = eu-west-1\n", encoding="utf-8")

    main(["profiles", "--config-file", str(config), "--source-profile", "sts-user"])

    assert "kept profile sandbox-s3-read" in capsys.readouterr().err
    assert load_config(str(config))["profiles"]["sandbox-s3-read"] == {"region": "eu-west-1"}


def test_verify_assumes_the_users_role_and_its_permissions_hold(
    aws_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["verify", "--caller-profile", "sts-user"])

    out = capsys.readouterr().out
    assert status == 0, out
    assert "sandbox-s3-read (sts-sandbox)  ok" in out
    assert "s3:PutObject" in out and "expected denied, denied  holds" in out
    assert "sandbox-app (sts-sandbox)  not assumed: trusts only ec2.amazonaws.com" in out
    assert "Deny" not in out and "does not hold" not in out


def test_verify_fails_when_the_caller_can_assume_no_role(
    aws_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["verify"])

    assert status == 1
    out = capsys.readouterr().out
    assert "none of" in out and "role(s) could be assumed" in out
    assert "emulator-admin may not call sts:AssumeRole" in out


def test_assume_rejects_a_duration_over_the_roles_maximum_read_with_get_role(
    aws_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The admin may read the role (MaxSessionDuration 3600); the check fails before AssumeRole.
    status = main(["assume", "sandbox-s3-read", "--duration", "2h"])

    err = capsys.readouterr().err
    assert status == 1
    assert err == (
        "sts-constructs assume: DurationSeconds: 7200 must be 900-3600 seconds: the role's "
        "maximum session duration is 3600 s (iam:GetRole)\n"
    )


# A stack whose outputs try to add lines to the AWS config file: a `credential_process` line
# runs its command the first time the profile is used.
HOSTILE_ACCOUNT = "555555555555"
HOSTILE_OUTPUTS = {
    "InjectRoleArn": ("evil]\ncredential_process = touch pwned\n[profile evil2", None),
    "CrlfRoleArn": ("crlf\r\ncredential_process=touch pwned", None),
    "BracketRoleArn": ("a]b", None),
    "DefaultRoleArn": ("default", None),
    "TabRoleArn": ("tab\tregion = eu-west-1", None),
    "SpaceRoleArn": ("sts-user ] [profile x", None),
    "ValueRoleArn": (
        "value-inject",
        f"arn:aws:iam::{HOSTILE_ACCOUNT}:role/x\n[profile v]\ncredential_process = touch pwned",
    ),
}


@pytest.fixture(scope="module")
def hostile_stack(sandbox: Sandbox) -> dict[str, str]:
    """Deploy the hostile stack into an account of its own; return that account's variables."""
    admin = sandbox.emulator.account_admin(HOSTILE_ACCOUNT)
    # The fine role trusts the source profile's user: `profiles` writes only such roles.
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{sandbox.emulator.account_id}:user/sts-user"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    outputs: dict[str, object] = {
        "FineRoleArn": {"Value": {"Fn::GetAtt": ["Fine", "Arn"]}, "Description": "hostile-fine"}
    }
    for key, (description, value) in HOSTILE_OUTPUTS.items():
        arn = value or f"arn:aws:iam::{HOSTILE_ACCOUNT}:role/{key}"
        outputs[key] = {"Value": arn, "Description": description}
    template = {
        "Resources": {
            "Fine": {
                "Type": "AWS::IAM::Role",
                "Properties": {"RoleName": "hostile-fine", "AssumeRolePolicyDocument": trust},
            }
        },
        "Outputs": outputs,
    }
    cloudformation = sandbox.emulator.client("cloudformation", credentials=admin)
    cloudformation.create_stack(StackName="hostile", TemplateBody=json.dumps(template))
    return sandbox.environment(credentials=admin)


@pytest.fixture
def hostile_env(
    hostile_stack: dict[str, str], aws_env: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The AWS environment of the hostile stack's account; return the AWS config folder."""
    for name, value in hostile_stack.items():
        monkeypatch.setenv(name, value)
    return aws_env


def test_profiles_keeps_hostile_stack_outputs_out_of_the_config_file(
    hostile_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = hostile_env / "config"
    before = "[profile sts-user]\nregion = us-east-1\n"
    config.write_text(before, encoding="utf-8")
    config.chmod(0o600)

    status = main(["profiles", "--config-file", str(config), "--source-profile", "sts-user"])

    captured = capsys.readouterr()
    text = config.read_text(encoding="utf-8")
    assert status == 1
    assert "credential_process" not in text and "pwned" not in text
    assert set(load_config(str(config))["profiles"]) == {"sts-user", "hostile-fine"}
    assert text.startswith(before)
    refused = [line for line in captured.err.splitlines() if " refused hostile output " in line]
    assert len(refused) == len(HOSTILE_OUTPUTS)
    assert (
        "sts-constructs profiles: refused hostile output InjectRoleArn: description: "
        "'evil]\\ncredential_process = touch pwned\\n[profile evil2' must be 1-64 characters "
        "of letters, digits and +=,.@_- (IAM names)"
    ) in refused
    assert any("output DefaultRoleArn: profile name: 'default' is refused" in r for r in refused)
    assert any("output ValueRoleArn: value: " in r for r in refused)
    assert "\t" not in captured.err
    assert captured.out.startswith("wrote profile hostile-fine -> arn:aws:iam::555555555555:")


def test_verify_says_which_hostile_outputs_it_refused(
    hostile_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["verify"])

    captured = capsys.readouterr()
    assert status == 1
    refused = [line for line in captured.err.splitlines() if " refused hostile output " in line]
    # "default" is an IAM name: only `profiles` refuses it (as a profile name).
    keys = {line.split(" output ", 1)[1].split(":", 1)[0] for line in refused}
    assert keys == set(HOSTILE_OUTPUTS) - {"DefaultRoleArn"}
    assert any(
        line.startswith("sts-constructs verify: refused hostile output ValueRoleArn: value: ")
        for line in refused
    )
    assert "pwned" not in captured.out
    # The outputs that passed are verified: the fine role and the one named "default".
    assert "hostile-fine (hostile)" in captured.out
    assert "default (hostile)" in captured.out


def test_profiles_writes_only_roles_the_source_profile_may_assume(
    aws_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = aws_env / "config"

    status = main(["profiles", "--config-file", str(config), "--source-profile", "sts-user"])

    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert set(load_config(str(config))["profiles"]) == {"sandbox-s3-read"}
    not_written = sorted(
        line.split("not written: ", 1)[1]
        for line in captured.err.splitlines()
        if "not written: " in line
    )
    assert not_written[0].startswith("github-deploy-sample-app (sts-sandbox-federation): trusts ")
    assert "(sts:AssumeRoleWithWebIdentity), not an AWS principal's keys" in not_written[0]
    assert not_written[1].startswith("saml-console-access (sts-sandbox-federation): trusts only")
    assert "(sts:AssumeRoleWithSAML), not an AWS principal's keys" in not_written[1]
    assert not_written[2] == (
        "sandbox-app (sts-sandbox): trusts only ec2.amazonaws.com, not an AWS principal's keys"
    )


def test_assume_by_name_as_a_user_who_may_not_read_the_stacks(
    user_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The README's `assume sandbox-s3-read`, run as sts-user (no cloudformation:DescribeStacks).
    status = main(["assume", "sandbox-s3-read", "--format", "json", "--session-name", "name"])

    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert json.loads(captured.out)["AssumedRoleArn"] == ASSUMED + "name"
    assert captured.err == (
        "sts-constructs assume: access denied: arn:aws:iam::123456789012:user/sts-user may not "
        "call cloudformation:DescribeStacks: it reads the role names from the stacks' outputs; "
        "pass --profile with credentials that may (those that deployed the stacks, for "
        f"example), or give the role's ARN; assuming {ROLE_ARN}, a role of your own account\n"
    )


def test_profiles_reads_the_stacks_as_the_source_profile_when_nothing_else_is_set(
    aws_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    config = aws_env / "config"

    status = main(["profiles", "--config-file", str(config), "--source-profile", "sts-user"])

    assert status == 1
    assert capsys.readouterr().err.splitlines() == [
        "sts-constructs profiles: reading the stacks as profile sts-user (no other credentials "
        "found; --profile chooses)",
        "sts-constructs profiles: access denied: arn:aws:iam::123456789012:user/sts-user may not "
        "call cloudformation:DescribeStacks: it reads the role names from the stacks' outputs; "
        "pass --profile with credentials that may (those that deployed the stacks, for "
        "example), or give the role's ARN",
    ]
    assert not config.exists()


def test_assume_says_the_roles_maximum_is_unknown_when_it_cannot_read_it(
    user_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # sts-user may not call iam:GetRole: 13 h is over STS's limit, the role's own is unknown.
    status = main(["assume", ROLE_ARN, "--duration", "13h"])

    assert status == 2
    assert capsys.readouterr().err == (
        "sts-constructs assume: DurationSeconds: 46800 must be 900-43200 seconds: STS's limit "
        "for any role (this role's own maximum is unknown: not read with iam:GetRole)\n"
    )
