"""The rest of the seeds' story, under enforcement: instance credentials, web identity, SAML,
a federation broker, MFA and expiry. Each function returns :class:`Step` objects with the
emulator's reason (the evaluator's) for each outcome.

The stacks come from ``config/sandbox.yaml``: the sandbox stack (user, read-only role,
bucket, EC2 application's instance profile) and the federation stack (GitHub Actions and
SAML providers and roles, the ``GetFederationToken`` broker ``sandbox-broker``). The
federation acts live in ``_federation_story.py``; this module holds the sessions' acts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from sts_constructs.conventions import BUCKET_NAME_OUTPUT
from sts_constructs.emulator._federation_story import (
    federation_token_steps,
    saml_steps,
    session_credentials,
    web_identity_steps,
)
from sts_constructs.emulator._process import Emulator, StaticCredentials
from sts_constructs.emulator.walkthrough import DEMO_KEY, Step, attempt, decided_step, why_of
from sts_constructs.runtime import mask

__all__ = [
    "EC2_APPLICATION",
    "attempt",
    "enrol_mfa_device",
    "expiry_steps",
    "federation_token_steps",
    "instance_steps",
    "mfa_steps",
    "saml_steps",
    "web_identity_steps",
]

# The EC2 application: its own process, with no credentials but the instance's metadata
# service, reads the bucket the way boto3 on an instance does.
EC2_APPLICATION = """
import sys, boto3
session = boto3.Session()
credentials = session.get_credentials()
print("credentials from:", credentials.method)
body = session.client("s3").get_object(Bucket=sys.argv[1], Key=sys.argv[2])["Body"].read()
print("read:", body.decode().strip())
print("as:", session.client("sts").get_caller_identity()["Arn"])
"""


def instance_steps(emulator: Emulator, *, sandbox: dict[str, str]) -> list[Step]:
    """The EC2 application reads the bucket with its instance profile's credentials."""
    profile = sandbox["SandboxAppInstanceProfileName"]
    role_arn = sandbox["SandboxAppRoleArn"]
    bucket = sandbox[BUCKET_NAME_OUTPUT]
    instance = emulator.launch_instance(profile)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(emulator.workdir),
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_ENDPOINT_URL": emulator.endpoint_url,
        "AWS_DEFAULT_REGION": emulator.region,
        **instance.environment(),
    }
    run = subprocess.run(
        [sys.executable, "-c", EC2_APPLICATION, bucket, DEMO_KEY],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    output = [line for line in run.stdout.splitlines() if line]
    failure = run.stderr.strip().splitlines()[-1:] if run.returncode else []
    return [
        Step(
            f"The EC2 application on {instance.instance_id} reads the bucket",
            allowed=run.returncode == 0,
            expected=True,
            lines=(
                f"Instance {instance.instance_id} runs with instance profile {profile}; its "
                f"metadata service: AWS_EC2_METADATA_SERVICE_ENDPOINT={instance.metadata_endpoint}",
                *output,
                *failure,
                "Why: botocore's own chain took the role's credentials from IMDSv2 (token PUT, "
                "then security-credentials); EC2 got them by assuming the role as "
                "ec2.amazonaws.com, which its trust allows.",
            ),
            api="AssumeRole",
            principal=f"ec2.amazonaws.com ({instance.instance_id})",
            target=role_arn,
            why=why_of(emulator, "AssumeRole", role_arn, principal=instance.instance_id),
        )
    ]


def enrol_mfa_device(emulator: Emulator, iam: Any, user_name: str) -> tuple[str, str]:
    """Create and enable a virtual MFA device of ``user_name`` with ``iam`` (an IAM client of
    the user's account); return the device's serial number and Base32 seed."""
    import pyotp

    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=user_name)["VirtualMFADevice"]
    serial, seed = device["SerialNumber"], device["Base32StringSeed"].decode()
    totp, now = pyotp.TOTP(seed), emulator.now()
    iam.enable_mfa_device(
        UserName=user_name,
        SerialNumber=serial,
        AuthenticationCode1=totp.at(now, counter_offset=-1),
        AuthenticationCode2=totp.at(now),
    )
    return serial, seed


