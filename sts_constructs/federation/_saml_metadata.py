"""Read and check a SAML 2.0 identity provider's metadata document, offline.

Parsed with the standard library behind ``defusedxml``: no DTDs, entities or external
references are followed. IAM needs an IdP ``EntityDescriptor`` with a signing certificate;
each certificate is parsed as X.509 (``cryptography``), so a certificate that is not one
fails here rather than at deploy or, worse, at the first sign-in.
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml.html
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import Element, ParseError

from cryptography import x509
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from sts_constructs._arguments import check_arguments, check_fields

__all__ = ["SamlMetadata"]

_MD: Final = "urn:oasis:names:tc:SAML:2.0:metadata"
_DS: Final = "http://www.w3.org/2000/09/xmldsig#"
_SAML2_PROTOCOL: Final = "urn:oasis:names:tc:SAML:2.0:protocol"
# CreateSAMLProvider's SAMLMetadataDocument: 1,000 to 10,000,000 characters.
_MIN_CHARS: Final = 1_000
_MAX_CHARS: Final = 10_000_000


@dataclass(frozen=True, kw_only=True)
class SamlMetadata:
    """A checked SAML 2.0 IdP metadata document; build it with ``from_file`` or ``from_xml``."""

    xml: str
    """The document as given (IAM stores it as is)."""
    entity_id: str
    """The IdP's ``entityID``: the issuer of its assertions."""
    signing_certificates: tuple[bytes, ...]
    """DER-encoded X.509 certificates the IdP signs assertions with."""
    certificates_not_valid_after: tuple[datetime, ...] = ()
    """When each signing certificate expires (UTC), in the order of ``signing_certificates``.
    Default: unknown."""
    valid_until: datetime | None = None
    """The earliest ``validUntil`` of the ``EntityDescriptor`` and its ``IDPSSODescriptor``
    (UTC). Default: none given, the metadata does not expire."""

    def __post_init__(self) -> None:
        """Raise ``TypeError`` for a field of the wrong type."""
        check_fields(self)

    def warnings(self, now: datetime | None = None) -> list[str]:
        """Return a line for each expired signing certificate and a past ``validUntil``.

        ``now``: the time to compare with. Default: the current time (UTC). IAM accepts
        such metadata, but an IdP signing with an expired certificate is one to renew.
        """
        now = now or datetime.now(UTC)
        found = [
            f"metadata: signing certificate {i} of {self.entity_id!r} expired on "
            f"{expiry:%Y-%m-%d}; renew it at the IdP and upload the new metadata"
            for i, expiry in enumerate(self.certificates_not_valid_after)
            if expiry < now
        ]
        if self.valid_until is not None and self.valid_until < now:
            found.append(
                f"metadata: validUntil {self.valid_until:%Y-%m-%dT%H:%M:%SZ} of "
                f"{self.entity_id!r} is in the past; download fresh metadata from the IdP"
            )
        return found

    @classmethod
    def from_file(cls, path: str | Path) -> SamlMetadata:
        """Read and check the metadata file at ``path``."""
        check_arguments(SamlMetadata.from_file, {"path": path})
        path = Path(path)
        try:
            xml = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"metadata: {str(path)!r} cannot be read: {error}") from None
        return cls.from_xml(xml, source=str(path))

    @classmethod
    def from_xml(cls, xml: str, *, source: str = "<xml>") -> SamlMetadata:
        """Check ``xml``; ``source`` names it in errors. Default source: ``<xml>``.

        Raises ``ValueError`` for a document IAM would refuse or whose signing certificate is
        not an X.509 certificate, and for a ``validUntil`` that is not a date and time.
        """
        check_arguments(SamlMetadata.from_xml, {"xml": xml, "source": source})

        def fail(rule: str) -> ValueError:
            return ValueError(f"metadata: {source!r} {rule}")

        if not _MIN_CHARS <= len(xml) <= _MAX_CHARS:
            raise fail(
                f"has {len(xml)} characters; IAM takes a metadata document of "
                f"{_MIN_CHARS:,}-{_MAX_CHARS:,} characters"
            )
        try:
            root = fromstring(xml.encode("utf-8"))
        except ParseError as error:
            raise fail(f"is not well-formed XML ({error})") from None
        except DefusedXmlException as error:
            raise fail(
                f"uses a forbidden XML feature ({error!r}); remove DTDs and entities"
            ) from None
        if root.tag != f"{{{_MD}}}EntityDescriptor":
            raise fail(
                f"has root element {root.tag!r}; IAM needs one SAML 2.0 metadata "
                f"EntityDescriptor ({{{_MD}}}EntityDescriptor), not an aggregate"
            )
        entity_id = (root.get("entityID") or "").strip()
        if not entity_id:
            raise fail("has an EntityDescriptor without an entityID")
        idp = _saml2_idp_descriptor(root)
        if idp is None:
            raise fail(
                "has no IDPSSODescriptor supporting SAML 2.0 (protocolSupportEnumeration "
                f"{_SAML2_PROTOCOL!r}): it does not describe an identity provider"
            )
        certificates = _signing_certificates(idp)
        if not certificates:
            raise fail(
                "has no signing certificate: the IDPSSODescriptor needs a KeyDescriptor "
                "(use='signing' or no use) with a ds:X509Certificate"
            )
        der = []
        expiries = []
        for i, text in enumerate(certificates):
            try:
                value = base64.b64decode("".join(text.split()), validate=True)
            except (binascii.Error, ValueError):
                raise fail(f"has signing certificate {i} that is not base64") from None
            try:
                certificate = x509.load_der_x509_certificate(value)
            except ValueError:
                raise fail(
                    f"has signing certificate {i} that is not a DER X.509 certificate "
                    f"({len(value)} bytes that do not parse as one)"
                ) from None
            der.append(value)
            expiries.append(certificate.not_valid_after_utc)
        valid_until = [
            _date_time(fail, element.get("validUntil") or "")
            for element in (root, idp)
            if element.get("validUntil") is not None
        ]
        return cls(
            xml=xml,
            entity_id=entity_id,
            signing_certificates=tuple(der),
            certificates_not_valid_after=tuple(expiries),
            valid_until=min(valid_until) if valid_until else None,
        )


def _date_time(fail: Callable[[str], ValueError], text: str) -> datetime:
    """Parse an ``xs:dateTime`` (``2030-01-01T00:00:00Z``); no zone means UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"has validUntil {text!r} that is not a date and time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _saml2_idp_descriptor(root: Element) -> Element | None:
    for descriptor in root.findall(f"{{{_MD}}}IDPSSODescriptor"):
        if _SAML2_PROTOCOL in (descriptor.get("protocolSupportEnumeration") or "").split():
            return descriptor
    return None


def _signing_certificates(idp: Element) -> list[str]:
    found = []
    for key in idp.findall(f"{{{_MD}}}KeyDescriptor"):
        if key.get("use", "signing") != "signing":
            continue  # use="encryption" keys do not sign assertions.
        for certificate in key.iter(f"{{{_DS}}}X509Certificate"):
            if certificate.text and certificate.text.strip():
                found.append(certificate.text)
    return found
