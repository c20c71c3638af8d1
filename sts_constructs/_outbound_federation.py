"""Outbound identity federation: let a role mint AWS-signed tokens for named audiences only.

``sts:GetWebIdentityToken`` returns a JWT signed by AWS for the caller, for the audiences it
asks (up to 10), valid 60-3,600 seconds, signed with RS256 or ES384; external services (other
clouds, SaaS) trust the account's issuer URL. The identity policy here pins the audiences
(``sts:IdentityTokenAudience``), caps the lifetime (``sts:DurationSeconds``) and names the
algorithms (``sts:SigningAlgorithm``). The account must turn the feature on first
(``aws iam enable-outbound-web-identity-federation``; CloudFormation does not model it).
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_policies.html
https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._acknowledge import acknowledge
from sts_constructs._arguments import check_arguments
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._policy_values import one_or_list
from sts_constructs._role_interface import role_of
from sts_constructs.validation import (
    WEB_IDENTITY_TOKEN_AUDIENCES_MAX,
    WebIdentityTokenAlgorithm,
    require_unique,
    validate_web_identity_token_audience,
    validate_web_identity_token_duration,
)

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument

__all__ = [
    "WebIdentityTokenAlgorithm",
    "WebIdentityTokenPolicy",
    "web_identity_token_policy_document",
]


def web_identity_token_policy_document(
    *,
    audiences: Sequence[str],
    max_duration_seconds: int = 300,
    signing_algorithms: Sequence[WebIdentityTokenAlgorithm | str] = (
        WebIdentityTokenAlgorithm.ES384,
    ),
) -> PolicyDocument:
    """Return an identity policy allowing ``sts:GetWebIdentityToken`` for these audiences only.

    Every audience a caller asks for must be one of ``audiences``
    (``ForAllValues:StringEquals`` with a ``Null`` check, so a call without audiences is not
    let through). ``Resource`` is ``*``: the action has no resource type.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_policies.html

    Args:
        audiences: The exact ``aud`` values the external services expect: 1-10 of them, each
            1-1,000 characters, not blank, without control characters, ``*``, ``?`` or
            ``${``; each named once.
        max_duration_seconds: The longest token callers may ask for (``DurationSeconds``),
            whole seconds from 60 to 3,600. Default: 300, STS's default token lifetime.
        signing_algorithms: ``RS256`` and/or ``ES384`` (``WebIdentityTokenAlgorithm`` or its
            value), each named once. Default: ``ES384`` only.

    Raises:
        ValueError: no audiences or more than 10, an audience outside the rule above, a
            duration that is not whole seconds from 60 to 3,600, no signing algorithm or one
            that is not ``RS256`` or ``ES384``, or a value named twice.
    """
    if not audiences:
        raise ValueError(
            "audiences: [] names nothing; an unrestricted grant mints tokens for any "
            "service: name the audiences (the 'aud' the external service expects)"
        )
    if len(audiences) > WEB_IDENTITY_TOKEN_AUDIENCES_MAX:
        raise ValueError(
            f"audiences: {len(audiences)} audiences; a token names at most "
            f"{WEB_IDENTITY_TOKEN_AUDIENCES_MAX}"
        )
    for i, audience in enumerate(audiences):
        validate_web_identity_token_audience(f"audiences[{i}]", audience)
    require_unique("audiences", audiences)
    validate_web_identity_token_duration("max_duration_seconds", max_duration_seconds)
    if not signing_algorithms:
        raise ValueError("signing_algorithms: [] names nothing; name RS256 or ES384")
    known = [a.value for a in WebIdentityTokenAlgorithm]
    for i, algorithm in enumerate(signing_algorithms):
        if algorithm not in known:
            raise ValueError(f"signing_algorithms[{i}]: {algorithm!r} is not one of {known}")
    algorithms = [WebIdentityTokenAlgorithm(a).value for a in signing_algorithms]
    require_unique("signing_algorithms", algorithms)

    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "GetWebIdentityTokenForNamedAudiences",
                "Effect": "Allow",
                "Action": "sts:GetWebIdentityToken",
                "Resource": "*",
                "Condition": {
                    # The audience list is multi-valued: every requested audience must be
                    # named, and Null refuses a request whose audience key is missing.
                    "ForAllValues:StringEquals": {
                        "sts:IdentityTokenAudience": one_or_list(audiences)
                    },
                    "Null": {"sts:IdentityTokenAudience": "false"},
                    "NumericLessThanEquals": {"sts:DurationSeconds": str(max_duration_seconds)},
                    "StringEquals": {"sts:SigningAlgorithm": one_or_list(algorithms)},
                },
            }
        ],
    }


class WebIdentityTokenPolicy(Construct, NamedInErrors):
    """Define a managed policy that lets its holders mint outbound web identity tokens.

    Only for ``audiences``, at most ``max_duration_seconds`` long, signed with
    ``signing_algorithms`` (the policy is ``web_identity_token_policy_document``). Turn the
    feature on per account first: ``aws iam enable-outbound-web-identity-federation`` (not
    modelled by CloudFormation); callers use a Regional STS endpoint.
    https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html

    Args:
        audiences: The exact ``aud`` values: 1-10, each 1-1,000 characters, not blank,
            without control characters, ``*``, ``?`` or ``${``; each named once.
        max_duration_seconds: The longest token lifetime callers may ask for, whole seconds
            from 60 to 3,600. Default: 300 seconds.
        signing_algorithms: ``RS256`` and/or ``ES384``. Default: ``ES384`` only.
        roles: Roles to attach the policy to: ``iam.IRole`` objects or this package's role
            constructs. Default: none.
        description: The managed policy's description. Default: a generated one naming the
            audiences (cut at 1,000 characters).

    Raises:
        TypeError: an argument of the wrong type (a string where a list is expected, say).
        ValueError: any value ``web_identity_token_policy_document`` refuses (audiences,
            duration, signing algorithms), or a role that is neither an ``iam.IRole`` nor a
            role construct.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        audiences: Sequence[str],
        max_duration_seconds: int = 300,
        signing_algorithms: Sequence[WebIdentityTokenAlgorithm | str] = (
            WebIdentityTokenAlgorithm.ES384,
        ),
        roles: Sequence[iam.IRole | Any] = (),
        description: str | None = None,
    ) -> None:
        check_arguments(WebIdentityTokenPolicy.__init__, locals())
        super().__init__(scope, construct_id)
        self.document: PolicyDocument = web_identity_token_policy_document(
            audiences=audiences,
            max_duration_seconds=max_duration_seconds,
            signing_algorithms=signing_algorithms,
        )
        """The policy document (plain data)."""
        self.policy = iam.ManagedPolicy(
            self,
            "Resource",
            description=description or f"sts:GetWebIdentityToken for {', '.join(audiences)}"[:1000],
            document=iam.PolicyDocument.from_json(self.document),
            roles=[role_of(f"roles[{i}]", role) for i, role in enumerate(roles)] or None,
        )
        """The underlying ``iam.ManagedPolicy``."""
        acknowledge(
            self.policy,
            "AwsSolutions-IAM5[Resource::*]",
            "sts:GetWebIdentityToken has no resource type, so Resource must be '*'; the "
            "audience, duration and algorithm conditions scope the grant.",
        )

    @property
    def managed_policy_arn(self) -> str:
        """The policy's ARN (a token until deploy)."""
        return self.policy.managed_policy_arn
