"""The IAM role inside every role construct: a ``CfnRole`` from plain data, an ``iam.IRole``.

CDK's ``iam.Role`` costs several calls into Node.js per role (150-250 µs each) and renders a
trust policy our constructs replace anyway. ``RoleResource`` makes the ``AWS::IAM::Role``
from plain Python data in one call and implements ``iam.IRole`` itself, so grants and
policies work as on CDK's role; the parts that cost calls (the default policy, the principal
fragment, the ARN tokens) are made the first time something asks for them.
See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
"""

from __future__ import annotations

import contextlib
import hashlib
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import jsii
from aws_cdk import Resource, Stack
from aws_cdk import aws_iam as iam
from aws_cdk.interfaces import aws_iam as iam_refs
from constructs import Construct

from sts_constructs._arguments import check_arguments
from sts_constructs._construct_errors import NamedInErrors

__all__ = ["RoleResource"]


@dataclass(frozen=True, kw_only=True)
class RoleProperties:
    """The validated properties of an ``AWS::IAM::Role``, as plain data."""

    trust_policy: dict[str, Any]
    role_name: str | None
    path: str | None
    description: str | None
    max_session_duration_seconds: int | None
    permissions_boundary: iam.IManagedPolicy | None
    managed_policies: tuple[iam.IManagedPolicy, ...]
    inline_policies: Mapping[str, dict[str, Any] | iam.PolicyDocument]
    """Policy name to a document in CloudFormation form, or an ``iam.PolicyDocument``."""


@jsii.implements(iam.IRole)
class RoleResource(Resource, NamedInErrors):
    """An ``AWS::IAM::Role`` as an ``iam.IRole``: pass it wherever CDK takes a role.

    Made by the role constructs (``AssumableRole``, ``Ec2InstanceRole``, ``CrossAccountRole``)
    the first time their ``role`` is asked for, over the ``iam.CfnRole`` they already made
    (``resource``). Grants and statements land in an inline policy ``DefaultPolicy`` below
    it, made on first use, as with ``iam.Role``. Unlike ``iam.Role``, the trust policy is
    fixed at construction (``assume_role_policy`` raises ``AttributeError``: change trust
    through the construct's ``trust``), and a large default policy is not split into managed
    policies.

    Raises:
        TypeError: an argument of the wrong type (the values themselves are checked by the
            construct that makes the role, with ``role_properties``).
        ValueError: ``grant_assume_role`` to a service or account principal.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: iam.CfnRole,
        props: RoleProperties,
        logical_id_path: Sequence[str] | None = None,
    ) -> None:
        """Wrap ``resource``, the role made from the validated ``props`` (``create_cfn_role``).

        Args:
            resource: The ``iam.CfnRole`` this role is.
            props: The validated properties ``resource`` was made from.
            logical_id_path: Give the ``DefaultPolicy`` the logical ID it had below this
                earlier construct path (construct IDs below the stack). Default: the ID
                CDK derives from this construct's own path.
        """
        check_arguments(RoleResource.__init__, locals())
        super().__init__(scope, construct_id, physical_name=props.role_name)
        self._path = props.path
        self._managed = list(props.managed_policies)
        self._logical_id_path = tuple(logical_id_path) if logical_id_path else None
        self._attached: list[iam.Policy] = []
        self._default_policy: iam.Policy | None = None
        self._arn: str | None = None
        self._name: str | None = None
        self._fragment: iam.PrincipalPolicyFragment | None = None
        self.resource = resource
        """The ``AWS::IAM::Role`` (``iam.CfnRole``): the escape hatch for any property."""

    # --- iam.IRole: names and ARNs -------------------------------------------------------------
    @property
    def role_arn(self) -> str:
        """The role's ARN (a token until deploy; a literal ARN in another environment)."""
        if self._arn is None:
            path = (self._path or "/").lstrip("/")
            self._arn = self._get_resource_arn_attribute(
                self.resource.attr_arn,
                region="",
                service="iam",
                resource="role",
                resource_name=f"{path}{self._physical_name}",
            )
        return self._arn

    @property
    def role_name(self) -> str:
        """The role's name (a token unless a name was given)."""
        if self._name is None:
            self._name = self._get_resource_name_attribute(self.resource.ref)
        return self._name

    @property
    def role_ref(self) -> iam_refs.RoleReference:
        """The role's name and ARN, for CDK APIs that take an ``IRoleRef``."""
        return iam_refs.RoleReference(role_arn=self.role_arn, role_name=self.role_name)

    @property
    def assume_role_policy(self) -> NoReturn:
        """Not available: the trust policy comes from the construct's ``trust`` only."""
        raise AttributeError(
            "assume_role_policy: the trust of this role is rendered from the construct's "
            "`trust` only; put the statement in the trust (a Trust, a federation preset or "
            "your own TrustPolicySource) instead"
        )

    # --- iam.IPrincipal ------------------------------------------------------------------------
    @property
    def grant_principal(self) -> iam.IPrincipal:
        """The role itself: grants to it land in its ``DefaultPolicy``."""
        return self

    @property
    def assume_role_action(self) -> str:
        """``sts:AssumeRole``."""
        return "sts:AssumeRole"

    @property
    def policy_fragment(self) -> iam.PrincipalPolicyFragment:
        """The role as a principal in a resource policy (its ARN)."""
        if self._fragment is None:
            self._fragment = iam.ArnPrincipal(self.role_arn).policy_fragment
        return self._fragment

    @property
    def principal_account(self) -> str | None:
        """The account of the role's stack."""
        return self.env.account

    # --- iam.IIdentity: permissions ------------------------------------------------------------
    def add_to_principal_policy(
        self, statement: iam.PolicyStatement
    ) -> iam.AddToPrincipalPolicyResult:
        """Add ``statement`` to the role's inline policy ``DefaultPolicy`` (made on first use)."""
        if self._default_policy is None:
            self._default_policy = iam.Policy(self, "DefaultPolicy")
            if self._logical_id_path is not None:
                cfn_policy = self._default_policy.node.default_child
                assert isinstance(cfn_policy, iam.CfnPolicy)
                cfn_policy.override_logical_id(
                    cdk_logical_id([*self._logical_id_path, "DefaultPolicy", "Resource"])
                )
            self.attach_inline_policy(self._default_policy)
        self._default_policy.add_statements(statement)
        return iam.AddToPrincipalPolicyResult(
            statement_added=True, policy_dependable=self._default_policy
        )

    def add_to_policy(self, statement: iam.PolicyStatement) -> bool:
        """Add ``statement`` to the role's ``DefaultPolicy``; return True."""
        return self.add_to_principal_policy(statement).statement_added

    def attach_inline_policy(self, policy: iam.Policy) -> None:
        """Attach an ``iam.Policy`` to the role (once; attaching it again does nothing)."""
        if any(attached is policy for attached in self._attached):
            return
        self._attached.append(policy)
        policy.attach_to_role(self)

    def add_managed_policy(self, policy: iam.IManagedPolicy) -> None:
        """Attach a managed policy (once; attaching it again does nothing)."""
        if any(managed is policy for managed in self._managed):
            return
        self._managed.append(policy)
        self.resource.managed_policy_arns = [p.managed_policy_arn for p in self._managed]

    # --- grants (aws-iam role.ts, role-grants.ts) -----------------------------------------------
    def grant(self, grantee: iam.IPrincipal, *actions: str) -> iam.Grant:
        """Let ``grantee`` perform ``actions`` on this role (an identity policy on the grantee)."""
        return iam.Grant.add_to_principal(
            grantee=grantee, actions=list(actions), resource_arns=[self.role_arn]
        )

    def grant_pass_role(self, grantee: iam.IPrincipal) -> iam.Grant:
        """Let ``grantee`` pass this role to a service (``iam:PassRole``)."""
        return self.grant(grantee, "iam:PassRole")

    def grant_assume_role(self, grantee: iam.IPrincipal) -> iam.Grant:
        """Let ``grantee`` call ``sts:AssumeRole`` on this role (its identity policy only).

        The role's trust must admit the grantee too. Raises ``ValueError`` for a service or
        account principal: those are trusted through the trust policy, not granted.
        """
        if isinstance(grantee, iam.ServicePrincipal | iam.AccountPrincipal):
            raise ValueError(
                f"grantee: {type(grantee).__name__} cannot be granted sts:AssumeRole; a "
                "service or an account is let in by the role's trust (Trust(services=...) "
                "or Trust(principals=[account_id]))"
            )
        return self.grant(grantee, "sts:AssumeRole")


