"""The roles of deployed stacks, read from their outputs.

A stack of this project has one output per assumable role: the key ends with ``RoleArn``, the
value is the role's ARN and the description is the role's name.

Outputs come from outside: an output whose value is not a role ARN, or whose description is
not an IAM name, is refused (:class:`RefusedOutput`) and never used as a name or written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from sts_constructs.conventions import ROLE_ARN_OUTPUT_SUFFIX, is_role_arn_output
from sts_constructs.runtime._errors import AccessDeniedError, RuntimeToolError, explain
from sts_constructs.runtime._inputs import literal
from sts_constructs.validation import (
    parse_role_arn,
    quote_value,
    validate_iam_name,
    validate_role_arn,
)

# What to do when the stacks cannot be read.
LOOKUP_FIX = (
    "it reads the role names from the stacks' outputs; pass --profile with credentials that "
    "may (those that deployed the stacks, for example), or give the role's ARN"
)

__all__ = [
    "DeployedRole",
    "RefusedOutput",
    "RoleScan",
    "deployed_roles",
    "resolve_role",
    "scan_role_outputs",
    "stack_outputs",
]


@dataclass(frozen=True)
class DeployedRole:
    """A role named in a deployed stack's outputs."""

    name: str
    arn: str
    stack_name: str
    output_key: str


@dataclass(frozen=True)
class RefusedOutput:
    """A ``...RoleArn`` output that was not used, and why (one line, values quoted)."""

    stack_name: str
    output_key: str
    reason: str

    def __str__(self) -> str:
        return f"{self.stack_name} output {self.output_key}: {self.reason}"


class RoleScan(NamedTuple):
    """What :func:`scan_role_outputs` found: roles, refused outputs, and the stacks read."""

    roles: list[DeployedRole]
    refused: list[RefusedOutput]
    stacks: list[str]  # The names of the stacks whose outputs were read, sorted.


# How a user's own app names its roles for the runtime tools (README: Runtime tools).
ADD_ROLE_OUTPUT = (
    "add one per role to your stack: CfnOutput(self, role_arn_output_key('Reader'), "
    "value=role.role_arn) (sts_constructs.conventions; README: Runtime tools)"
)
# The most stack names a message lists.
_STACKS_LISTED = 5


def no_role_outputs(scan: RoleScan) -> str:
    """Return the one line that says no deployed stack names a role: what was looked for,
    in which stacks, and how to add one (or why the outputs found were refused)."""
    names = scan.stacks[:_STACKS_LISTED]
    more = len(scan.stacks) - len(names)
    where = (
        f"in stacks {', '.join(names)}{f' and {more} more' if more else ''}"
        if names
        else "in any stack (none is deployed in this account and region)"
    )
    looked_for = f"stack output whose key ends in {ROLE_ARN_OUTPUT_SUFFIX} {where}"
    if scan.refused:
        return f"every {looked_for} was refused ({len(scan.refused)}): {scan.refused[0]}"
    return f"no {looked_for}; {ADD_ROLE_OUTPUT}"