def mfa_steps(
    emulator: Emulator,
    *,
    account_admin: StaticCredentials,
    group: str,
    role_arn: str,
    user_name: str = "prod-reader",
) -> list[Step]:
    """A member of ``group`` assumes the MFA-gated ``role_arn``: without MFA, then with it.

    The admin of the member's account enrols a virtual MFA device for a new user; the user
    signs in with GetSessionToken and a TOTP code, then assumes the role with that session.
    """
    iam = emulator.client("iam", credentials=account_admin)
    iam.create_user(UserName=user_name)
    iam.add_user_to_group(GroupName=group, UserName=user_name)
    serial, seed = enrol_mfa_device(emulator, iam, user_name)
    key = iam.create_access_key(UserName=user_name)["AccessKey"]
    user = StaticCredentials(key["AccessKeyId"], key["SecretAccessKey"])
    user_arn = emulator.client("sts", credentials=user).get_caller_identity()["Arn"]
    role_name = role_arn.rsplit("/", 1)[-1]

    def assume(credentials: StaticCredentials, title: str, *, expected: bool) -> Step:
        allowed, answer, outcome = attempt(
            emulator.client("sts", credentials=credentials).assume_role,
            RoleArn=role_arn,
            RoleSessionName=user_name,
        )
        detail = f", {answer['AssumedRoleUser']['Arn']}." if answer else "."
        return decided_step(
            emulator,
            title,
            allowed=allowed,
            expected=expected,
            lines=(f"AssumeRole {role_arn}: {outcome}{detail}",),
            api="AssumeRole",
            principal=user_arn,
            target=role_arn,
            decided_by=user_arn,
        )

    steps = [assume(user, f"{user_name} assumes {role_name} without MFA", expected=False)]
    allowed, answer, outcome = attempt(
        emulator.client("sts", credentials=user).get_session_token,
        SerialNumber=serial,
        TokenCode=emulator.mfa_code(seed),
        DurationSeconds=3600,
    )
    steps.append(
        decided_step(
            emulator,
            f"{user_name} signs in with MFA (GetSessionToken with a TOTP code)",
            allowed=allowed,
            expected=True,
            lines=(
                f"Virtual MFA device {serial}; the code is the device's TOTP at the "
                f"emulator's time: {outcome}.",
            ),
            api="GetSessionToken",
            principal=user_arn,
            target=user_arn,
        )
    )
    if answer:
        title = f"{user_name} assumes {role_name} with its MFA session"
        steps.append(assume(session_credentials(answer), title, expected=True))
    return steps


def expiry_steps(
    emulator: Emulator, *, user: StaticCredentials, role_arn: str, bucket: str
) -> list[Step]:
    """A 15-minute session of ``role_arn`` is refused once the emulator's clock passes it."""
    answer = emulator.client("sts", credentials=user).assume_role(
        RoleArn=role_arn, RoleSessionName="short", DurationSeconds=900
    )
    session = session_credentials(answer)
    arn = answer["AssumedRoleUser"]["Arn"]
    expires = answer["Credentials"]["Expiration"]
    emulator.advance_clock(901)
    allowed, _, outcome = attempt(
        emulator.client("s3", credentials=session).list_objects_v2, Bucket=bucket
    )
    return [
        decided_step(
            emulator,
            "Credentials that expired are refused",
            allowed=allowed,
            expected=False,
            lines=(
                f"AssumeRole with DurationSeconds=900: {arn}, key {session.access_key_id}, "
                f"secret {mask(session.secret_access_key)}, expires {expires:%H:%M:%S %Z}.",
                f"The emulator's clock moved 901 s on; ListObjectsV2 s3://{bucket}: {outcome}.",
            ),
            api="ListObjectsV2",
            principal=arn,
            target=f"arn:aws:s3:::{bucket}",
            action="s3:ListBucket",
            decided_by=arn,
        )
    ]
