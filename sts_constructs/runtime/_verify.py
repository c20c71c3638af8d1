"""Assume every deployed role the caller can, and check what the role may do on the bucket.

The expected permissions come from the deployed template (the policies attached to the role);
the actual ones from calls made with the role's credentials. Policy resources are not
compared: the probes target the stack's sandbox bucket, which is what the policies name.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any

from sts_constructs.conventions import BUCKET_NAME_OUTPUT
from sts_constructs.runtime._errors import RuntimeToolError, error_code, explain
from sts_constructs.runtime._session import EndpointSession, with_credentials
from sts_constructs.runtime._stacks import LOOKUP_FIX, DeployedRole, deployed_roles, stack_outputs
from sts_constructs.runtime._trust import logical_id as _logical_id
from sts_constructs.runtime._trust import non_aws_trust as _non_aws_trust
from sts_constructs.runtime._trust import template as _read_template

__all__ = ["Probe", "RoleReport", "verify_roles"]

PROBE_KEY = ".sts-constructs-verify"
_DENIED = {"AccessDenied", "AccessDeniedException", "403", "Forbidden"}


@dataclass(frozen=True)
class Probe:
    """One permission check: the action, what the policies lead us to expect, what happened."""

    action: str
    resource: str
    expected: bool
    allowed: bool

    @property
    def holds(self) -> bool:
        """Return whether the emulator or AWS did what the policies say."""
        return self.expected == self.allowed


@dataclass(frozen=True)
class RoleReport:
    """What verify found for one role."""

    role: DeployedRole
    assumed_as: str | None = None  # The assumed-role ARN; None when not assumed.
    reason: str | None = None  # Why the role was not assumed.
    probes: tuple[Probe, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Return whether the role was assumed and every probe held."""
        return self.assumed_as is not None and all(p.holds for p in self.probes)


def verify_roles(
    *,
    lookup_session: EndpointSession,
    caller_session: EndpointSession,
    stack_names: list[str] | None = None,
    roles: list[DeployedRole] | None = None,
) -> list[RoleReport]:
    """Return a report per deployed role: assumed as whom, and whether its permissions hold.

    ``lookup_session`` reads the stacks (outputs and templates); ``caller_session`` assumes.
    ``roles``: the roles to verify, as ``scan_role_outputs`` found them (its refused outputs
    are the caller's to report). Default: every role ``deployed_roles`` finds in
    ``stack_names`` (default: every stack).
    """
    from botocore.config import Config

    if roles is None:
        roles = deployed_roles(lookup_session, stack_names=stack_names)
    outputs = stack_outputs(lookup_session, stack_names=stack_names)
    templates = {
        name: _read_template(lookup_session, name, fix=LOOKUP_FIX)
        for name in {r.stack_name for r in roles}
    }
    no_retry = Config(retries={"max_attempts": 1, "mode": "standard"})
    sts = caller_session.client("sts", config=no_retry)
    try:
        caller = str(sts.get_caller_identity()["Arn"])
    except Exception as error:
        raise explain(error, action="sts:GetCallerIdentity") from None
    reports = []
    for role in roles:
        template = templates[role.stack_name]
        logical_id = _logical_id(template, role.output_key)
        others = _non_aws_trust(template, logical_id)
        if others:
            reports.append(
                RoleReport(
                    role=role,
                    reason=f"trusts only {', '.join(others)}: assumed through it, "
                    "not with sts:AssumeRole by you",
                )
            )
            continue
        try:
            response = sts.assume_role(RoleArn=role.arn, RoleSessionName="sts-constructs-verify")
        except Exception as error:
            reason = str(
                explain(error, action="sts:AssumeRole", principal=caller, resource=role.arn)
            )
            reports.append(RoleReport(role=role, reason=reason))
            continue
        credentials = response["Credentials"]
        session = with_credentials(
            caller_session,
            access_key_id=credentials["AccessKeyId"],
            secret_access_key=credentials["SecretAccessKey"],
            session_token=credentials["SessionToken"],
        )
        bucket = outputs[role.stack_name].get(BUCKET_NAME_OUTPUT, {}).get("value")
        probes: tuple[Probe, ...] = ()
        if bucket:
            expected = expected_actions(template, logical_id)
            probes = tuple(_probe_bucket(session.client("s3", config=no_retry), bucket, expected))
        reports.append(
            RoleReport(role=role, assumed_as=response["AssumedRoleUser"]["Arn"], probes=probes)
        )
    return reports


def expected_actions(template: dict[str, Any], logical_id: str | None) -> dict[str, bool]:
    """Return, per probed action, whether the role's policies in ``template`` allow it."""
    allow: list[str] = []
    deny: list[str] = []
    ref = {"Ref": logical_id}
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        documents = []
        if resource.get("Type") == "AWS::IAM::Policy" and ref in _as_list(properties.get("Roles")):
            documents.append(properties.get("PolicyDocument", {}))
        if resource.get("Type") == "AWS::IAM::Role" and resource is template["Resources"].get(
            logical_id
        ):
            documents.extend(p.get("PolicyDocument", {}) for p in properties.get("Policies", []))
        for document in documents:
            for statement in _as_list(document.get("Statement")):
                actions = [str(a) for a in _as_list(statement.get("Action"))]
                (allow if statement.get("Effect") == "Allow" else deny).extend(actions)
    return {
        action: _matches(action, allow) and not _matches(action, deny)
        for action in ("s3:ListBucket", "s3:GetObject", "s3:PutObject")
    }


def _matches(action: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in patterns)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _probe_bucket(s3: Any, bucket: str, expected: dict[str, bool]) -> list[Probe]:
    """Try each action on ``bucket``; a write that succeeds is deleted again."""

    def attempt(call: Any, **arguments: Any) -> bool:
        try:
            call(**arguments)
        except Exception as error:
            code = error_code(error)
            if code in _DENIED:
                return False
            if code in {"NoSuchKey", "404"}:
                return True  # Authorized; the probe object does not exist.
            raise RuntimeToolError(
                f"verify: unexpected answer from s3 on {bucket}: {code or type(error).__name__}"
            ) from None
        return True

    listed = attempt(s3.list_objects_v2, Bucket=bucket, MaxKeys=1)
    read = attempt(s3.get_object, Bucket=bucket, Key=PROBE_KEY)
    wrote = attempt(s3.put_object, Bucket=bucket, Key=PROBE_KEY, Body=b"")
    if wrote:
        attempt(s3.delete_object, Bucket=bucket, Key=PROBE_KEY)
    return [
        Probe("s3:ListBucket", bucket, expected["s3:ListBucket"], listed),
        Probe("s3:GetObject", f"{bucket}/{PROBE_KEY}", expected["s3:GetObject"], read),
        Probe("s3:PutObject", f"{bucket}/{PROBE_KEY}", expected["s3:PutObject"], wrote),
    ]
