"""Cross-account access, shared by both halves: access types, grantees and ARNs.

The role in the target account (``CrossAccountRole``) and the grant in the source account
(``CrossAccountGrant``) meet through names, never through references: the grant computes
the role's ARN from the target account, the role's path and its name, so neither stack needs
the other's outputs and they deploy in any order.
See https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_cross-account-with-roles.html
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from aws_cdk import Aws, Duration
from aws_cdk import aws_iam as iam

from sts_constructs._arguments import check_arguments, check_fields
from sts_constructs.validation import (
    validate_account_id,
    validate_external_id,
    validate_iam_name,
    validate_iam_path,
    validate_partition,
)

__all__ = ["FirstParty", "Grantee", "ThirdParty", "cross_account_role_arn"]

# A group, user or role of the source account.
Grantee: TypeAlias = "iam.IGroup | iam.IUser | iam.IRole"


@dataclass(frozen=True, kw_only=True)
class FirstParty:
    """Define first-party access: the source account is one of your own.

    Human principals (named users, and the source account as a whole, which is how the members
    of a group get in) must have signed in with MFA; named roles are workloads and cannot.
    """

    require_mfa: bool = True
    """Require ``aws:MultiFactorAuthPresent`` for human principals. Default: True. Pass False
    only where no person assumes the role (or the local emulator, which cannot check MFA)."""

    mfa_max_age: Duration | None = None
    """Refuse MFA sign-ins older than this; needs ``require_mfa``. Default: any age."""

    def __post_init__(self) -> None:
        check_fields(self)
        if self.mfa_max_age is not None and not self.require_mfa:
            raise ValueError("mfa_max_age: set while require_mfa=False; an MFA age limit needs MFA")


@dataclass(frozen=True, kw_only=True)
class ThirdParty:
    """Define third-party access: a vendor's account assumes the role on your behalf.

    The vendor must pass the ``sts:ExternalId`` it gave you, which keeps it from being tricked
    into using your role for another customer (the confused deputy).
    See https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
    """

    external_id: str
    """The ExternalId the third party gave you: 2-1224 characters of letters, digits and
    ``+=,.@:/_-``. Required: third-party access is refused without one."""

    def __post_init__(self) -> None:
        check_fields(self)
        if not self.external_id:
            raise ValueError(
                f"external_id: {self.external_id!r}: third-party access requires the "
                "sts:ExternalId the third party gave you"
            )
        validate_external_id("external_id", self.external_id)


def cross_account_role_arn(
    *,
    account_id: str,
    role_name: str,
    path: str = "/",
    partition: str | None = None,
) -> str:
    """Return the ARN of a role in another account, built from its account, path and name.

    No token of the other account's stack is involved, so the two stacks stay independent.
    ``path`` defaults to ``/``; ``partition`` to that of the stack the ARN is used in
    (``AWS::Partition``).

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: an account ID, role name or path IAM does not accept.
    """
    check_arguments(cross_account_role_arn, locals())
    validate_account_id("account_id", account_id)
    validate_iam_name("role_name", role_name)
    validate_iam_path("path", path)
    return f"arn:{partition_of(partition)}:iam::{account_id}:role{path}{role_name}"


def partition_of(partition: str | None) -> str:
    if partition is None:
        return Aws.PARTITION
    return validate_partition("partition", partition)


def principal_name(field: str, value: str) -> tuple[str, str]:
    """Split ``"ci/deployer"`` into the path ``/ci/`` and the name ``deployer``."""
    path, _, name = value.rpartition("/")
    path = f"/{path}/" if path else "/"
    validate_iam_name(field, name)
    try:
        validate_iam_path(field, path)
    except ValueError:
        raise ValueError(
            f"{field}: {value!r} must be a name, or a path and a name like 'ci/deployer'"
        ) from None
    return path, name


def grantee_kind(grantee: Grantee) -> Literal["group", "user", "role"]:
    # jsii interfaces are not runtime-checkable; the name attribute tells them apart.
    kinds: tuple[Literal["group", "user", "role"], ...] = ("group", "user", "role")
    for kind in kinds:
        if hasattr(grantee, f"{kind}_name"):
            return kind
    raise ValueError(f"grantees: {grantee!r} is neither an IAM group, user nor role")


def grantee_of(field: str, grantee: Grantee) -> tuple[Literal["group", "user", "role"], str]:
    try:
        kind = grantee_kind(grantee)
    except ValueError:
        raise ValueError(
            f"{field}: {grantee!r} is neither an iam.IGroup, an iam.IUser nor an iam.IRole"
        ) from None
    name: str = getattr(grantee, f"{kind}_name")
    return kind, name