def stack_outputs(
    session: Any, *, stack_names: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Return ``{stack name: {output key: {"value", "description"}}}`` of the deployed stacks.

    Every stack in the session's account and region when ``stack_names`` is ``None``.
    """
    client = session.client("cloudformation")
    stacks: list[dict[str, Any]] = []
    try:
        if stack_names:
            for name in stack_names:
                stacks.extend(client.describe_stacks(StackName=name)["Stacks"])
        else:
            for page in client.get_paginator("describe_stacks").paginate():
                stacks.extend(page["Stacks"])
    except Exception as error:
        raise explain(
            error,
            action="cloudformation:DescribeStacks",
            principal=caller_arn(session),
            fix=LOOKUP_FIX,
        ) from None
    return {
        stack["StackName"]: {
            output["OutputKey"]: {
                "value": output.get("OutputValue", ""),
                "description": output.get("Description", ""),
            }
            for output in stack.get("Outputs", [])
        }
        for stack in stacks
        if not stack.get("StackStatus", "").startswith("DELETE")
    }


def deployed_roles(session: Any, *, stack_names: list[str] | None = None) -> list[DeployedRole]:
    """Return the assumable roles the deployed stacks name in their outputs, sorted by name.

    Outputs that fail the checks of :func:`scan_role_outputs` are left out.
    """
    return scan_role_outputs(session, stack_names=stack_names).roles


def scan_role_outputs(session: Any, *, stack_names: list[str] | None = None) -> RoleScan:
    """Return the roles named by ``...RoleArn`` outputs, the outputs refused with why, and
    the names of the stacks read (``stack_names``, default: every stack of the session's
    account and region).

    The value must be an IAM role ARN and the description, when there is one, the role's
    IAM name (1-64 letters, digits and +=,.@_-); without one the name comes from the ARN.
    """
    roles: list[DeployedRole] = []
    refused: list[RefusedOutput] = []
    read = stack_outputs(session, stack_names=stack_names)
    for stack_name, outputs in read.items():
        for key, output in outputs.items():
            if not is_role_arn_output(key):
                continue
            value, description = output["value"], output["description"]
            try:
                literal(validate_role_arn, "value", value)
                parsed = parse_role_arn(value)
                assert parsed is not None  # validate_role_arn passed
                name = literal(validate_iam_name, "description", description or parsed[2])
            except ValueError as error:
                refused.append(RefusedOutput(stack_name, key, str(error)))
                continue
            roles.append(DeployedRole(name=name, arn=value, stack_name=stack_name, output_key=key))
    roles.sort(key=lambda role: (role.name, role.stack_name))
    return RoleScan(roles, refused, sorted(read))


def resolve_role(
    role: str,
    *,
    session: Any,
    stack_names: list[str] | None = None,
    notes: list[str] | None = None,
) -> str:
    """Return the ARN of ``role``: an ARN as given, or a role name from the deployed outputs.

    When the caller may not read the stacks (``cloudformation:DescribeStacks``), a role name
    is taken as a role of the caller's own account without a path, and a line saying so is
    appended to ``notes`` (default: not kept). Raises :class:`RuntimeToolError` for a role
    the outputs do not name, a name in several stacks, or a malformed ARN or name.
    """
    try:
        if role.startswith("arn:"):
            return literal(validate_role_arn, "ROLE", role)
        literal(validate_iam_name, "ROLE", role)
    except ValueError as error:
        raise RuntimeToolError(str(error)) from None
    try:
        scan = scan_role_outputs(session, stack_names=stack_names)
    except AccessDeniedError as denied:
        arn = _own_account_role(session, role)
        if arn is None:
            raise
        if notes is not None:
            notes.append(f"{denied}; assuming {arn}, a role of your own account")
        return arn
    if not scan.roles:
        raise RuntimeToolError(
            f"unknown role {quote_value(role)}: {no_role_outputs(scan)}; or pass the role's ARN"
        )
    matches = [r for r in scan.roles if role in (r.name, r.output_key)]
    if not matches:
        known = ", ".join(sorted({r.name for r in scan.roles}))
        raise RuntimeToolError(
            f"unknown role {quote_value(role)}: the deployed stacks name these roles: {known} "
            "(or pass the role's ARN)"
        )
    if len({m.arn for m in matches}) > 1:
        stacks = ", ".join(m.stack_name for m in matches)
        raise RuntimeToolError(
            f"role {quote_value(role)} is in several stacks ({stacks}): pass its ARN"
        )
    return matches[0].arn


def caller_arn(session: Any) -> str | None:
    """Return the ARN of the session's caller, or ``None`` when GetCallerIdentity fails."""
    try:
        return str(session.client("sts").get_caller_identity()["Arn"])
    except Exception:  # Only used to name the caller in a message.
        return None


def _own_account_role(session: Any, name: str) -> str | None:
    """Return ``arn:PARTITION:iam::ACCOUNT:role/NAME`` of the caller's account, if known."""
    arn = caller_arn(session)
    if arn is None:
        return None
    partition, account = arn.split(":")[1], arn.split(":")[4]
    candidate = f"arn:{partition}:iam::{account}:role/{name}"
    return candidate if parse_role_arn(candidate) else None


def role_name_from_arn(arn: str) -> str | None:
    """Return the role name of a role ARN, or ``None`` for anything else."""
    parsed = parse_role_arn(arn)
    return parsed[2] if parsed else None
