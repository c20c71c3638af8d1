"""IAM Roles Anywhere: workloads outside AWS assume a role with an X.509 certificate.

A trust anchor registers your certificate authority, a profile names the roles a certificate
may get, and the role trusts ``rolesanywhere.amazonaws.com``. The trust must say which anchor
(``aws:SourceArn``) and which certificates (the subject, issuer or SAN fields IAM Roles
Anywhere maps to ``aws:PrincipalTag/x509...``): without them any certificate of any anchor in
the account, for any profile that lists the role, gets in.
https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
https://docs.aws.amazon.com/rolesanywhere/latest/userguide/attribute-mapping.html
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_rolesanywhere as rolesanywhere
from constructs import Construct

from sts_constructs._arguments import check_arguments, check_fields
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._policy_values import one_or_list
from sts_constructs._role_interface import role_arn_of
from sts_constructs.federation._web_identity import any_value_conditions
from sts_constructs.validation import (
    ROLES_ANYWHERE_PROFILE_ROLES_MAX,
    ROLES_ANYWHERE_SERVICE,
    ROLES_ANYWHERE_TRUST_ACTIONS,
    is_unresolved,
    require_items,
    require_unique,
    validate_acm_pca_arn,
    validate_certificate_bundle,
    validate_certificate_match_value,
    validate_roles_anywhere_name,
    validate_roles_anywhere_session_duration,
    validate_trust_anchor_arn,
)

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument

__all__ = [
    "CertificateMatch",
    "RolesAnywhereProfile",
    "RolesAnywhereTrust",
    "RolesAnywhereTrustAnchor",
]

ROLES_ANYWHERE_ACTIONS: Final = ROLES_ANYWHERE_TRUST_ACTIONS
# CertificateMatch field -> the principal tag IAM Roles Anywhere maps from the certificate.
_TAGS: Final = {
    "subject_common_names": "x509Subject/CN",
    "subject_organizational_units": "x509Subject/OU",
    "subject_organizations": "x509Subject/O",
    "issuer_common_names": "x509Issuer/CN",
    "san_dns_names": "x509SAN/DNS",
    "san_uris": "x509SAN/URI",
}


@dataclass(frozen=True, kw_only=True)
class CertificateMatch:
    """Define which certificates may get in, by the fields of the end-entity certificate.

    Each non-empty list becomes one condition on ``aws:PrincipalTag/<field>`` (any of its
    values); different fields must all match. Values may hold ``*`` wildcards (then
    ``StringLike``), never only wildcards. At least one field is required. The profile's
    attribute mapping must keep the fields you use (the default mapping does).
    """

    subject_common_names: Sequence[str] = ()
    """Subject ``CN`` values, such as ``build-agent-01.example.com``."""
    subject_organizational_units: Sequence[str] = ()
    """Subject ``OU`` values."""
    subject_organizations: Sequence[str] = ()
    """Subject ``O`` values."""
    issuer_common_names: Sequence[str] = ()
    """Issuer ``CN`` values (the issuing CA)."""
    san_dns_names: Sequence[str] = ()
    """Subject Alternative Name DNS entries, such as ``*.agents.example.com``."""
    san_uris: Sequence[str] = ()
    """Subject Alternative Name URIs, such as ``spiffe://example.com/ns/build``."""

    def __post_init__(self) -> None:
        check_fields(self)
        if not any(getattr(self, name) for name in _TAGS):
            raise ValueError(
                "certificate: CertificateMatch() names no certificate field; give "
                f"{', '.join(_TAGS)} (at least one)"
            )
        for name in _TAGS:
            values = getattr(self, name)
            for i, value in enumerate(values):
                validate_certificate_match_value(f"certificate.{name}[{i}]", value)
            require_unique(f"certificate.{name}", values)

    def conditions(self) -> dict[str, dict[str, str | list[str]]]:
        """Return the condition entries by operator."""
        return any_value_conditions(
            (f"aws:PrincipalTag/{tag}", getattr(self, name)) for name, tag in _TAGS.items()
        )


