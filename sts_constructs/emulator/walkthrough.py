"""The STS walkthrough against a deployed sandbox stack: denied, assume, read, write denied.

Each step records what happened and why, so ``make demo`` can print it and a test can check it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sts_constructs.conventions import (
    ACCESS_KEY_SECRET_OUTPUT_SUFFIX,
    BUCKET_NAME_OUTPUT,
    WALKTHROUGH_ROLE,
)
from sts_constructs.emulator._process import Emulator, StaticCredentials
from sts_constructs.runtime import AssumeRequest, assume_role, mask, resolve_role
from sts_constructs.runtime._errors import error_code

__all__ = [
    "DEMO_KEY",
    "Step",
    "access_key_secrets",
    "attempt",
    "decided_step",
    "print_steps",
    "read_access_key",
    "walk",
    "why_of",
]

DEMO_KEY = "hello.txt"
DEMO_BODY = b"Hello from the sandbox bucket.\n"
# The error codes of a refusal (STS API reference, S3's 403); any other error is raised.
_REFUSED = {
    "AccessDenied",
    "AccessDeniedException",
    "403",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidIdentityToken",
    "IDPRejectedClaim",
    "ValidationError",
}


@dataclass(frozen=True)
class Step:
    """One step: what was tried, whether AWS (the emulator) allowed it, and why."""

    title: str
    allowed: bool
    expected: bool  # Whether the walkthrough expects this step to be allowed.
    lines: tuple[str, ...]
    api: str = ""  # The API or action tried ("" for a setup step, left out of the report).
    principal: str = ""
    target: str = ""
    why: str = ""  # The emulator's reason (the evaluator's), else the walkthrough's.

    @property
    def as_expected(self) -> bool:
        """Return whether the step came out as the walkthrough says it should."""
        return self.allowed == self.expected

    def report(self) -> dict[str, str]:
        """Return the step as one entry of ``scripts/demo.py --report``."""
        return {
            "api": self.api,
            "principal": self.principal,
            "target": self.target,
            "expected": "allowed" if self.expected else "denied",
            "outcome": "allowed" if self.allowed else "denied",
            "why": self.why,
        }


def why_of(emulator: Emulator, api: str, target: str, *, principal: str = "") -> str:
    """Return the emulator's reason for its last decision on ``api`` and ``target``."""
    for decision in reversed(emulator.decisions()):
        if (
            decision.api in (api, f"sts:{api}")
            and decision.target == target
            and principal in decision.principal
        ):
            notes = "".join(f" [emulator: {note}]" for note in decision.notes)
            # The evaluator's reasons are phrases; a Why line is a sentence.
            return decision.why.rstrip(".") + "." + notes
    return ""


def decided_step(
    emulator: Emulator,
    title: str,
    *,
    allowed: bool,
    expected: bool,
    lines: tuple[str, ...],
    api: str,
    principal: str,
    target: str,
    action: str = "",
    decided_by: str = "",
) -> Step:
    """Return a step whose reason is the emulator's last decision on ``action`` and ``target``;
    its last line says why.

    Args:
        action: Default: ``api`` (the decision log's name of the call).
        decided_by: Default: any principal; else a part of the deciding principal.
    """
    why = why_of(emulator, action or api, target, principal=decided_by)
    return Step(
        title,
        allowed=allowed,
        expected=expected,
        lines=(*lines, f"Why: {why}"),
        api=api,
        principal=principal,
        target=target,
        why=why,
    )


def attempt(call: Callable[..., Any], **arguments: Any) -> tuple[bool, Any, str]:
    """Call ``call``; return (allowed, answer or None, a short outcome like "denied (X)").

    A refusal (access denied, expired or invalid credentials or token) is an outcome; any
    other error is raised.
    """
    try:
        answer = call(**arguments)
    except Exception as error:
        code = error_code(error)
        if code in _REFUSED:
            return False, None, f"denied ({code})"
        raise
    return True, answer, "allowed"


def access_key_secrets(outputs: Mapping[str, str]) -> dict[str, str]:
    """Return user name -> ARN of the secret that holds its access key, from a stack's outputs.

    The app writes ``<Key>AccessKeySecretArn`` next to the user's name, ``<Key>Name`` for a
    sandbox user and ``<Key>UserName`` for a broker (``sts_constructs.conventions``).
    """
    found: dict[str, str] = {}
    for key, arn in outputs.items():
        if key.endswith(ACCESS_KEY_SECRET_OUTPUT_SUFFIX):
            stem = key[: -len(ACCESS_KEY_SECRET_OUTPUT_SUFFIX)]
            name = outputs.get(f"{stem}Name") or outputs.get(f"{stem}UserName")
            if name:
                found[name] = arn
    return found


def read_access_key(emulator: Emulator, secret_arn: str) -> StaticCredentials:
    """Return the access key kept in the secret ``secret_arn`` (read as the emulator's admin)."""
    value = emulator.client("secretsmanager").get_secret_value(SecretId=secret_arn)
    secret = json.loads(value["SecretString"])
    return StaticCredentials(secret["accessKeyId"], secret["secretAccessKey"])


