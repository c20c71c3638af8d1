"""The emulator's SAML identity provider: one key and certificate made at start.

It signs SAML responses for every SAML provider deployed into the emulator, with its own key:
the emulator uses its certificate *in place of* the signing certificate of each provider's
metadata (the real IdP's private key is not here), and says so where it validates. Validation
follows AWS's: the assertion's signature, its ``Issuer`` against the provider's ``entityID``,
``Audience`` (``SAML:aud``) and the ``Recipient`` against the AWS sign-in endpoint,
``NotOnOrAfter``, and the role/provider pair in the ``Role`` attribute.
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import defusedxml.ElementTree as SafeElementTree
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import methods
from signxml.exceptions import InvalidInput, InvalidSignature
from signxml.signer import XMLSigner
from signxml.verifier import XMLVerifier

from sts_constructs.emulator._decisions import Rejected

__all__ = ["SIGN_IN_AUDIENCES", "SamlIdentityProvider", "SamlRejected", "ValidatedAssertion"]

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role"
SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
DURATION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SessionDuration"
# The sign-in endpoints an assertion for AWS may name as Audience and Recipient.
SIGN_IN_AUDIENCES = ("https://signin.aws.amazon.com/saml",)
_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"


class SamlRejected(Rejected):
    """STS refuses the assertion: ``code`` is the STS error code, the message says why."""


@dataclass(frozen=True)
class ValidatedAssertion:
    """An assertion that passed: who it names, the roles it offers, its condition keys."""

    issuer: str
    subject: str
    subject_type: str
    audience: str
    session_name: str | None
    duration_seconds: int | None
    roles: tuple[tuple[str, str], ...]  # (role ARN, provider ARN) pairs of the Role attribute
    attributes: dict[str, list[str]]


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def entity_id(metadata: str | None) -> str | None:
    """Return the ``entityID`` of SAML metadata, or None when it has none (parsed safely)."""
    if not metadata:
        return None
    try:
        root = SafeElementTree.fromstring(metadata)
    except Exception:
        return None
    value = root.get("entityID")
    return value if isinstance(value, str) else None


class SamlIdentityProvider:
    """Sign SAML responses and validate them against the key made at start."""

    def __init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sts-constructs emulator IdP")])
        now = datetime.now().astimezone()
        self._certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .sign(self._key, hashes.SHA256())
        )
        self.certificate_pem = self._certificate.public_bytes(serialization.Encoding.PEM)
        self._key_pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def sign_response(
        self,
        *,
        issuer: str,
        subject: str,
        roles: list[tuple[str, str]],
        now: datetime,
        session_name: str | None = None,
        audience: str = SIGN_IN_AUDIENCES[0],
        recipient: str | None = None,
        lifetime_seconds: int = 300,
        duration_seconds: int | None = None,
        attributes: dict[str, list[str]] | None = None,
    ) -> str:
        """Return a base64 SAML response whose assertion the IdP's key signed.

        Args:
            recipient: Default: the audience.
        """
        assertion_id = f"_{secrets.token_hex(16)}"
        expires = _time(now + timedelta(seconds=lifetime_seconds))
        response = etree.Element(
            f"{{{SAMLP}}}Response",
            nsmap={"samlp": SAMLP, "saml": SAML},
            ID=f"_{secrets.token_hex(16)}",
            Version="2.0",
            IssueInstant=_time(now),
            Destination=recipient or audience,
        )
        etree.SubElement(response, f"{{{SAML}}}Issuer").text = issuer
        status = etree.SubElement(response, f"{{{SAMLP}}}Status")
        etree.SubElement(
            status, f"{{{SAMLP}}}StatusCode", Value="urn:oasis:names:tc:SAML:2.0:status:Success"
        )
        assertion = etree.Element(
            f"{{{SAML}}}Assertion",
            nsmap={"saml": SAML},
            ID=assertion_id,
            Version="2.0",
            IssueInstant=_time(now),
        )
        etree.SubElement(assertion, f"{{{SAML}}}Issuer").text = issuer
        subject_element = etree.SubElement(assertion, f"{{{SAML}}}Subject")
        etree.SubElement(subject_element, f"{{{SAML}}}NameID", Format=_PERSISTENT).text = subject
        confirmation = etree.SubElement(
            subject_element,
            f"{{{SAML}}}SubjectConfirmation",
            Method="urn:oasis:names:tc:SAML:2.0:cm:bearer",
        )
        etree.SubElement(
            confirmation,
            f"{{{SAML}}}SubjectConfirmationData",
            NotOnOrAfter=expires,
            Recipient=recipient or audience,
        )
        conditions = etree.SubElement(
            assertion, f"{{{SAML}}}Conditions", NotBefore=_time(now), NotOnOrAfter=expires
        )
        restriction = etree.SubElement(conditions, f"{{{SAML}}}AudienceRestriction")
        etree.SubElement(restriction, f"{{{SAML}}}Audience").text = audience
        statement = etree.SubElement(assertion, f"{{{SAML}}}AttributeStatement")
        values: dict[str, list[str]] = {
            ROLE_ATTRIBUTE: [f"{role},{provider}" for role, provider in roles],
            **({SESSION_NAME_ATTRIBUTE: [session_name]} if session_name else {}),
            **({DURATION_ATTRIBUTE: [str(duration_seconds)]} if duration_seconds else {}),
            **(attributes or {}),
        }
        for name, items in values.items():
            attribute = etree.SubElement(statement, f"{{{SAML}}}Attribute", Name=name)
            for item in items:
                etree.SubElement(attribute, f"{{{SAML}}}AttributeValue").text = item
        signed = XMLSigner(
            method=methods.enveloped,
            signature_algorithm="rsa-sha256",
            digest_algorithm="sha256",
            c14n_algorithm=_C14N,
        ).sign(
            assertion,
            key=self._key_pem,
            cert=self.certificate_pem.decode(),
            reference_uri=assertion_id,
        )
        response.append(signed)
        return base64.b64encode(etree.tostring(response)).decode()

    def validate(
        self, encoded: str, *, provider_entity_id: str | None, now: datetime
    ) -> ValidatedAssertion:
        """Validate a base64 SAML response; raise :class:`SamlRejected` with STS's code.

        Only the signed assertion is read (never unsigned parts of the response).
        """
        try:
            document = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise SamlRejected("InvalidIdentityToken", "the SAML response is not base64") from None
        try:
            verified = XMLVerifier().verify(
                document, x509_cert=self.certificate_pem.decode(), id_attribute="ID"
            )
        except (InvalidSignature, InvalidInput) as error:
            raise SamlRejected(
                "InvalidIdentityToken",
                f"the assertion's signature does not verify with the provider's certificate "
                f"({str(error).splitlines()[0][:120]})",
            ) from None
        except etree.XMLSyntaxError:
            raise SamlRejected("InvalidIdentityToken", "the SAML response is not XML") from None
        result: Any = verified[0] if isinstance(verified, list) else verified
        assertion: Any = result.signed_xml
        if assertion is None or assertion.tag != f"{{{SAML}}}Assertion":
            raise SamlRejected("InvalidIdentityToken", "the signature does not cover an Assertion")
        ns = {"saml": SAML}
        issuer = assertion.findtext("saml:Issuer", namespaces=ns) or ""
        if provider_entity_id is not None and issuer != provider_entity_id:
            raise SamlRejected(
                "InvalidIdentityToken",
                f"the assertion's Issuer {issuer!r} is not the provider's entityID "
                f"{provider_entity_id!r}",
            )
        audience = assertion.findtext(
            "saml:Conditions/saml:AudienceRestriction/saml:Audience", namespaces=ns
        )
        if audience not in SIGN_IN_AUDIENCES:
            raise SamlRejected(
                "InvalidIdentityToken",
                f"the assertion's Audience {audience!r} is not the AWS sign-in endpoint "
                f"{SIGN_IN_AUDIENCES[0]}",
            )
        data = assertion.find(
            "saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData", namespaces=ns
        )
        recipient = None if data is None else data.get("Recipient")
        if recipient not in SIGN_IN_AUDIENCES:
            raise SamlRejected(
                "InvalidIdentityToken",
                f"the assertion's Recipient {recipient!r} is not {SIGN_IN_AUDIENCES[0]}",
            )
        for element, what in (
            (data, "SubjectConfirmationData"),
            (assertion.find("saml:Conditions", namespaces=ns), "Conditions"),
        ):
            limit = None if element is None else element.get("NotOnOrAfter")
            if limit is None:
                raise SamlRejected("InvalidIdentityToken", f"{what} has no NotOnOrAfter")
            expires = datetime.fromisoformat(limit.replace("Z", "+00:00"))
            if now >= expires:
                raise SamlRejected(
                    "ExpiredTokenException",
                    f"the assertion expired: {what} NotOnOrAfter {limit}, now {_time(now)}",
                )
        attributes: dict[str, list[str]] = {}
        for attribute in assertion.iterfind(
            "saml:AttributeStatement/saml:Attribute", namespaces=ns
        ):
            attributes[attribute.get("Name", "")] = [
                value.text or ""
                for value in attribute.iterfind("saml:AttributeValue", namespaces=ns)
            ]
        roles: list[tuple[str, str]] = []
        for pair in attributes.get(ROLE_ATTRIBUTE, []):
            first, _, second = (part.strip() for part in pair.partition(","))
            # Either order is allowed: role,provider or provider,role.
            roles.append((first, second) if ":role/" in first else (second, first))
        name_id = assertion.find("saml:Subject/saml:NameID", namespaces=ns)
        duration = attributes.get(DURATION_ATTRIBUTE, [None])[0]
        return ValidatedAssertion(
            issuer=issuer,
            subject=(name_id.text or "") if name_id is not None else "",
            subject_type=_subject_type(None if name_id is None else name_id.get("Format")),
            audience=audience,
            session_name=attributes.get(SESSION_NAME_ATTRIBUTE, [None])[0],
            duration_seconds=int(duration) if duration and duration.isdigit() else None,
            roles=tuple(roles),
            attributes=attributes,
        )


def _subject_type(name_format: str | None) -> str:
    """Return ``SAML:sub_type``: persistent, transient, or the format's full URI."""
    if name_format and name_format.endswith((":persistent", ":transient")):
        return name_format.rsplit(":", 1)[-1]
    return name_format or "unspecified"