@dataclass(frozen=True, kw_only=True)
class RolesAnywhereTrust:
    """Define a trust in IAM Roles Anywhere sessions from the given trust anchors.

    ``rolesanywhere.amazonaws.com`` may ``sts:AssumeRole``, ``sts:SetSourceIdentity`` and
    ``sts:TagSession`` (all three are required) when ``aws:SourceArn`` is one of the trust
    anchors (``ArnEquals``) and the certificate matches ``certificate``.
    """

    trust_anchor_arns: Sequence[str]
    """The trust anchors whose certificates may get in (``RolesAnywhereTrustAnchor.
    trust_anchor_arn`` or literal ARNs). Required, not empty."""
    certificate: CertificateMatch | None = None
    """Which certificates may get in. Default: none, which is refused unless
    ``allow_any_certificate_of_anchor``."""
    allow_any_certificate_of_anchor: bool = False
    """Let every certificate the anchors' CAs issue in (a CA dedicated to this one role).
    Default: False."""

    def __post_init__(self) -> None:
        check_fields(self)
        require_items(
            "trust_anchor_arns",
            self.trust_anchor_arns,
            "trust anchor",
            why="without aws:SourceArn a certificate of any trust anchor in the account gets in",
        )
        for i, arn in enumerate(self.trust_anchor_arns):
            validate_trust_anchor_arn(f"trust_anchor_arns[{i}]", arn)
        if not is_unresolved(list(self.trust_anchor_arns)):
            require_unique("trust_anchor_arns", self.trust_anchor_arns)
        if self.certificate is None and not self.allow_any_certificate_of_anchor:
            raise ValueError(
                "certificate: None lets every certificate of the trust anchors in; give a "
                "CertificateMatch (subject CN, OU, SAN ...), or pass "
                "allow_any_certificate_of_anchor=True if every certificate of the CA may"
            )
        if self.certificate is not None and self.allow_any_certificate_of_anchor:
            raise ValueError(
                "allow_any_certificate_of_anchor: True given with a certificate match; pick one"
            )
        if self.certificate is not None and not isinstance(self.certificate, CertificateMatch):
            raise ValueError(f"certificate: {self.certificate!r} is not a CertificateMatch")

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        conditions: dict[str, Any] = {
            "ArnEquals": {"aws:SourceArn": one_or_list(self.trust_anchor_arns)}
        }
        if self.certificate is not None:
            conditions.update(self.certificate.conditions())
        return {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "RolesAnywhere",
                    "Effect": "Allow",
                    "Principal": {"Service": ROLES_ANYWHERE_SERVICE},
                    "Action": list(ROLES_ANYWHERE_ACTIONS),
                    "Condition": conditions,
                }
            ],
        }


class RolesAnywhereTrustAnchor(Construct, NamedInErrors):
    """Define an IAM Roles Anywhere trust anchor (``AWS::RolesAnywhere::TrustAnchor``).

    Give exactly one source: your CA's certificate or an AWS Private CA.
    https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateTrustAnchor.html

    Args:
        name: 1-255 characters of letters, digits, spaces, ``-`` and ``_`` (a token is fine).
        certificate_bundle: Your CA's certificate, PEM text with a
            ``-----BEGIN CERTIFICATE-----`` line, at most 8,000 characters
            (``ROLES_ANYWHERE_CERTIFICATE_DATA_MAX_CHARS``, CloudFormation's limit). Default:
            none; give this or ``acm_pca_arn``.
        acm_pca_arn: The ARN of an AWS Private CA
            (``arn:aws:acm-pca:<region>:<account>:certificate-authority/<UUID>``, a token is
            fine). Default: none; give this or ``certificate_bundle``.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a name outside the rule above, both or neither of ``certificate_bundle``
            and ``acm_pca_arn``, a ``certificate_bundle`` without the PEM line or over 8,000
            characters, or an ``acm_pca_arn`` that is not a Private CA's ARN.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        name: str,
        certificate_bundle: str | None = None,
        acm_pca_arn: str | None = None,
    ) -> None:
        check_arguments(RolesAnywhereTrustAnchor.__init__, locals())
        super().__init__(scope, construct_id)
        validate_roles_anywhere_name("name", name)
        if (certificate_bundle is None) == (acm_pca_arn is None):
            raise ValueError(
                "certificate_bundle: give exactly one of certificate_bundle (your CA's PEM "
                "certificate) or acm_pca_arn (an AWS Private CA)"
            )
        if certificate_bundle is not None:
            validate_certificate_bundle("certificate_bundle", certificate_bundle)
            source = rolesanywhere.CfnTrustAnchor.SourceProperty(
                source_type="CERTIFICATE_BUNDLE",
                source_data=rolesanywhere.CfnTrustAnchor.SourceDataProperty(
                    x509_certificate_data=certificate_bundle
                ),
            )
        else:
            validate_acm_pca_arn("acm_pca_arn", str(acm_pca_arn))
            source = rolesanywhere.CfnTrustAnchor.SourceProperty(
                source_type="AWS_ACM_PCA",
                source_data=rolesanywhere.CfnTrustAnchor.SourceDataProperty(
                    acm_pca_arn=acm_pca_arn
                ),
            )
        self.resource = rolesanywhere.CfnTrustAnchor(
            self, "Resource", name=name, source=source, enabled=True
        )
        """The underlying ``rolesanywhere.CfnTrustAnchor``."""

    @property
    def trust_anchor_arn(self) -> str:
        """The trust anchor's ARN (a token until deploy): put it in ``RolesAnywhereTrust``."""
        return str(self.resource.attr_trust_anchor_arn)