def create_cfn_role(
    scope: Construct, construct_id: str, props: RoleProperties, *, logical_id: str | None = None
) -> iam.CfnRole:
    """Make the ``AWS::IAM::Role`` of ``props`` in one call into CDK; give it ``logical_id``.

    Default ``logical_id``: the one CDK derives from the construct path.
    """
    role = iam.CfnRole(
        scope,
        construct_id,
        assume_role_policy_document=props.trust_policy,
        role_name=props.role_name,
        path=props.path,
        description=props.description,
        max_session_duration=props.max_session_duration_seconds,
        permissions_boundary=(
            props.permissions_boundary.managed_policy_arn if props.permissions_boundary else None
        ),
        managed_policy_arns=[p.managed_policy_arn for p in props.managed_policies] or None,
        policies=[
            iam.CfnRole.PolicyProperty(policy_name=name, policy_document=document)
            for name, document in props.inline_policies.items()
        ]
        or None,
    )
    if logical_id is not None:
        role.override_logical_id(logical_id)
    return role


def cdk_logical_id(path: Sequence[str]) -> str:
    """Return the logical ID CDK gives a resource at ``path`` (construct IDs below its stack).

    The same rule as aws-cdk's ``makeUniqueId``: IDs ``Default`` are dropped, ``Resource`` and
    repeated suffixes are hidden from the readable part, and 8 hex digits of the path's MD5
    keep it unique. Used to keep logical IDs (public API) when a construct path changes.
    """
    components = [c for c in path if c != "Default"]
    if len(components) == 1 and len(_alphanumeric(components[0])) <= 255:
        return _alphanumeric(components[0])
    digest = hashlib.md5("/".join(components).encode(), usedforsecurity=False).hexdigest()
    readable: list[str] = []
    for component in components:
        if not readable or not readable[-1].endswith(component):
            readable.append(component)
    human = "".join(_alphanumeric(c) for c in readable if c != "Resource")
    return human[:240] + digest[:8].upper()


def path_below_stack(scope: Construct) -> list[str]:
    """Return the construct IDs from ``scope``'s stack (excluded) down to ``scope``.

    A stack's path is ``[]`` without a call into Node.js; any other scope's is asked once and
    kept (construct paths never change), so many roles in one scope cost one look-up.
    """
    if isinstance(scope, Stack):
        return []
    try:
        return list(_PATHS[scope])
    except (KeyError, TypeError):
        pass
    stack = Stack.of(scope)
    scopes = scope.node.scopes
    path = tuple(s.node.id for s in scopes[scopes.index(stack) + 1 :])
    with contextlib.suppress(TypeError):
        _PATHS[scope] = path
    return list(path)


_PATHS: weakref.WeakKeyDictionary[Construct, tuple[str, ...]] = weakref.WeakKeyDictionary()


def _alphanumeric(text: str) -> str:
    return "".join(c for c in text if c.isascii() and c.isalnum())
