"""Read and check a SAML 2.0 identity provider's metadata document, offline.

Parsed with the standard library behind ``defusedxml``: no DTDs, entities or external
references are followed. IAM needs an IdP ``EntityDescriptor`` with a signing certificate.
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml.html
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

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

    @classmethod
    def from_file(cls, path: str | Path) -> SamlMetadata:
        """Read and check the metadata file at ``path``."""
        path = Path(path)
        try:
            xml = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"metadata: {str(path)!r} cannot be read: {error}") from None
        return cls.from_xml(xml, source=str(path))

    @classmethod
    def from_xml(cls, xml: str, *, source: str = "<xml>") -> SamlMetadata:
        """Check ``xml``; ``source`` names it in errors. Default source: ``<xml>``."""

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
        for i, text in enumerate(certificates):
            try:
                value = base64.b64decode("".join(text.split()), validate=True)
            except (binascii.Error, ValueError):
                raise fail(f"has signing certificate {i} that is not base64") from None
            # A DER certificate is an ASN.1 SEQUENCE: it starts with 0x30.
            if len(value) < 64 or value[0] != 0x30:
                raise fail(f"has signing certificate {i} that is not a DER X.509 certificate")
            der.append(value)
        return cls(xml=xml, entity_id=entity_id, signing_certificates=tuple(der))


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
