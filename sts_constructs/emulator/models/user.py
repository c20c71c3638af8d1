"""``AWS::IAM::User``: moto applies only ``Path``; this applies every property our stacks set."""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.iam.models import User

from sts_constructs.emulator.models._base import Call, PrincipalModel, apply_policies

__all__ = ["UserModel"]


class UserModel(PrincipalModel, CloudFormationModel):
    """Create ``AWS::IAM::User`` through moto's own ``User``, then ``Groups``, ``Policies``,
    ``ManagedPolicyArns``, ``PermissionsBoundary``, ``LoginProfile`` and ``Tags``."""

    KIND = "user"

    @classmethod
    def create(cls, call: Call) -> Any:
        properties = call.properties
        user = User.create_from_cloudformation_json(
            call.name, call.template, call.account_id, call.region_name, **call.kwargs
        )
        backend = call.iam
        for group_name in properties.get("Groups") or []:
            backend.add_user_to_group(group_name, user.name)
        apply_policies(backend, cls.KIND, user.name, properties)
        if properties.get("PermissionsBoundary"):
            backend.put_user_permissions_boundary(user.name, properties["PermissionsBoundary"])
        if properties.get("LoginProfile"):
            backend.create_login_profile(user.name, properties["LoginProfile"]["Password"])
        if properties.get("Tags"):
            backend.tag_user(user.name, properties["Tags"])
        return user

    @classmethod
    def update_in_place(cls, original: Any, call: Call) -> None:
        """Apply ``Path`` and ``Groups``."""
        backend = call.iam
        original.path = call.properties.get("Path", "/")
        wanted = set(call.properties.get("Groups") or [])
        for group in backend.groups.values():
            if original in group.users and group.name not in wanted:
                group.users.remove(original)
        for group_name in wanted:
            backend.add_user_to_group(group_name, original.name)

    @classmethod
    def leave(cls, backend: Any, principal: Any) -> None:
        """Take the user out of its groups."""
        for group in backend.groups.values():
            if principal in group.users:
                group.users.remove(principal)
