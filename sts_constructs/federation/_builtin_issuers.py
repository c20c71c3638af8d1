"""Issuers built into IAM (no OIDC provider to create): Google and Cognito identity pools."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

from sts_constructs._arguments import check_fields
from sts_constructs._policy_values import one_or_list
from sts_constructs.federation._validation import (
    validate_audience,
    validate_cognito_identity_pool_id,
    validate_google_subject,
)
from sts_constructs.federation._web_identity import web_identity_policy
from sts_constructs.validation import require_unique

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument

__all__ = [
    "CognitoAccess",
    "CognitoIdentityPoolTrust",
    "GoogleTrust",
]

GOOGLE: Final = "accounts.google.com"
COGNITO_IDENTITY: Final = "cognito-identity.amazonaws.com"


@dataclass(frozen=True, kw_only=True)
class GoogleTrust:
    """Define a trust in Google ID tokens issued to one OAuth client for the given accounts.

    IAM maps ``accounts.google.com:aud`` to the token's ``azp`` claim (else ``aud``): the
    OAuth client ID. ``sub`` is the numeric ID of a Google account or service account.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
    """

    client_id: str
    """Your OAuth 2.0 client ID (``...apps.googleusercontent.com``), or a service account's
    numeric ID. Required."""
    subjects: Sequence[str] = ()
    """Numeric Google account IDs allowed in. Default: none, which is refused unless
    ``allow_any_user_of_client``."""
    allow_any_user_of_client: bool = False
    """Let every Google account that signs in to your client in (a public app's users).
    Default: False."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession``. Default: False."""

    def __post_init__(self) -> None:
        check_fields(self)
        validate_audience("client_id", self.client_id)
        if not self.subjects and not self.allow_any_user_of_client:
            raise ValueError(
                "subjects: [] lets every Google account that signs in to the client in; name "
                "the account IDs, or pass allow_any_user_of_client=True if that is intended"
            )
        if self.subjects and self.allow_any_user_of_client:
            raise ValueError(
                f"subjects: {list(self.subjects)!r} given with allow_any_user_of_client=True; "
                "pick one"
            )
        for i, subject in enumerate(self.subjects):
            validate_google_subject(f"subjects[{i}]", subject)
        require_unique("subjects", self.subjects)

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        equals: dict[str, Any] = {f"{GOOGLE}:aud": self.client_id}
        if self.subjects:
            equals[f"{GOOGLE}:sub"] = one_or_list(self.subjects)
        return web_identity_policy(
            sid="Google",
            federated=GOOGLE,
            conditions={"StringEquals": equals},
            allow_session_tags=self.allow_session_tags,
        )


class CognitoAccess(StrEnum):
    """Which identities of a Cognito identity pool a role is for."""

    AUTHENTICATED = "authenticated"
    """Users signed in through one of the pool's identity providers."""
    UNAUTHENTICATED = "unauthenticated"
    """Guests (the pool must allow unauthenticated identities)."""


@dataclass(frozen=True, kw_only=True)
class CognitoIdentityPoolTrust:
    """Define a trust in identities of one Cognito identity pool (``aud`` and ``amr`` pinned).

    https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
    """

    identity_pool_id: str
    """The pool's ID, such as ``us-east-1:12345678-abcd-abcd-abcd-123456789012``. Required."""
    access: CognitoAccess = CognitoAccess.AUTHENTICATED
    """Signed-in users or guests. Default: ``AUTHENTICATED``."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession`` (the pool's attributes for access control). Default: False."""

    def __post_init__(self) -> None:
        check_fields(self)
        validate_cognito_identity_pool_id("identity_pool_id", self.identity_pool_id)
        if not isinstance(self.access, CognitoAccess):
            accesses = [a.value for a in CognitoAccess]
            if self.access not in accesses:
                raise ValueError(f"access: {self.access!r} is not one of {accesses}")
            # Accept the plain string ("authenticated"), as the config does.
            object.__setattr__(self, "access", CognitoAccess(self.access))

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        return web_identity_policy(
            sid="CognitoIdentityPool",
            federated=COGNITO_IDENTITY,
            conditions={
                "StringEquals": {f"{COGNITO_IDENTITY}:aud": self.identity_pool_id},
                # amr is multi-valued (["authenticated", "<provider>", ...]): a set operator is
                # right here, and ForAnyValue (not ForAllValues) fails when amr is missing.
                "ForAnyValue:StringLike": {f"{COGNITO_IDENTITY}:amr": self.access.value},
            },
            allow_session_tags=self.allow_session_tags,
        )
