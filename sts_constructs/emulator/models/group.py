"""``AWS::IAM::Group`` with its inline and managed policies.

moto reports the type created but creates nothing, so an ``AWS::IAM::Policy`` attached to the
group fails with "Group None not found".
"""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel

from sts_constructs.emulator.models._base import Call, Physical, PrincipalModel, apply_policies

__all__ = ["GroupModel"]


class GroupModel(PrincipalModel, CloudFormationModel):
    """Create ``AWS::IAM::Group`` with ``Path``, ``Policies`` and ``ManagedPolicyArns``."""

    KIND = "group"

    @classmethod
    def create(cls, call: Call) -> Physical:
        backend = call.iam
        group = backend.create_group(call.name, call.properties.get("Path", "/"))
        apply_policies(backend, cls.KIND, call.name, call.properties)
        return Physical(group.name, {"Arn": group.arn})

    @classmethod
    def name_of(cls, original: Any) -> str:
        return str(original.physical_resource_id)

    @classmethod
    def principal(cls, backend: Any, original: Any) -> Any:
        return backend.get_group(original.physical_resource_id)
