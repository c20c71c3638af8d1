"""An instance metadata service (IMDSv2) per emulated EC2 instance, for botocore's own chain.

An application on EC2 gets its role's credentials from the instance metadata service: it PUTs
``/latest/api/token`` for a session token, then GETs
``/latest/meta-data/iam/security-credentials/`` (the role's name) and
``.../security-credentials/<role>`` with that token. EC2 obtains those credentials by assuming
the instance profile's role as ``ec2.amazonaws.com``, so the role's trust must allow the
service. Here each launched instance has a base URL, ``/_emulator/imds/<instance-id>/``, that
``AWS_EC2_METADATA_SERVICE_ENDPOINT`` points botocore at.
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from moto.iam.models import iam_backends

from sts_constructs.emulator._clock import CLOCK
from sts_constructs.emulator._sessions import Session

__all__ = ["INSTANCES", "Instance", "InstanceRegistry", "handle"]

EC2_SERVICE = "ec2.amazonaws.com"
_TOKEN_TTL_MAX = 21_600
# EC2 rotates instance credentials well before they expire; the emulator issues one-hour
# sessions and a new one when less than 15 minutes are left.
_CREDENTIALS_SECONDS = 3_600
_ROTATE_BEFORE = timedelta(minutes=15)


@dataclass
class Instance:
    """An emulated instance: its profile's role and the credentials served for it."""

    instance_id: str
    account_id: str
    profile_name: str
    role_name: str
    tokens: dict[str, datetime] = field(default_factory=dict)
    session: Session | None = None


class InstanceRegistry:
    """The launched instances by ID."""

    def __init__(self) -> None:
        self._instances: dict[str, Instance] = {}
        self._lock = threading.Lock()

    def launch(self, *, account_id: str, profile_name: str) -> Instance:
        """Start an instance with the deployed instance profile ``profile_name``.

        Raises ``ValueError`` when the profile does not exist or holds no role.
        """
        backend = iam_backends[account_id]["aws"]
        profile = next(
            (p for p in backend.instance_profiles.values() if p.name == profile_name), None
        )
        if profile is None:
            raise ValueError(
                f"instance_profile: {profile_name!r} is not an instance profile of {account_id}"
            )
        if not profile.roles:
            raise ValueError(f"instance_profile: {profile_name!r} holds no role")
        instance = Instance(
            f"i-{secrets.token_hex(8)}", account_id, profile_name, profile.roles[0].name
        )
        with self._lock:
            self._instances[instance.instance_id] = instance
        return instance

    def get(self, instance_id: str) -> Instance | None:
        """Return the instance ``instance_id`` or None."""
        with self._lock:
            return self._instances.get(instance_id)


INSTANCES = InstanceRegistry()


def handle(method: str, instance_id: str, path: str, headers: dict[str, str]) -> tuple[int, str]:
    """Answer one IMDSv2 request for ``instance_id``: (HTTP status, body)."""
    from sts_constructs.emulator._sts import issue_instance_session

    instance = INSTANCES.get(instance_id)
    if instance is None:
        return 404, "Not Found"
    now = CLOCK.now()
    if path == "latest/api/token":
        if method != "PUT":
            return 405, "Method Not Allowed"
        try:
            ttl = int(headers.get("X-Aws-Ec2-Metadata-Token-Ttl-Seconds", ""))
        except ValueError:
            return 400, "Bad Request: X-aws-ec2-metadata-token-ttl-seconds is required"
        if not 1 <= ttl <= _TOKEN_TTL_MAX:
            return 400, f"Bad Request: the token TTL must be between 1 and {_TOKEN_TTL_MAX}"
        token = secrets.token_urlsafe(32)
        instance.tokens[token] = now + timedelta(seconds=ttl)
        return 200, token
    token = headers.get("X-Aws-Ec2-Metadata-Token", "")
    expires = instance.tokens.get(token)
    if expires is None or now >= expires:
        # IMDSv2 only (the secure setting): no token, no metadata.
        return 401, "Unauthorized"
    prefix = "latest/meta-data/iam/security-credentials/"
    if path == prefix:
        return 200, instance.role_name
    if path == prefix + instance.role_name:
        session = instance.session
        if session is None or session.expires_at - now < _ROTATE_BEFORE:
            try:
                session = issue_instance_session(instance, seconds=_CREDENTIALS_SECONDS)
            except PermissionError as error:
                return 200, json.dumps(_failure(str(error), now))
            instance.session = session
        return 200, json.dumps(_success(session, now))
    if path == "latest/meta-data/instance-id":
        return 200, instance.instance_id
    return 404, "Not Found"


def _success(session: Session, now: datetime) -> dict[str, Any]:
    return {
        "Code": "Success",
        "LastUpdated": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Type": "AWS-HMAC",
        "AccessKeyId": session.access_key_id,
        "SecretAccessKey": session.secret_access_key,
        "Token": session.session_token,
        "Expiration": session.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _failure(message: str, now: datetime) -> dict[str, Any]:
    # What EC2 serves when it cannot assume the role (a trust that does not allow ec2).
    return {
        "Code": "AssumeRoleUnauthorizedAccess",
        "Message": message,
        "LastUpdated": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