class RolesAnywhereProfile(Construct, NamedInErrors):
    """Define an IAM Roles Anywhere profile (``AWS::RolesAnywhere::Profile``).

    The roles a certificate may ask for; each must trust ``rolesanywhere.amazonaws.com``
    (use ``RolesAnywhereTrust``).
    https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateProfile.html

    Args:
        name: 1-255 characters of letters, digits, spaces, ``-`` and ``_`` (a token is fine).
        roles: The roles, required, 1-250: ``iam.IRole`` objects or this package's role
            constructs (a construct's trust must be a ``RolesAnywhereTrust``).
        session_duration: How long the sessions last: 900-43,200 seconds (15 minutes to 12
            hours). Default: 1 hour (3,600 seconds, the service's default).
        require_instance_properties: Require instance properties in every
            ``CreateSession`` request with this profile. Default: False.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a name outside the rule above, no roles or more than 250, a role
            construct whose trust is not a ``RolesAnywhereTrust``, a role without a role ARN
            (neither an ``iam.IRole`` nor a role construct), or a session duration outside
            900-43,200 seconds.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        name: str,
        roles: Sequence[iam.IRole | Any],
        session_duration: Duration | None = None,
        require_instance_properties: bool = False,
    ) -> None:
        check_arguments(RolesAnywhereProfile.__init__, locals())
        super().__init__(scope, construct_id)
        validate_roles_anywhere_name("name", name)
        if not roles:
            raise ValueError("roles: [] names nothing; name at least one role")
        if len(roles) > ROLES_ANYWHERE_PROFILE_ROLES_MAX:
            raise ValueError(
                f"roles: {len(roles)} roles; a Roles Anywhere profile names at most "
                f"{ROLES_ANYWHERE_PROFILE_ROLES_MAX}"
            )
        role_arns = []
        for i, role in enumerate(roles):
            trust = getattr(role, "trust", None)
            if trust is not None and not isinstance(trust, RolesAnywhereTrust):
                raise ValueError(
                    f"roles[{i}]: its trust is a {type(trust).__name__}, not a "
                    "RolesAnywhereTrust; IAM Roles Anywhere could not assume it"
                )
            role_arns.append(role_arn_of(f"roles[{i}]", role))
        duration = None
        if session_duration is not None:
            seconds = session_duration.to_seconds()
            validate_roles_anywhere_session_duration("session_duration", seconds)
            duration = int(seconds)
        self.resource = rolesanywhere.CfnProfile(
            self,
            "Resource",
            name=name,
            role_arns=role_arns,
            enabled=True,
            duration_seconds=duration,
            require_instance_properties=require_instance_properties or None,
        )
        """The underlying ``rolesanywhere.CfnProfile``."""

    @property
    def profile_arn(self) -> str:
        """The profile's ARN (a token until deploy), for ``aws_signing_helper --profile-arn``."""
        return str(self.resource.attr_profile_arn)
