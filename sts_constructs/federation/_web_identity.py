"""Web-identity trust: the statement every OIDC preset renders, and the generic issuer preset."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast

from sts_constructs._arguments import check_fields
from sts_constructs._policy_values import one_or_list
from sts_constructs.federation._references import (
    OidcProviderLike,
    OidcProviderReference,
    as_oidc_provider,
)
from sts_constructs.federation._validation import require_items, validate_audience, validate_subject
from sts_constructs.validation import is_unresolved, require_unique

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument

__all__ = ["WEB_IDENTITY_ACTION", "OidcTrust"]

WEB_IDENTITY_ACTION: Final = "sts:AssumeRoleWithWebIdentity"


@dataclass(frozen=True, kw_only=True)
class OidcTrust:
    """Define a trust in an OIDC issuer for tokens with exactly these ``sub`` and ``aud``.

    For any issuer without a preset. Both claims are compared with ``StringEquals``: no
    wildcards, so no other identity of the issuer matches.
    """

    provider: OidcProviderLike
    """The issuer's IAM OIDC provider: ``OidcProvider``, ``OidcProvider.from_issuer``, or
    CDK's own ``iam.OidcProviderNative`` / ``iam.IOidcProvider`` (its issuer known as text)."""
    subjects: Sequence[str]
    """The exact ``sub`` values allowed in. Required, not empty."""
    audiences: Sequence[str]
    """The exact ``aud`` values allowed in (your client IDs). Required, not empty."""
    allow_session_tags: bool = False
    """Also allow ``sts:TagSession`` (tags from the token's ``https://aws.amazon.com/tags``
    claim). Default: False, session tags refused."""

    def __post_init__(self) -> None:
        """Raise ``TypeError`` for a field of the wrong type, ``ValueError`` for a bad value."""
        object.__setattr__(self, "provider", as_oidc_provider("provider", self.provider))
        check_fields(self)
        require_items("subjects", self.subjects, "exact 'sub' value")
        for i, subject in enumerate(self.subjects):
            validate_subject(f"subjects[{i}]", subject)
        require_unique("subjects", self.subjects)
        check_audiences(self._provider, self.audiences)

    @property
    def _provider(self) -> OidcProviderReference:
        # Always ours after __post_init__: CDK's providers were turned into a reference.
        return cast(OidcProviderReference, self.provider)

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        return web_identity_policy(
            sid="OidcIssuer",
            federated=self._provider.provider_arn,
            conditions=claim_conditions(self._provider.issuer, self.audiences, self.subjects),
            allow_session_tags=self.allow_session_tags,
        )


def check_audiences(
    provider: OidcProviderReference, audiences: Sequence[str], field: str = "audiences"
) -> None:
    """Refuse missing or wildcard audiences, and audiences the provider does not accept."""
    require_items(field, audiences, "audience ('aud' claim), such as 'sts.amazonaws.com'")

    def name(i: int) -> str:
        return f"{field}[{i}]" if field.endswith("s") else field

    for i, audience in enumerate(audiences):
        validate_audience(name(i), audience)
    require_unique(field, audiences)
    # Our own provider lists its client IDs: IAM refuses tokens for any other audience first.
    accepted = getattr(provider, "client_ids", None)
    if accepted and not is_unresolved(list(accepted)):
        for i, audience in enumerate(audiences):
            if audience not in accepted:
                raise ValueError(
                    f"{name(i)}: {audience!r} is not a client ID of the provider "
                    f"{list(accepted)}; IAM would refuse every token for it"
                )


def claim_conditions(
    issuer: str, audiences: Sequence[str], subjects: Sequence[str]
) -> dict[str, Any]:
    """Pin ``aud`` with ``StringEquals`` and ``sub`` with ``StringEquals`` or ``StringLike``.

    ``sub`` and ``aud`` hold one value per token: plain operators, never ``ForAnyValue`` or
    ``ForAllValues`` (``ForAllValues`` is true when the claim is missing).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    """
    audience_key, subject_key = f"{issuer}:aud", f"{issuer}:sub"
    if any("*" in subject for subject in subjects):
        # One operator for all subjects: StringLike matches the exact ones exactly too, and
        # two operators on one key in a statement would have to match both.
        return {
            "StringEquals": {audience_key: one_or_list(audiences)},
            "StringLike": {subject_key: one_or_list(subjects)},
        }
    return {
        "StringEquals": {
            audience_key: one_or_list(audiences),
            subject_key: one_or_list(subjects),
        }
    }


def any_value_conditions(
    keys: Iterable[tuple[str, Sequence[object]]],
) -> dict[str, dict[str, str | list[str]]]:
    """Return one condition per key that has values, met by any one of them.

    ``StringLike`` when a value of the key holds ``*``, else ``StringEquals``; keys without
    values are left out. Each key holds one value per request: plain operators, never
    ``ForAnyValue``/``ForAllValues``.
    """
    block: dict[str, dict[str, str | list[str]]] = {}
    for key, values in keys:
        rendered = [str(value) for value in values]
        if rendered:
            operator = "StringLike" if any("*" in v for v in rendered) else "StringEquals"
            block.setdefault(operator, {})[key] = one_or_list(rendered)
    return block


def web_identity_policy(
    *, sid: str, federated: str, conditions: dict[str, Any], allow_session_tags: bool
) -> PolicyDocument:
    """Return a trust policy with one ``sts:AssumeRoleWithWebIdentity`` statement."""
    actions = [WEB_IDENTITY_ACTION]
    if allow_session_tags:
        actions.append("sts:TagSession")
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": sid,
                "Effect": "Allow",
                "Principal": {"Federated": federated},
                "Action": one_or_list(actions),
                "Condition": conditions,
            }
        ],
    }
