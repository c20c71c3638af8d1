"""The roles of deployed stacks, read from their outputs.

A stack of this project has one output per assumable role: the key ends with ``RoleArn``, the
value is the role's ARN and the description is the role's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sts_constructs.runtime._errors import RuntimeToolError, explain

__all__ = ["DeployedRole", "deployed_roles", "resolve_role", "role_name_from_arn", "stack_outputs"]

_ROLE_ARN = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}):role/(?:[\x21-\x7e]*/)?([\w+=,.@-]{1,64})$")


@dataclass(frozen=True)
class DeployedRole:
    """A role named in a deployed stack's outputs."""

    name: str
    arn: str
    stack_name: str
    output_key: str


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
        raise explain(error, action="cloudformation:DescribeStacks") from None
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
    """Return the assumable roles the deployed stacks name in their outputs, sorted by name."""
    roles = []
    for stack_name, outputs in stack_outputs(session, stack_names=stack_names).items():
        for key, output in outputs.items():
            match = _ROLE_ARN.match(output["value"])
            if not key.endswith("RoleArn") or match is None:
                continue
            roles.append(
                DeployedRole(
                    name=output["description"] or match.group(2),
                    arn=output["value"],
                    stack_name=stack_name,
                    output_key=key,
                )
            )
    return sorted(roles, key=lambda role: (role.name, role.stack_name))


def resolve_role(role: str, *, session: Any, stack_names: list[str] | None = None) -> str:
    """Return the ARN of ``role``: an ARN as given, or a role name from the deployed outputs."""
    if role.startswith("arn:"):
        if not _ROLE_ARN.match(role):
            raise RuntimeToolError(
                f"not a role ARN: {role!r} (expected arn:aws:iam::123456789012:role/NAME)"
            )
        return role
    roles = deployed_roles(session, stack_names=stack_names)
    matches = [r for r in roles if role in (r.name, r.output_key)]
    if not matches:
        known = ", ".join(sorted({r.name for r in roles})) or "none"
        raise RuntimeToolError(
            f"unknown role {role!r}: the deployed stacks name these roles: {known} "
            "(or pass the role's ARN)"
        )
    if len({m.arn for m in matches}) > 1:
        stacks = ", ".join(m.stack_name for m in matches)
        raise RuntimeToolError(f"role {role!r} is in several stacks ({stacks}): pass its ARN")
    return matches[0].arn


def role_name_from_arn(arn: str) -> str | None:
    """Return the role name of a role ARN, or ``None`` for anything else."""
    match = _ROLE_ARN.match(arn)
    return match.group(2) if match else None
