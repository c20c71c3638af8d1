"""``AWS::IAM::Role``: inline policies as JSON text, managed policies, in-place updates.

moto stores inline ``Policies`` as dicts (every call fails with HTTP 500 once authorization is
enforced), ignores ``ManagedPolicyArns``, on update resets ``MaxSessionDuration``, and fails
to delete a role when the account holds an ``AWS::IAM::Policy`` of groups or users only.
"""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.iam.models import Role

from sts_constructs.emulator.models._base import Call, PrincipalModel, apply_policies, document

__all__ = ["RoleModel"]


class RoleModel(PrincipalModel, CloudFormationModel):
    """Create ``AWS::IAM::Role`` with JSON inline policies and attached managed policies."""

    KIND = "role"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        """Return whether ``Fn::GetAtt`` may read ``attr`` (moto's own role answers)."""
        return bool(Role.has_cfn_attr(attr))

    @classmethod
    def create(cls, call: Call) -> Any:
        without_policies = {
            **call.template,
            "Properties": {k: v for k, v in call.properties.items() if k != "Policies"},
        }
        role = Role.create_from_cloudformation_json(
            call.name, without_policies, call.account_id, call.region_name, **call.kwargs
        )
        apply_policies(call.iam, cls.KIND, role.name, call.properties)
        return role

    @classmethod
    def replaced(cls, original: Any, call: Call) -> bool:
        """A new name or a new ``Path`` makes a new role."""
        path_changed = call.properties.get("Path", "/") != original.path
        return super().replaced(original, call) or path_changed

    @classmethod
    def update_in_place(cls, original: Any, call: Call) -> None:
        """Apply the trust policy, ``Description``, ``MaxSessionDuration`` and boundary."""
        backend, name, properties = call.iam, original.name, call.properties
        backend.update_assume_role_policy(name, document(properties["AssumeRolePolicyDocument"]))
        backend.update_role(
            name, properties.get("Description", ""), properties.get("MaxSessionDuration", 3600)
        )
        if properties.get("PermissionsBoundary"):
            backend.put_role_permissions_boundary(name, properties["PermissionsBoundary"])
        else:
            backend.delete_role_permissions_boundary(name)

    @classmethod
    def delete(cls, call: Call) -> None:
        # moto's role delete walks every AWS::IAM::Policy of the account and fails on one
        # attached to groups or users only (its role_names is None).
        for policy in call.iam.inline_policies.values():
            policy.role_names = policy.role_names or []
        Role.delete_from_cloudformation_json(
            call.name, call.template, call.account_id, call.region_name
        )
