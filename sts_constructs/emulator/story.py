"""The rest of the seeds' story, under enforcement: instance credentials, web identity, SAML,
a federation broker, MFA and expiry. Each function returns :class:`Step` objects with the
emulator's reason (the evaluator's) for each outcome.

The stacks come from ``config/sandbox.yaml``: the sandbox stack (user, read-only role,
bucket, EC2 application's instance profile) and the federation stack (GitHub Actions and
SAML providers and roles, the ``GetFederationToken`` broker ``sandbox-broker``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from sts_constructs.conventions import BUCKET_NAME_OUTPUT
from sts_constructs.emulator._process import Emulator, StaticCredentials
from sts_constructs.emulator.tokens import github_actions_claims
from sts_constructs.emulator.walkthrough import DEMO_KEY, Step, why_of
from sts_constructs.runtime import mask
from sts_constructs.runtime._errors import error_code

__all__ = [
    "EC2_APPLICATION",
    "attempt",
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
_DENIED = {"AccessDenied", "AccessDeniedException", "403"}
_REFUSED = _DENIED | {
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidIdentityToken",
    "IDPRejectedClaim",
    "ValidationError",
}


def attempt(call: Callable[..., Any], **arguments: Any) -> tuple[bool, Any, str]:
    """Call ``call``; return (allowed, answer or None, a short outcome like "denied (X)")."""
    try:
        answer = call(**arguments)
    except Exception as error:
        code = error_code(error)
        if code in _REFUSED:
            return False, None, f"denied ({code})"
        raise
    return True, answer, "allowed"


def _credentials(answer: dict[str, Any]) -> StaticCredentials:
    c = answer["Credentials"]
    return StaticCredentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])


def _sts_unsigned(emulator: Emulator) -> Any:
    """Return an STS client that signs nothing (web identity and SAML calls are unsigned)."""
    from botocore import UNSIGNED
    from botocore.config import Config

    return emulator.session().client("sts", config=Config(signature_version=UNSIGNED))


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


def web_identity_steps(
    emulator: Emulator,
    *,
    federation: dict[str, str],
    repository: str = "octo-org/sample-app",
    owner_id: int | None = 123456,
    repository_id: int | None = 456789,
) -> list[Step]:
    """A job of the trusted repository on main gets the deploy role; another repository not."""
    role_arn = federation["GithubDeploySampleAppRoleArn"]
    sts = _sts_unsigned(emulator)
    steps: list[Step] = []
    for name, ids, expected in (
        (repository, (owner_id, repository_id), True),
        ("octo-org/other-app", (owner_id, 999_999), False),
    ):
        claims = github_actions_claims(
            repository=name, owner_id=ids[0], repository_id=ids[1], ref="refs/heads/main"
        )
        token = emulator.oidc_token(claims)
        allowed, answer, outcome = attempt(
            sts.assume_role_with_web_identity,
            RoleArn=role_arn,
            RoleSessionName="github-actions",
            WebIdentityToken=token,
        )
        lines = [f"Token sub {claims['sub']!r}, aud {claims['aud']!r}, signed by the emulator."]
        if answer:
            lines.append(f"AssumeRoleWithWebIdentity -> {answer['AssumedRoleUser']['Arn']}.")
        else:
            lines.append(f"AssumeRoleWithWebIdentity {role_arn}: {outcome}.")
        why = why_of(emulator, "AssumeRoleWithWebIdentity", role_arn)
        steps.append(
            Step(
                f"A GitHub Actions job of {name} (main) assumes the deploy role",
                allowed=allowed,
                expected=expected,
                lines=(*lines, f"Why: {why}"),
                api="AssumeRoleWithWebIdentity",
                principal=f"{federation['GithubOidcProviderArn']} sub {claims['sub']}",
                target=role_arn,
                why=why,
            )
        )
    return steps


def saml_steps(emulator: Emulator, *, federation: dict[str, str]) -> list[Step]:
    """A user of the sample IdP signs in through AssumeRoleWithSAML."""
    role_arn = federation["SamlConsoleAccessRoleArn"]
    provider_arn = federation["SampleIdpSamlProviderArn"]
    response = emulator.saml_response(
        provider_arn=provider_arn, role_arn=role_arn, subject="alice", session_name="alice"
    )
    allowed, answer, outcome = attempt(
        _sts_unsigned(emulator).assume_role_with_saml,
        RoleArn=role_arn,
        PrincipalArn=provider_arn,
        SAMLAssertion=response,
    )
    why = why_of(emulator, "AssumeRoleWithSAML", role_arn)
    detail = answer["AssumedRoleUser"]["Arn"] if answer else outcome
    return [
        Step(
            "alice of the sample IdP signs in through AssumeRoleWithSAML",
            allowed=allowed,
            expected=True,
            lines=(
                "The emulator's IdP signed a SAML response for alice (Audience and Recipient "
                "https://signin.aws.amazon.com/saml, Role attribute naming the role and provider).",
                f"AssumeRoleWithSAML -> {detail}.",
                f"Why: {why}",
            ),
            api="AssumeRoleWithSAML",
            principal=f"{provider_arn} sub alice",
            target=role_arn,
            why=why,
        )
    ]


def federation_token_steps(
    emulator: Emulator, *, broker: StaticCredentials, prefix: str, bucket: str
) -> list[Step]:
    """The deployed broker hands federated user ``<prefix>alice`` credentials scoped to reading
    the bucket; a name outside ``prefix`` is denied.

    ``broker`` is the access key of a broker the app deployed (``federation.brokers``), and
    ``prefix`` its ``federated_user_prefix``.
    """
    person = f"{prefix}alice"
    outsider = next(name for name in ("admin-bob", "bob") if not name.startswith(prefix))
    broker_sts = emulator.client("sts", credentials=broker)
    broker_arn = broker_sts.get_caller_identity()["Arn"]
    scope = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
        ],
    }
    steps: list[Step] = []
    allowed, answer, outcome = attempt(
        broker_sts.get_federation_token,
        Name=person,
        Policy=json.dumps(scope),
        DurationSeconds=900,
    )
    target = f"arn:aws:sts::{broker_arn.split(':')[4]}:federated-user/{person}"
    why = why_of(emulator, "GetFederationToken", target)
    steps.append(
        Step(
            f"The broker gets credentials for federated user {person}",
            allowed=allowed,
            expected=True,
            lines=(
                f"GetFederationToken Name={person}, session policy: s3:GetObject on "
                f"{bucket}/*: {outcome}"
                + (f", {answer['FederatedUser']['Arn']}." if answer else "."),
                f"Why: {why}",
            ),
            api="GetFederationToken",
            principal=broker_arn,
            target=target,
            why=why,
        )
    )
    if answer:
        federated = _credentials(answer)
        s3 = emulator.client("s3", credentials=federated)
        object_arn = f"arn:aws:s3:::{bucket}/{DEMO_KEY}"
        for api, call, arguments, expected in (
            ("GetObject", s3.get_object, {"Bucket": bucket, "Key": DEMO_KEY}, True),
            ("ListObjectsV2", s3.list_objects_v2, {"Bucket": bucket}, False),
        ):
            allowed, _, outcome = attempt(call, **arguments)
            resource = object_arn if api == "GetObject" else f"arn:aws:s3:::{bucket}"
            action = "s3:GetObject" if api == "GetObject" else "s3:ListBucket"
            why = why_of(emulator, action, resource, principal=f"federated-user/{person}")
            steps.append(
                Step(
                    f"{person} calls {api} on the bucket",
                    allowed=allowed,
                    expected=expected,
                    lines=(f"{api} s3://{bucket}: {outcome}.", f"Why: {why}"),
                    api=api,
                    principal=target,
                    target=resource,
                    why=why,
                )
            )
    other = f"arn:aws:sts::{broker_arn.split(':')[4]}:federated-user/{outsider}"
    allowed, _, outcome = attempt(
        broker_sts.get_federation_token, Name=outsider, Policy=json.dumps(scope)
    )
    why = why_of(emulator, "GetFederationToken", other)
    steps.append(
        Step(
            f"The broker asks for {outsider}, a name outside its prefix {prefix!r}",
            allowed=allowed,
            expected=False,
            lines=(f"GetFederationToken Name={outsider}: {outcome}.", f"Why: {why}"),
            api="GetFederationToken",
            principal=broker_arn,
            target=other,
            why=why,
        )
    )
    return steps


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
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=user_name)["VirtualMFADevice"]
    serial, seed = device["SerialNumber"], device["Base32StringSeed"].decode()
    import pyotp

    totp = pyotp.TOTP(seed)
    now = emulator.now()
    iam.enable_mfa_device(
        UserName=user_name,
        SerialNumber=serial,
        AuthenticationCode1=totp.at(now, counter_offset=-1),
        AuthenticationCode2=totp.at(now),
    )
    key = iam.create_access_key(UserName=user_name)["AccessKey"]
    user = StaticCredentials(key["AccessKeyId"], key["SecretAccessKey"])
    user_arn = emulator.client("sts", credentials=user).get_caller_identity()["Arn"]
    steps: list[Step] = []

    allowed, _, outcome = attempt(
        emulator.client("sts", credentials=user).assume_role,
        RoleArn=role_arn,
        RoleSessionName=user_name,
    )
    why = why_of(emulator, "AssumeRole", role_arn, principal=user_arn)
    steps.append(
        Step(
            f"{user_name} assumes {role_arn.rsplit('/', 1)[-1]} without MFA",
            allowed=allowed,
            expected=False,
            lines=(f"AssumeRole {role_arn}: {outcome}.", f"Why: {why}"),
            api="AssumeRole",
            principal=user_arn,
            target=role_arn,
            why=why,
        )
    )
    allowed, answer, outcome = attempt(
        emulator.client("sts", credentials=user).get_session_token,
        SerialNumber=serial,
        TokenCode=emulator.mfa_code(seed),
        DurationSeconds=3600,
    )
    why = why_of(emulator, "GetSessionToken", user_arn)
    steps.append(
        Step(
            f"{user_name} signs in with MFA (GetSessionToken with a TOTP code)",
            allowed=allowed,
            expected=True,
            lines=(
                f"Virtual MFA device {serial}; the code is the device's TOTP at the "
                f"emulator's time: {outcome}.",
                f"Why: {why}",
            ),
            api="GetSessionToken",
            principal=user_arn,
            target=user_arn,
            why=why,
        )
    )
    if answer:
        session = _credentials(answer)
        allowed, assumed, outcome = attempt(
            emulator.client("sts", credentials=session).assume_role,
            RoleArn=role_arn,
            RoleSessionName=user_name,
        )
        why = why_of(emulator, "AssumeRole", role_arn, principal=user_arn)
        steps.append(
            Step(
                f"{user_name} assumes {role_arn.rsplit('/', 1)[-1]} with its MFA session",
                allowed=allowed,
                expected=True,
                lines=(
                    f"AssumeRole {role_arn}: {outcome}"
                    + (f", {assumed['AssumedRoleUser']['Arn']}." if assumed else "."),
                    f"Why: {why}",
                ),
                api="AssumeRole",
                principal=user_arn,
                target=role_arn,
                why=why,
            )
        )
    return steps


def expiry_steps(
    emulator: Emulator, *, user: StaticCredentials, role_arn: str, bucket: str
) -> list[Step]:
    """A 15-minute session of ``role_arn`` is refused once the emulator's clock passes it."""
    answer = emulator.client("sts", credentials=user).assume_role(
        RoleArn=role_arn, RoleSessionName="short", DurationSeconds=900
    )
    session = _credentials(answer)
    arn = answer["AssumedRoleUser"]["Arn"]
    expires = answer["Credentials"]["Expiration"]
    emulator.advance_clock(901)
    allowed, _, outcome = attempt(
        emulator.client("s3", credentials=session).list_objects_v2, Bucket=bucket
    )
    why = why_of(emulator, "s3:ListBucket", f"arn:aws:s3:::{bucket}", principal=arn)
    return [
        Step(
            "Credentials that expired are refused",
            allowed=allowed,
            expected=False,
            lines=(
                f"AssumeRole with DurationSeconds=900: {arn}, key {session.access_key_id}, "
                f"secret {mask(session.secret_access_key)}, expires {expires:%H:%M:%S %Z}.",
                f"The emulator's clock moved 901 s on; ListObjectsV2 s3://{bucket}: {outcome}.",
                f"Why: {why}",
            ),
            api="ListObjectsV2",
            principal=arn,
            target=f"arn:aws:s3:::{bucket}",
            why=why,
        )
    ]
