"""What every OIDC trust preset shares, written once.

- ``SubjectFilter``: a typed filter that names one part of the ``sub`` claim (a branch, a tag,
  an environment, a service connection): its ``name`` is checked, then rendered into the claim.
  ``BranchFilter`` and ``TagFilter`` render the git refs GitHub and Buildkite name.
- ``WebIdentityPreset``: the trust of one issuer's workloads. It takes the provider as ours or
  CDK's own (``iam.IOidcProvider``, ``iam.OidcProviderNative``) through the one path
  ``as_oidc_provider`` that ``OidcTrust`` uses, checks the issuer, pins one audience and renders
  one ``sts:AssumeRoleWithWebIdentity`` statement.

How IAM reads the claims: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from sts_constructs._arguments import check_fields
from sts_constructs.federation._references import (
    OidcProviderLike,
    OidcProviderReference,
    as_oidc_provider,
)
from sts_constructs.federation._validation import require_items, validate_git_ref_pattern
from sts_constructs.federation._web_identity import (
    check_audiences,
    claim_conditions,
    web_identity_policy,
)
from sts_constructs.validation import require_unique

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument

__all__: list[str] = []


@dataclass(frozen=True)
class SubjectFilter:
    """Define one part of a ``sub`` claim from a name (``*`` is a wildcard where allowed).

    A subclass sets ``_CLAIM`` (the part, with ``{name}``) and may set ``_CHECK`` (the rule of
    ``name``; default: a git branch or tag name). Raises ``ValueError`` naming
    ``<Class>.name`` for a name the rule refuses.
    """

    name: str

    _CLAIM: ClassVar[str]
    _CHECK: ClassVar[Callable[[str, str], str]] = validate_git_ref_pattern

    def __post_init__(self) -> None:
        check_fields(self)
        type(self)._CHECK(f"{type(self).__name__}.name", self.name)

    def claim(self, **context: str) -> str:
        """Return this filter's part of the subject (``context`` fills the other fields)."""
        return self._CLAIM.format(name=self.name, **context)


class BranchFilter(SubjectFilter):
    """Runs on a branch (``ref:refs/heads/<name>``); ``*`` is a wildcard."""

    _CLAIM = "ref:refs/heads/{name}"


class TagFilter(SubjectFilter):
    """Runs on a tag (``ref:refs/tags/<name>``); ``*`` is a wildcard."""

    _CLAIM = "ref:refs/tags/{name}"


@dataclass(frozen=True, kw_only=True)
class WebIdentityPreset:
    """Define a trust in the workloads of one OIDC issuer, named through ``sub``.

    A subclass names its statement (``_SID``), the issuers it accepts (``_ISSUER``, a whole-value
    pattern of the issuer without ``https://``, and ``_ISSUER_RULE``, the error text with
    ``{issuer}``), and the field listing what may get in (``_SCOPE``: the field, what it must
    name, and the name repeats are reported under). Raises ``TypeError`` for a field of the
    wrong type and ``ValueError`` for a foreign issuer, an empty scope, an audience the provider
    does not accept, or a subject named twice.
    """

    provider: OidcProviderLike
    """The issuer's IAM OIDC provider: ``OidcProvider``, ``OidcProvider.from_issuer`` /
    ``from_arn``, or CDK's own ``iam.OidcProviderNative`` / ``iam.IOidcProvider`` whose issuer
    is known as text."""

    _SID: ClassVar[str]
    _ISSUER: ClassVar[re.Pattern[str] | None] = None
    _ISSUER_RULE: ClassVar[str] = ""
    _SCOPE: ClassVar[tuple[str, str, str]]

    def __post_init__(self) -> None:
        """Raise ``TypeError`` for a field of the wrong type, ``ValueError`` for a bad value."""
        object.__setattr__(self, "provider", as_oidc_provider("provider", self.provider))
        check_fields(self)
        issuer = self._provider.issuer
        if self._ISSUER is not None and not self._ISSUER.fullmatch(issuer):
            raise ValueError("provider: " + self._ISSUER_RULE.format(issuer=issuer))
        self._check()
        field, what, repeats = self._SCOPE
        require_items(field, getattr(self, field), what)
        check_audiences(self._provider, [self.pinned_audience], field="audience")
        require_unique(repeats, self.subjects())

    def _check(self) -> None:
        """Check the preset's own fields (after the issuer, before the scope)."""

    @property
    def _provider(self) -> OidcProviderReference:
        # Always ours after __post_init__: CDK's providers were turned into a reference.
        return cast(OidcProviderReference, self.provider)

    @property
    def pinned_audience(self) -> str:
        """The ``aud`` the trust requires (the ``audience`` field unless the preset derives it)."""
        return cast(str, getattr(self, "audience"))  # noqa: B009 (not every preset has it)

    def subjects(self) -> list[str]:
        """Return every ``sub`` value (or ``StringLike`` pattern) of the scope, in order."""
        items: list[Any] = list(getattr(self, self._SCOPE[0]))
        return [subject for item in items for subject in item.subjects()]

    def _conditions(self) -> dict[str, Any]:
        return claim_conditions(self._provider.issuer, [self.pinned_audience], self.subjects())

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        return web_identity_policy(
            sid=self._SID,
            federated=self._provider.provider_arn,
            conditions=self._conditions(),
            allow_session_tags=bool(getattr(self, "allow_session_tags", False)),
        )
