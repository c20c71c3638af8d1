"""The settings every role of a config shares, given to its construct the same way everywhere."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, Protocol, TypeVar

from aws_cdk import CfnOutput, Duration
from constructs import Construct
from pydantic import BaseModel

from stacks._errors import at
from stacks._names import pascal
from stacks._policies import acknowledge_aws_managed, managed_policies, permissions_boundary
from sts_constructs import AssumableRole, CrossAccountRole
from sts_constructs.conventions import role_arn_output_key

__all__ = ["RoleEntry", "config_role", "trust_from_fields"]

R = TypeVar("R", AssumableRole, CrossAccountRole)
T = TypeVar("T")


class RoleEntry(Protocol):
    """A role of the config: the fields every section's roles have."""

    @property
    def path(self) -> str: ...
    @property
    def description(self) -> str | None: ...
    @property
    def max_session_duration(self) -> int: ...
    @property
    def permissions_boundary(self) -> str | None: ...
    @property
    def managed_policies(self) -> Sequence[str]: ...


def config_role(
    make: Callable[..., R],
    scope: Construct,
    entry: RoleEntry,
    name: str,
    *,
    construct_id: str | None = None,
    output: bool = True,
    **props: Any,
) -> R:
    """Return ``make(scope, construct_id, role_name=name, **props)`` with the entry's settings.

    ``construct_id`` defaults to ``Role<Name>`` (``pascal(name)``). The entry gives the path,
    description, session length (seconds), permissions boundary and managed policies (imported
    as ``Role<Name>Boundary`` and ``Role<Name>Managed<i>``). The AWS managed policies it names
    are acknowledged on the ``AWS::IAM::Role`` (they are the config's choice). With ``output``,
    the role's ARN is the stack output ``role_arn_output_key(pascal(name))`` that the runtime
    tools read.
    """
    key = pascal(name)
    role = make(
        scope,
        f"Role{key}" if construct_id is None else construct_id,
        role_name=name,
        path=entry.path,
        description=entry.description,
        max_session_duration=Duration.seconds(entry.max_session_duration),
        permissions_boundary=permissions_boundary(scope, f"Role{key}", entry.permissions_boundary),
        managed_policies=managed_policies(scope, f"Role{key}", entry.managed_policies),
        **props,
    )
    acknowledge_aws_managed(role.role.resource, entry.managed_policies)
    if output:
        CfnOutput(scope, role_arn_output_key(key), value=role.role_arn, description=name)
    return role


# The fields of a federated role that are the role's own (``config_role`` and the stack read
# them); its other fields are its trust's arguments.
_ROLE_FIELDS = frozenset(
    {
        "kind",
        "name",
        "description",
        "path",
        "max_session_duration",
        "permissions_boundary",
        "managed_policies",
        "trust_policy_max_chars",
    }
)


def trust_from_fields(
    location: str,
    role: BaseModel,
    trust: Callable[..., T],
    *,
    ignore: Collection[str] = (),
    **values: Any,
) -> T:
    """Return ``trust(**values, **fields)``, or raise ``EntryError`` naming ``location``.

    ``fields`` are the role's trust fields (not its own settings, not ``ignore``, not in
    ``values``) by their config names, which are the library's argument names. An ``audience``
    the config leaves out is left out, so the preset's default applies.
    """
    fields = role.model_dump(exclude={*_ROLE_FIELDS, *ignore, *values})
    if "audience" in fields and fields["audience"] is None:
        del fields["audience"]
    return at(location, lambda: trust(**fields, **values))
