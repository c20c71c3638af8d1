"""A role whose trust policy comes from a ``Trust`` (or any ``TrustPolicySource``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._arguments import check_arguments
from sts_constructs._identity_policies import check_size, render_identity_policy
from sts_constructs._role_interface import RoleConstruct
from sts_constructs._role_resource import RoleProperties, path_below_stack
from sts_constructs._trust import PolicyDocument, TrustPolicySource
from sts_constructs.validation import (
    POLICY_NAME_MAX_CHARS,
    ROLE_INLINE_POLICIES_MAX_CHARS,
    TRUST_POLICY_MAX_CHARS,
    validate_description,
    validate_iam_name,
    validate_iam_path,
    validate_managed_policy_count,
    validate_max_session_duration,
    validate_trust_policy_max_chars,
)

__all__ = ["AssumableRole"]


class AssumableRole(RoleConstruct):
    """Define an IAM role that the principals of a trust policy may assume through STS.

    The trust policy is exactly ``trust.policy_document()``; change trust through ``trust``
    (``role.assume_role_policy`` does not exist). Grant to the construct directly
    (``bucket.grant_read(construct)``, ``construct.grant_assume_role(user)``); where CDK
    takes an ``iam.IRole``, pass ``construct.role`` (a ``RoleResource``, made on first use).
    The ``AWS::IAM::Role`` is the child ``Resource`` (``construct.resource``, an
    ``iam.CfnRole``), made from plain data in one call into CDK; grants land in an inline
    policy ``DefaultPolicy`` below the role, made on first use. Logical IDs are those of the
    earlier layout (``<id>/Resource/Resource``), so deployed stacks update in place.
    https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html

    Args:
        trust: What the role trusts (a ``Trust``, a federation preset, or any
            ``TrustPolicySource``).
        role_name: The role's name, 1-64 characters of letters, digits and ``+=,.@_-``.
            Default: a name CloudFormation generates.
        path: The role's IAM path, ``/`` or ``/a/b/``. Default: ``/``.
        description: Up to 1,000 characters. Default: none.
        max_session_duration: 1-12 hours. Default: 1 hour (IAM's default).
        permissions_boundary: A managed policy that caps the role's permissions.
            Default: no boundary.
        managed_policies: Up to 20 managed policies. Default: none.
        inline_policies: Policy name (1-128 characters) to identity-policy document, all
            together at most 10,240 characters. Default: none.
        trust_policy_max_chars: The trust policy quota of the account (ACLSizePerRole).
            Default: 2,048; pass 4,096 where the quota was raised.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a name, path or description IAM does not accept (descriptions: tab,
            newline, U+0020-U+007E and U+00A1-U+00FF, no emoji), a maximum session duration
            outside 1-12 hours, more than 20 managed policies, an inline policy name IAM does
            not accept or a statement CDK refuses in an identity policy (no resource, a
            principal, a ``Sid`` that is not alphanumeric), inline policies over 10,240
            characters, a ``trust_policy_max_chars`` outside 1-4,096, or a trust policy over
            ``trust_policy_max_chars`` (with tokens, the size of the literal part alone).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        trust: TrustPolicySource,
        role_name: str | None = None,
        path: str | None = None,
        description: str | None = None,
        max_session_duration: Duration | None = None,
        permissions_boundary: iam.IManagedPolicy | None = None,
        managed_policies: Sequence[iam.IManagedPolicy] = (),
        inline_policies: Mapping[str, PolicyDocument] | None = None,
        trust_policy_max_chars: int = TRUST_POLICY_MAX_CHARS,
    ) -> None:
        check_arguments(AssumableRole.__init__, locals())
        props = role_properties(
            trust_policy=trust.policy_document(),
            trust_policy_max_chars=trust_policy_max_chars,
            **role_arguments(locals()),
        )
        super().__init__(scope, construct_id)

        self.trust = trust
        """What the role trusts; its ``policy_document()`` is the trust policy."""
        self.trust_policy: PolicyDocument = props.trust_policy
        """The rendered trust policy (plain data; tokens are resolved at synth)."""
        self._add_role(props, logical_id_path=[*path_below_stack(scope), construct_id, "Resource"])


ROLE_ARGUMENTS = (
    "role_name",
    "path",
    "description",
    "max_session_duration",
    "permissions_boundary",
    "managed_policies",
    "inline_policies",
)
"""The arguments every role construct takes and passes on unchanged to ``role_properties``."""


def role_arguments(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the ``ROLE_ARGUMENTS`` of ``values`` (a construct's ``locals()``)."""
    return {name: values[name] for name in ROLE_ARGUMENTS}


def role_properties(
    *,
    trust_policy: PolicyDocument,
    role_name: str | None,
    path: str | None,
    description: str | None,
    max_session_duration: Duration | None,
    permissions_boundary: iam.IManagedPolicy | None,
    managed_policies: Sequence[iam.IManagedPolicy],
    inline_policies: Mapping[str, PolicyDocument] | None,
    trust_policy_max_chars: int = TRUST_POLICY_MAX_CHARS,
) -> RoleProperties:
    """Validate a role's arguments (the rules of ``AssumableRole``) and return its properties."""
    if role_name is not None:
        validate_iam_name("role_name", role_name)
    if path is not None:
        validate_iam_path("path", path)
    if description is not None:
        validate_description("description", description)
    validate_trust_policy_max_chars("trust_policy_max_chars", trust_policy_max_chars)
    seconds = None
    if max_session_duration is not None:
        seconds = int(max_session_duration.to_seconds())
        validate_max_session_duration("max_session_duration", seconds)
    validate_managed_policy_count("managed_policies", len(managed_policies), attached_to="role")
    inline = dict(inline_policies or {})
    for name in inline:
        validate_iam_name(f"inline_policies[{name!r}]", name, max_length=POLICY_NAME_MAX_CHARS)
    check_size(
        "inline_policies",
        list(inline.values()),
        ROLE_INLINE_POLICIES_MAX_CHARS,
        "IAM's limit for all inline policies of a role together",
    )
    check_size(
        "trust",
        [trust_policy],
        trust_policy_max_chars,
        "the role trust policy quota (ACLSizePerRole; raisable to 4,096)",
    )
    return RoleProperties(
        trust_policy=trust_policy,
        role_name=role_name,
        path=path,
        description=description,
        max_session_duration_seconds=seconds,
        permissions_boundary=permissions_boundary,
        managed_policies=tuple(managed_policies),
        inline_policies={
            name: render_identity_policy(f"inline_policies[{name!r}]", document)
            for name, document in inline.items()
        },
    )
