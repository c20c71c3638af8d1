"""Many assumable roles in one call into CDK: ``AssumableRoleSet``.

Each construct call crosses into CDK's Node.js process (150-250 µs); an organization that
declares hundreds of roles pays that for every role. ``AssumableRoleSet`` validates and
renders every role in Python with the rules and renderers of ``AssumableRole``, writes the
roles as one CloudFormation template fragment and includes it with one
``cloudformation_include.CfnInclude``: one crossing for the whole set.
See https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.cloudformation_include-readme.html
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import cloudformation_include as cfn_inc
from constructs import Construct

from sts_constructs._arguments import check_arguments, check_fields
from sts_constructs._assumable_role import ROLE_ARGUMENTS, role_properties
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._role_resource import RoleProperties, cdk_logical_id, path_below_stack
from sts_constructs._trust import PolicyDocument, TrustPolicySource
from sts_constructs.validation import TRUST_POLICY_MAX_CHARS

__all__ = ["AssumableRoleProps", "AssumableRoleSet"]


@dataclass(frozen=True, kw_only=True)
class AssumableRoleProps:
    """Define one role of an ``AssumableRoleSet``: the arguments of ``AssumableRole``.

    Every field means what the ``AssumableRole`` argument of the same name means, with the
    same default and the same validation.
    """

    trust: TrustPolicySource
    """What the role trusts (a ``Trust``, a federation preset, or any ``TrustPolicySource``)."""
    role_name: str | None = None
    """1-64 characters of letters, digits and ``+=,.@_-``. Default: CloudFormation's name."""
    path: str | None = None
    """``/`` or ``/a/b/``. Default: ``/``."""
    description: str | None = None
    """Up to 1,000 characters. Default: none."""
    max_session_duration: Duration | None = None
    """1-12 hours. Default: 1 hour."""
    permissions_boundary: iam.IManagedPolicy | None = None
    """A managed policy that caps the role's permissions. Default: no boundary."""
    managed_policies: Sequence[iam.IManagedPolicy] = ()
    """Up to 20 managed policies. Default: none."""
    inline_policies: Mapping[str, PolicyDocument] | None = field(default=None)
    """Policy name to identity-policy document, at most 10,240 characters. Default: none."""
    trust_policy_max_chars: int = TRUST_POLICY_MAX_CHARS
    """The account's trust policy quota (ACLSizePerRole). Default: 2,048."""

    def __post_init__(self) -> None:
        check_fields(self)


class AssumableRoleSet(Construct, NamedInErrors):
    """Define many ``AWS::IAM::Role`` resources with one call into CDK.

    ``roles`` maps a construct ID to the role's ``AssumableRoleProps``. Each role gets the
    template (properties and logical ID) that ``AssumableRole(role_set, construct_id, ...)``
    would give it, so moving roles between the two keeps every logical ID. The roles are
    L1 resources of a ``CfnInclude`` (``included``); cdk-nag and the trust checks see them
    like any other role. Unlike ``AssumableRole``, the set offers no grants: the roles are
    plain data (``logical_ids`` names them; ``included.get_resource(logical_id)`` returns the
    ``iam.CfnRole``). https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an invalid construct ID, or any role an ``AssumableRole`` would refuse,
            with the same message prefixed by ``roles[<construct id>].``; nothing is added.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        roles: Mapping[str, AssumableRoleProps],
    ) -> None:
        check_arguments(AssumableRoleSet.__init__, locals())
        rendered: dict[str, dict[str, Any]] = {}
        for role_id, props in roles.items():
            if not isinstance(role_id, str) or not role_id or "/" in role_id:
                # constructs' rule for IDs (a "/" would be rewritten and change the path).
                raise ValueError(
                    f"roles: construct ID {role_id!r} must be a non-empty string without '/'"
                )
            try:
                rendered[role_id] = _properties(props)
            except ValueError as error:
                raise ValueError(f"roles[{role_id!r}].{error}") from None
        super().__init__(scope, construct_id)
        below = path_below_stack(self)
        resources: dict[str, Any] = {}
        self.logical_ids: dict[str, str] = {}
        """Construct ID of each role to its logical ID in the template."""
        for role_id, properties in rendered.items():
            logical_id = cdk_logical_id([*below, role_id, "Resource", "Resource"])
            self.logical_ids[role_id] = logical_id
            resources[logical_id] = {
                "Type": "AWS::IAM::Role",
                "Properties": _json(properties),
            }
        # CfnInclude reads a file (jsii takes no template object); it is read while the
        # construct is made, so the file lives only for that call.
        with tempfile.TemporaryDirectory(prefix="sts-role-set-") as directory:
            template = Path(directory) / "roles.json"
            template.write_text(json.dumps({"Resources": resources}), encoding="utf-8")
            self.included = cfn_inc.CfnInclude(self, "Resource", template_file=str(template))
            """The ``CfnInclude`` holding the roles' ``iam.CfnRole`` resources."""


def _properties(props: AssumableRoleProps) -> dict[str, Any]:
    """Validate ``props`` with ``AssumableRole``'s rules; return the role's properties."""
    validated = role_properties(
        trust_policy=props.trust.policy_document(),
        trust_policy_max_chars=props.trust_policy_max_chars,
        **{name: getattr(props, name) for name in ROLE_ARGUMENTS},
    )
    return _cloudformation(validated)


def _cloudformation(props: RoleProperties) -> dict[str, Any]:
    """Return the ``AWS::IAM::Role`` properties ``RoleResource`` gives the same ``props``."""
    out: dict[str, Any] = {"AssumeRolePolicyDocument": props.trust_policy}
    if props.description is not None:
        out["Description"] = props.description
    if props.managed_policies:
        out["ManagedPolicyArns"] = [p.managed_policy_arn for p in props.managed_policies]
    if props.max_session_duration_seconds is not None:
        out["MaxSessionDuration"] = props.max_session_duration_seconds
    if props.path is not None:
        out["Path"] = props.path
    if props.permissions_boundary is not None:
        out["PermissionsBoundary"] = props.permissions_boundary.managed_policy_arn
    if props.inline_policies:
        out["Policies"] = [
            {"PolicyDocument": document, "PolicyName": name}
            for name, document in props.inline_policies.items()
        ]
    if props.role_name is not None:
        out["RoleName"] = props.role_name
    return out


def _json(value: Any) -> Any:
    """Return ``value`` as JSON data; tokens stay string-encoded and resolve at synth."""
    if isinstance(value, iam.PolicyDocument):
        return value.to_json()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value
