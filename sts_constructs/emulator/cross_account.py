"""The cross-account act: deploy each account's stacks into its own emulated account, then walk.

moto keeps every account apart (IAM, STS, S3, CloudFormation): credentials from assuming a role
of account N act in N. Here an administrator of each account is the emulator admin's session
of ``OrganizationAccountAccessRole`` there, and the real CDK CLI deploys with it. The walk
shows a principal of the source account that the grant covers assume the role in the target
account, and ``GetCallerIdentity`` answer from the target account.

The emulator decides each AssumeRole with the project's evaluator, as AWS does across
accounts: the caller's identity policies (the grant) and the target role's trust policy
(``aws:PrincipalArn``, ``aws:PrincipalOrgID``: the emulator holds the config's organization)
must both allow. The walk ends with a principal the trust does not name, denied.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sts_constructs.conventions import CROSS_ACCOUNT_STACK_SUFFIXES
from sts_constructs.emulator._deploy import DeployResult, bootstrap, deploy
from sts_constructs.emulator._process import (
    ACCOUNT_ADMIN_ROLE,
    Emulator,
    EmulatorError,
    StaticCredentials,
)
from sts_constructs.emulator.walkthrough import Step, why_of
from sts_constructs.runtime import AssumeRequest, assume_role, mask
from sts_constructs.runtime._errors import error_code
from sts_constructs.runtime._session import EndpointSession

__all__ = [
    "CROSS_ACCOUNT_STACK_SUFFIXES",
    "AccountDeploy",
    "CrossAccountAccess",
    "create_grantee_role",
    "cross_account_stacks",
    "deploy_accounts",
    "walk_cross_account",
]

# The stacks of a `cross_account` config (stacks/cross_account_stack.py names them so).
_DENIED = {"AccessDenied", "AccessDeniedException", "403"}


@dataclass(frozen=True)
class CrossAccountAccess:
    """One first-party access of the config to walk: a role of ``source`` and its target role.

    Attributes:
        other_role_arn: Default: no denied step. A target role not granted to it.
    """

    source_name: str  # The account names of the config, for the printed lines.
    source_account_id: str
    source_region: str
    grantee_role: str  # The granted role of the source account, ``name`` or ``path/name``.
    target_name: str
    target_account_id: str
    target_role_arn: str
    other_role_arn: str | None = None

    @property
    def grantee_role_arn(self) -> str:
        """Return the ARN of the granted role in the source account."""
        path, _, name = self.grantee_role.rpartition("/")
        return f"arn:aws:iam::{self.source_account_id}:role/{path + '/' if path else ''}{name}"


@dataclass(frozen=True)
class AccountDeploy:
    """The stacks deployed into one emulated account and region."""

    account_id: str
    region: str
    result: DeployResult


def cross_account_stacks(assembly: Path) -> list[str]:
    """Return the construct IDs of the cross-account stacks: roles, grants, StackSets."""
    manifest = json.loads((assembly / "manifest.json").read_text(encoding="utf-8"))
    return [
        construct_id
        for construct_id, artifact in manifest.get("artifacts", {}).items()
        if artifact.get("type") == "aws:cloudformation:stack"
        and str(artifact.get("properties", {}).get("stackName", "")).endswith(
            CROSS_ACCOUNT_STACK_SUFFIXES
        )
    ]


def _environments(assembly: Path, stacks: Sequence[str]) -> dict[tuple[str, str], list[str]]:
    """Group ``stacks`` by the ``(account, region)`` of their ``aws://`` environment."""
    manifest = json.loads((assembly / "manifest.json").read_text(encoding="utf-8"))
    groups: dict[tuple[str, str], list[str]] = {}
    for construct_id in stacks:
        environment = manifest["artifacts"][construct_id].get("environment", "")
        account, _, region = environment.removeprefix("aws://").partition("/")
        if not account.isdigit() or not region or region.startswith("unknown"):
            raise EmulatorError(
                f"{construct_id}: environment {environment!r} names no account and region; "
                "a cross-account stack must name both"
            )
        groups.setdefault((account, region), []).append(construct_id)
    return groups


def create_grantee_role(emulator: Emulator, access: CrossAccountAccess) -> StaticCredentials:
    """Create the granted role in the source account, as the existing role the config names.

    The config's grant attaches its policy to an existing role (your CI's, say); the demo makes
    one first, trusting the source admin's own session so that the walk can act as it.
    Return that admin session's credentials.
    """
    admin = emulator.account_admin(access.source_account_id, session_name="demo-admin")
    admin_arn = emulator.client("sts", credentials=admin).get_caller_identity()["Arn"]
    path, _, name = access.grantee_role.rpartition("/")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": admin_arn}, "Action": "sts:AssumeRole"}
        ],
    }
    emulator.client("iam", credentials=admin).create_role(
        RoleName=name,
        Path=f"/{path}/" if path else "/",
        AssumeRolePolicyDocument=json.dumps(trust),
        Description="Stands in for the existing role the config grants (the demo creates it).",
    )
    return admin


def deploy_accounts(
    emulator: Emulator,
    *,
    assembly: Path,
    stacks: Sequence[str],
    cwd: Path | None = None,
) -> list[AccountDeploy]:
    """Bootstrap each stack's account and region, then deploy its stacks there with the CDK CLI.

    The CLI runs with an administrator session of that account (see
    :meth:`Emulator.account_admin`), one ``cdk deploy`` per account and region.

    Args:
        cwd: Default: the assembly's parent directory.
    """
    deployed: list[AccountDeploy] = []
    for (account_id, region), construct_ids in _environments(assembly, stacks).items():
        admin = emulator.account_admin(account_id)
        bootstrap(emulator, credentials=admin, region=region)
        result = deploy(
            emulator,
            assembly=assembly,
            stacks=construct_ids,
            credentials=admin,
            region=region,
            cwd=cwd,
        )
        deployed.append(AccountDeploy(account_id, region, result))
    return deployed