def walk(
    emulator: Emulator,
    *,
    outputs: dict[str, str],
    role: str = WALKTHROUGH_ROLE,
    session_name: str = "walkthrough",
) -> list[Step]:
    """Run the walkthrough with the stack ``outputs``; return its steps in order.

    Args:
        role: Default: the read-only role of config/sandbox.yaml.
    """
    bucket = outputs[BUCKET_NAME_OUTPUT]
    user_name, secret_arn = next(iter(access_key_secrets(outputs).items()))
    steps: list[Step] = []

    emulator.client("s3").put_object(Bucket=bucket, Key=DEMO_KEY, Body=DEMO_BODY)
    user = read_access_key(emulator, secret_arn)
    steps.append(
        Step(
            "Setup: a demo object, and the user's access key from Secrets Manager",
            allowed=True,
            expected=True,
            lines=(
                f"The admin put s3://{bucket}/{DEMO_KEY}.",
                f"{user_name}'s key {user.access_key_id} (secret {mask(user.secret_access_key)}) "
                f"was read from {secret_arn.split(':secret:')[-1]}.",
            ),
        )
    )

    user_session = emulator.session(credentials=user)
    identity = user_session.client("sts").get_caller_identity()["Arn"]
    allowed, detail = _attempt(user_session.client("s3").list_buckets)
    why = why_of(emulator, "s3:ListAllMyBuckets", "arn:aws:s3:::*", principal=identity)
    steps.append(
        Step(
            f"{user_name} lists the buckets",
            allowed=allowed,
            expected=False,
            lines=(
                f"Signed in as {identity}.",
                f"ListBuckets: {detail}.",
                "Why: the user has no permissions of its own; its group allows only "
                "sts:AssumeRole on the read-only role.",
            ),
            api="ListBuckets",
            principal=identity,
            target="*",
            why=why,
        )
    )

    role_arn = resolve_role(role, session=emulator.session())
    credentials = assume_role(
        user_session, AssumeRequest(role_arn=role_arn, session_name=session_name)
    )
    steps.append(
        Step(
            f"{user_name} assumes {role}",
            allowed=True,
            expected=True,
            lines=(
                f"AssumeRole {role_arn} -> {credentials.assumed_role_arn}.",
                f"Access key {credentials.access_key_id}, secret "
                f"{mask(credentials.secret_access_key)}, session token "
                f"{mask(credentials.session_token)}, "
                f"expires {credentials.expiration:%Y-%m-%d %H:%M:%S %Z}.",
                "Why: the role's trust policy names this user, and its group allows the call.",
            ),
            api="AssumeRole",
            principal=identity,
            target=role_arn,
            why=why_of(emulator, "AssumeRole", role_arn, principal=identity),
        )
    )

    role_session = emulator.session(
        credentials=StaticCredentials(
            credentials.access_key_id, credentials.secret_access_key, credentials.session_token
        )
    )
    s3 = role_session.client("s3")
    role_identity = role_session.client("sts").get_caller_identity()["Arn"]
    listed, list_detail = _attempt(s3.list_objects_v2, Bucket=bucket)
    read, read_detail = _attempt(s3.get_object, Bucket=bucket, Key=DEMO_KEY)
    steps.append(
        Step(
            f"{role} lists and reads the bucket",
            allowed=listed and read,
            expected=True,
            lines=(
                f"Signed in as {role_identity}.",
                f"ListObjectsV2 s3://{bucket}: {list_detail}.",
                f"GetObject {DEMO_KEY}: {read_detail}.",
                "Why: the role's policy allows s3:GetBucket*, s3:GetObject* and s3:List* "
                "on this bucket.",
            ),
            api="GetObject",
            principal=role_identity,
            target=f"arn:aws:s3:::{bucket}/{DEMO_KEY}",
            why=why_of(emulator, "s3:GetObject", f"arn:aws:s3:::{bucket}/{DEMO_KEY}"),
        )
    )
    wrote, write_detail = _attempt(s3.put_object, Bucket=bucket, Key="written.txt", Body=b"x")
    steps.append(
        Step(
            f"{role} writes to the bucket",
            allowed=wrote,
            expected=False,
            lines=(
                f"PutObject s3://{bucket}/written.txt: {write_detail}.",
                "Why: nothing allows s3:PutObject; what is not allowed is denied.",
            ),
            api="PutObject",
            principal=role_identity,
            target=f"arn:aws:s3:::{bucket}/written.txt",
            why=why_of(emulator, "s3:PutObject", f"arn:aws:s3:::{bucket}/written.txt"),
        )
    )
    return steps


def _attempt(call: Any, **arguments: Any) -> tuple[bool, str]:
    """Call ``call``; return whether it was allowed and a short description of the answer."""
    allowed, response, outcome = attempt(call, **arguments)
    if not allowed:
        return False, outcome
    if "Buckets" in response:
        return True, f"allowed, {len(response['Buckets'])} bucket(s)"
    if "Body" in response:
        return True, f"allowed, {response['Body'].read().decode(errors='replace').strip()!r}"
    if "KeyCount" in response:
        keys = [item["Key"] for item in response.get("Contents", [])]
        return True, f"allowed, {', '.join(keys) or 'no objects'}"
    return True, "allowed"


def print_steps(steps: list[Step], *, console: Any, start: int = 1) -> None:
    """Print ``steps`` with rich, numbered from ``start``: a marked title, then its lines."""
    for number, step in enumerate(steps, start=start):
        verdict = "allowed" if step.allowed else "denied"
        colour = "green" if step.as_expected else "red"
        note = "" if step.as_expected else "  (NOT as expected)"
        console.print(f"[bold]{number}. {step.title}[/bold]  [{colour}]{verdict}{note}[/{colour}]")
        for line in step.lines:
            console.print(f"   {line}", highlight=False)
