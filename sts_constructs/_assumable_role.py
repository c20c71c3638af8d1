"""A role whose trust policy comes from a ``Trust`` (or any ``TrustPolicySource``)."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any

import jsii
from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from constructs import Construct, IValidation

from sts_constructs._arguments import check_arguments
from sts_constructs._trust import PolicyDocument, TrustPolicySource
from sts_constructs.validation import (
    MAX_MANAGED_POLICIES_PER_ROLE,
    ROLE_INLINE_POLICIES_MAX_CHARS,
    TRUST_POLICY_MAX_CHARS,
    is_unresolved,
    policy_size,
    policy_size_lower_bound,
    validate_description,
    validate_iam_name,
    validate_iam_path,
    validate_max_session_duration,
    validate_trust_policy_max_chars,
)

__all__ = ["AssumableRole"]


class AssumableRole(Construct):
    """Define an IAM role that the principals of a trust policy may assume through STS.

    The trust policy is exactly ``trust.policy_document()``; change trust through ``trust``.
    A statement added to ``role.assume_role_policy`` would not be rendered, so synthesis fails
    with an error naming it instead of dropping it.

    Raises ``TypeError`` for an argument of the wrong type and ``ValueError`` for a value IAM
    would refuse: a name, path or description IAM does not accept (descriptions: at most
    1,000 characters of U+0009-U+00FF, no emoji), a maximum session duration outside
    1-12 hours, more than 20 managed policies, inline policies over 10,240 characters, or a
    trust policy over ``trust_policy_max_chars`` (when the policy holds tokens, the size of
    its literal part alone is checked).
    https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        trust: TrustPolicySource,
        role_name: str | None = None,  # Default: a name CloudFormation generates.
        path: str | None = None,  # Default: "/".
        description: str | None = None,  # Default: none.
        max_session_duration: Duration | None = None,  # Default: 1 hour (IAM's default).
        permissions_boundary: iam.IManagedPolicy | None = None,  # Default: no boundary.
        managed_policies: Sequence[iam.IManagedPolicy] = (),  # Default: none.
        inline_policies: Mapping[str, PolicyDocument] | None = None,  # Default: none.
        trust_policy_max_chars: int = TRUST_POLICY_MAX_CHARS,  # Raise with a raised quota.
    ) -> None:
        check_arguments(AssumableRole.__init__, locals())
        super().__init__(scope, construct_id)
        if role_name is not None:
            validate_iam_name("role_name", role_name)
        if path is not None:
            validate_iam_path("path", path)
        if description is not None:
            validate_description("description", description)
        validate_trust_policy_max_chars("trust_policy_max_chars", trust_policy_max_chars)
        if max_session_duration is not None:
            validate_max_session_duration("max_session_duration", max_session_duration.to_seconds())
        if len(managed_policies) > MAX_MANAGED_POLICIES_PER_ROLE:
            raise ValueError(
                f"managed_policies: {len(managed_policies)} policies; IAM attaches at most "
                f"{MAX_MANAGED_POLICIES_PER_ROLE} to a role (10 without a quota increase)"
            )
        inline = dict(inline_policies or {})
        for name in inline:
            validate_iam_name(f"inline_policies[{name!r}]", name, max_length=128)
        _check_size(
            "inline_policies",
            list(inline.values()),
            ROLE_INLINE_POLICIES_MAX_CHARS,
            "IAM's limit for all inline policies of a role together",
        )

        self.trust = trust
        """What the role trusts; its ``policy_document()`` is the trust policy."""
        self.trust_policy: PolicyDocument = trust.policy_document()
        """The rendered trust policy (plain data; tokens are resolved at synth)."""
        _check_size(
            "trust",
            [self.trust_policy],
            trust_policy_max_chars,
            "the role trust policy quota (ACLSizePerRole; raisable to 4,096)",
        )

        self.role = iam.Role(
            self,
            "Resource",
            assumed_by=_placeholder_principal(),
            role_name=role_name,
            path=path,
            description=description,
            max_session_duration=max_session_duration,
            permissions_boundary=permissions_boundary,
            managed_policies=list(managed_policies) or None,
            inline_policies={
                name: iam.PolicyDocument.from_json(document) for name, document in inline.items()
            }
            or None,
        )
        """The underlying ``iam.Role``: grant to it, attach policies, read its ARN."""
        cfn_role = self.role.node.default_child
        assert isinstance(cfn_role, iam.CfnRole)
        cfn_role.assume_role_policy_document = self.trust_policy
        self.node.add_validation(_TrustEditedOnTheRole(self.role))

    @property
    def role_arn(self) -> str:
        """The role's ARN (a token until deploy)."""
        return self.role.role_arn

    @property
    def role_name(self) -> str:
        """The role's name (a token unless ``role_name`` was given)."""
        return self.role.role_name


@functools.cache
def _placeholder_principal() -> iam.IPrincipal:
    """Return the principal the L2 requires; our trust document replaces what it renders.

    One shared, stateless instance: every call into CDK's Node.js process costs ~0.2 ms.
    """
    return iam.AccountRootPrincipal()


@jsii.implements(IValidation)
class _TrustEditedOnTheRole:
    """Fail synthesis when statements were added to ``role.assume_role_policy``.

    The L2 role's trust holds one placeholder statement; the template's trust is ours, so
    anything added there would vanish without a word.
    """

    def __init__(self, role: iam.Role) -> None:
        self._role = role

    def validate(self) -> list[str]:
        policy = self._role.assume_role_policy
        added = (policy.statement_count - 1) if policy is not None else 0
        if added <= 0:
            return []
        return [
            f"role.assume_role_policy: {added} statement(s) added on the role "
            f"({_show_added(policy)}) would be dropped: AssumableRole renders its trust from "
            "`trust` only; put the statement in the trust (a Trust, a federation preset or "
            "your own TrustPolicySource) instead"
        ]


def _show_added(policy: iam.PolicyDocument | None) -> str:
    statements = (policy.to_json() or {}).get("Statement", []) if policy is not None else []
    return "; ".join(_json_short(statement) for statement in statements[1:])


def _json_short(value: Any) -> str:
    """Return ``value`` as compact JSON, cut to 200 characters for a message."""
    text = json.dumps(value, separators=(",", ":"), default=str)
    return text if len(text) <= 200 else f"{text[:200]}..."


def _check_size(field: str, documents: list[dict[str, Any]], limit: int, what: str) -> None:
    """Refuse documents over an IAM size limit.

    With tokens, the size is known only at deploy time, but the literal part alone is a lower
    bound: refuse when it is over the limit already (the template checks judge the rest).
    """
    if any(is_unresolved(document) for document in documents):
        least = sum(policy_size_lower_bound(document) for document in documents)
        if least > limit:
            raise ValueError(
                f"{field}: at least {least} characters (whitespace and the values of "
                f"unresolved tokens not counted) is above {limit}, {what}"
            )
        return
    size = sum(policy_size(document) for document in documents)
    if size > limit:
        raise ValueError(
            f"{field}: {size} characters (whitespace not counted) is above {limit}, {what}"
        )