def walk_cross_account(
    emulator: Emulator,
    *,
    access: CrossAccountAccess,
    source_admin: StaticCredentials,
    session_name: str = "walkthrough",
) -> list[Step]:
    """Walk ``access``: the granted role assumes the target role; return the steps in order."""
    steps: list[Step] = []
    source_admin_session = emulator.session(credentials=source_admin)
    grantee = assume_role(
        source_admin_session,
        AssumeRequest(role_arn=access.grantee_role_arn, session_name=session_name),
    )
    grantee_credentials = StaticCredentials(
        grantee.access_key_id, grantee.secret_access_key, grantee.session_token
    )
    grantee_session = emulator.session(credentials=grantee_credentials)
    grantee_identity = grantee_session.client("sts").get_caller_identity()
    steps.append(
        Step(
            f"Setup: {access.grantee_role} in {access.source_name}, the role the grant covers",
            allowed=True,
            expected=True,
            lines=(
                f"Each account's stacks were deployed with its own admin session "
                f"({ACCOUNT_ADMIN_ROLE}, as AWS Organizations creates it).",
                f"The config grants an existing role of {access.source_name}; the demo created "
                f"{access.grantee_role_arn} before the deploy, trusting that admin session.",
                f"Signed in as {grantee_identity['Arn']} (account {grantee_identity['Account']}).",
            ),
        )
    )

    target = assume_role(
        grantee_session,
        AssumeRequest(role_arn=access.target_role_arn, session_name=session_name),
    )
    steps.append(
        Step(
            f"{access.grantee_role} ({access.source_name}) assumes a role in {access.target_name}",
            allowed=True,
            expected=True,
            lines=(
                f"AssumeRole {access.target_role_arn} -> {target.assumed_role_arn}.",
                f"Access key {target.access_key_id}, secret {mask(target.secret_access_key)}, "
                f"session token {mask(target.session_token)}, "
                f"expires {target.expiration:%Y-%m-%d %H:%M:%S %Z}.",
                f"Why: the grant in {access.source_name} allows sts:AssumeRole on this role, "
                f"and the role's trust names {access.source_name} with aws:PrincipalArn "
                f"{access.grantee_role_arn}.",
            ),
            api="AssumeRole",
            principal=grantee_identity["Arn"],
            target=access.target_role_arn,
            why=why_of(
                emulator, "AssumeRole", access.target_role_arn, principal=grantee_identity["Arn"]
            ),
        )
    )

    target_session = emulator.session(
        credentials=StaticCredentials(
            target.access_key_id, target.secret_access_key, target.session_token
        )
    )
    identity = target_session.client("sts").get_caller_identity()
    buckets = [b["Name"] for b in target_session.client("s3").list_buckets()["Buckets"]]
    steps.append(
        Step(
            f"GetCallerIdentity with those credentials: account {identity['Account']}",
            allowed=True,
            expected=True,
            lines=(
                f"Account {identity['Account']}, Arn {identity['Arn']}.",
                f"ListBuckets: {', '.join(buckets) or 'none'} (the S3 of {access.target_name}; "
                f"the buckets of {access.source_name} are not there).",
                f"Why: credentials from AssumeRole belong to the role's account; every call made "
                f"with them acts in {access.target_name} ({access.target_account_id}).",
            ),
        )
    )

    if access.other_role_arn is not None:
        allowed, detail = _try_assume(grantee_session, access.other_role_arn, session_name)
        steps.append(
            Step(
                f"{access.grantee_role} assumes a role it was not granted",
                allowed=allowed,
                expected=False,
                lines=(
                    f"AssumeRole {access.other_role_arn}: {detail}.",
                    f"Why: its policy in {access.source_name} (the grant) allows only "
                    f"{access.target_role_arn}.",
                ),
                api="AssumeRole",
                principal=grantee_identity["Arn"],
                target=access.other_role_arn,
                why=why_of(emulator, "AssumeRole", access.other_role_arn),
            )
        )

    admin_arn = source_admin_session.client("sts").get_caller_identity()["Arn"]
    allowed, detail = _try_assume(source_admin_session, access.target_role_arn, session_name)
    steps.append(
        Step(
            "A principal the trust does not name assumes the role",
            allowed=allowed,
            expected=False,
            lines=(
                f"As {admin_arn} (AdministratorAccess in {access.source_name}): "
                f"AssumeRole {access.target_role_arn}: {detail}.",
                "Why: across accounts both halves must allow; its own policy does, but the "
                f"trust lets in only {access.grantee_role_arn} (aws:PrincipalArn), as on AWS.",
            ),
            api="AssumeRole",
            principal=admin_arn,
            target=access.target_role_arn,
            why=why_of(emulator, "AssumeRole", access.target_role_arn, principal=admin_arn),
        )
    )
    return steps


def _try_assume(session: EndpointSession, role_arn: str, session_name: str) -> tuple[bool, str]:
    """Call AssumeRole on ``role_arn``; return whether it was allowed and a short answer."""
    sts = session.client("sts")
    try:
        answer = sts.assume_role(RoleArn=role_arn, RoleSessionName=session_name)
    except Exception as error:
        code = error_code(error)
        if code in _DENIED:
            return False, f"denied ({code})"
        raise
    return True, f"allowed, {answer['AssumedRoleUser']['Arn']}"
