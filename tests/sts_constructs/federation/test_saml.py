"""SAML: metadata checked offline, the provider resource, and console and API role trusts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Stack

from sts_constructs import AssumableRole
from sts_constructs.federation import (
    SAML_SIGN_IN_ENDPOINT,
    SamlMetadata,
    SamlProvider,
    SamlTrust,
    saml_sign_in_endpoint,
)
from tests.sts_constructs.federation._support import SAMPLE_METADATA, cfn_lint_errors, logical_id
from tests.support import nag_findings, only, template_of

SAMPLE = SAMPLE_METADATA.read_text()
ARN = "arn:aws:iam::111111111111:saml-provider/corp-idp"


@pytest.fixture(scope="module")
def scope() -> Stack:
    stack = Stack(App(), "Test")
    provider = SamlProvider(
        stack, "Idp", metadata=SamlMetadata.from_file(SAMPLE_METADATA), name="corp-idp"
    )
    AssumableRole(stack, "Console", trust=SamlTrust(provider=provider))
    AssumableRole(stack, "Regional", trust=SamlTrust(provider=provider, sign_in_region="eu-west-1"))
    return stack


@pytest.fixture(scope="module")
def template(scope: Stack) -> dict[str, Any]:
    return template_of(scope)


def trust(document: dict[str, Any]) -> dict[str, Any]:
    (statement,) = document["Statement"]
    result: dict[str, Any] = statement
    return result


def test_sample_metadata_is_an_idp_with_a_signing_certificate() -> None:
    metadata = SamlMetadata.from_file(SAMPLE_METADATA)

    assert metadata.entity_id == "https://idp.example.com/saml/metadata"
    assert len(metadata.signing_certificates) == 1
    assert metadata.signing_certificates[0][:1] == b"\x30"
    assert "PRIVATE KEY" not in SAMPLE


def test_provider_holds_the_metadata_as_given(template: dict[str, Any]) -> None:
    provider = only(template, "AWS::IAM::SAMLProvider")

    assert provider == {"Name": "corp-idp", "SamlMetadataDocument": SAMPLE}


def test_console_role_pins_the_global_sign_in_endpoint(
    scope: Stack, template: dict[str, Any]
) -> None:
    role = template["Resources"][logical_id(scope, "Console")]

    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"] == [
        {
            "Sid": "SamlProvider",
            "Effect": "Allow",
            "Principal": {"Federated": {"Ref": logical_id(scope, "Idp")}},
            "Action": "sts:AssumeRoleWithSAML",
            "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
        }
    ]


def test_regional_sign_in_endpoint_is_selectable(scope: Stack, template: dict[str, Any]) -> None:
    role = template["Resources"][logical_id(scope, "Regional")]
    statement = role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]

    assert statement["Condition"] == {
        "StringEquals": {"SAML:aud": "https://eu-west-1.signin.aws.amazon.com/saml"}
    }


def test_passes_cdk_nag(scope: Stack, template: dict[str, Any]) -> None:
    assert nag_findings(scope) == []


def test_passes_cfn_lint(template: dict[str, Any]) -> None:
    assert cfn_lint_errors(template) == []


def test_api_access_with_an_existing_provider_and_options() -> None:
    document = SamlTrust(
        provider=SamlProvider.from_arn(ARN),
        audience="https://signin.amazonaws.cn/saml",
        allow_session_tags=True,
        allow_source_identity=True,
    ).policy_document()

    assert trust(document) == {
        "Sid": "SamlProvider",
        "Effect": "Allow",
        "Principal": {"Federated": ARN},
        "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession", "sts:SetSourceIdentity"],
        "Condition": {"StringEquals": {"SAML:aud": "https://signin.amazonaws.cn/saml"}},
    }


def test_sign_in_endpoints() -> None:
    assert saml_sign_in_endpoint() == SAML_SIGN_IN_ENDPOINT == "https://signin.aws.amazon.com/saml"
    assert saml_sign_in_endpoint("us-gov-west-1") == (
        "https://us-gov-west-1.signin.aws.amazon.com/saml"
    )


def test_fails_on_region_and_audience_together() -> None:
    with pytest.raises(ValueError, match=r"audience: .* given with sign_in_region 'eu-west-1'"):
        SamlTrust(
            provider=SamlProvider.from_arn(ARN),
            sign_in_region="eu-west-1",
            audience="https://signin.aws.amazon.com/saml",
        )


@pytest.mark.parametrize("bad", ["Europe", "eu-west", "EU-WEST-1"])
def test_fails_on_bad_region(bad: str) -> None:
    with pytest.raises(ValueError, match=r"sign_in_region: .* is not an AWS Region code"):
        SamlTrust(provider=SamlProvider.from_arn(ARN), sign_in_region=bad)


@pytest.mark.parametrize("bad", ["*", "https://*.signin.aws.amazon.com/saml", "signin.aws"])
def test_fails_on_wildcard_or_relative_audience(bad: str) -> None:
    with pytest.raises(ValueError, match=r"audience: .* is not an exact https:// URL"):
        SamlTrust(provider=SamlProvider.from_arn(ARN), audience=bad)


def test_fails_on_malformed_provider_arn() -> None:
    with pytest.raises(ValueError, match=r"provider_arn: .* is not a SAML provider ARN"):
        SamlProvider.from_arn("arn:aws:iam::111111111111:oidc-provider/gitlab.com")


def test_fails_on_bad_provider_name(stack: Stack) -> None:
    with pytest.raises(ValueError, match=r"name: 'corp idp' is not a SAML provider name"):
        SamlProvider(stack, "Idp", metadata=SamlMetadata.from_xml(SAMPLE), name="corp idp")


def test_fails_on_raw_xml_instead_of_checked_metadata(stack: Stack) -> None:
    with pytest.raises(TypeError, match=r"metadata: .* is a str; expected SamlMetadata \(read it"):
        SamlProvider(stack, "Idp", metadata=SAMPLE)  # type: ignore[arg-type]


# Malformed metadata documents, each refused with the rule it breaks.

_PAD = "<!--" + "x" * 1000 + "-->"


def _without(fragment: str, replacement: str = "") -> str:
    assert fragment in SAMPLE
    return SAMPLE.replace(fragment, replacement)


@pytest.mark.parametrize(
    ("xml", "rule"),
    [
        ("", r"has 0 characters; IAM takes a metadata document of 1,000-"),
        (SAMPLE.replace("</md:EntityDescriptor>", ""), r"is not well-formed XML"),
        (SAMPLE + "<extra/>", r"is not well-formed XML"),
        (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + _PAD + SAMPLE[39:],
            r"uses a forbidden XML feature",
        ),
        (
            _without('entityID="https://idp.example.com/saml/metadata"'),
            r"has an EntityDescriptor without an entityID",
        ),
        (
            SAMPLE.replace("md:EntityDescriptor", "md:EntitiesDescriptor"),
            r"has root element .*EntitiesDescriptor.*not an aggregate",
        ),
        (
            SAMPLE.replace("IDPSSODescriptor", "SPSSODescriptor"),
            r"has no IDPSSODescriptor supporting SAML 2.0",
        ),
        (
            SAMPLE.replace(
                'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"',
                'protocolSupportEnumeration="urn:oasis:names:tc:SAML:1.1:protocol"',
            ),
            r"has no IDPSSODescriptor supporting SAML 2.0",
        ),
        (SAMPLE.replace('use="signing"', 'use="encryption"'), r"has no signing certificate"),
        (
            SAMPLE.replace("<ds:X509Certificate>", "<ds:X509Certificate>!!").replace(
                "</md:IDPSSODescriptor>", _PAD + "</md:IDPSSODescriptor>"
            ),
            r"has signing certificate 0 that is not base64",
        ),
        (
            SAMPLE.replace("<ds:X509Certificate>", "<ds:X509Certificate>AAAA").replace(
                "</md:IDPSSODescriptor>", _PAD + "</md:IDPSSODescriptor>"
            ),
            r"has signing certificate 0 that is not a DER X.509 certificate",
        ),
        (
            '<?xml version="1.0"?><a xmlns="urn:x">' + _PAD + "</a>",
            r"has root element '\{urn:x\}a'",
        ),
    ],
)
def test_fails_on_malformed_metadata(xml: str, rule: str) -> None:
    with pytest.raises(ValueError, match=rf"^metadata: 'idp.xml' {rule}"):
        SamlMetadata.from_xml(xml, source="idp.xml")


def test_fails_on_a_missing_metadata_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"metadata: '.*missing.xml' cannot be read"):
        SamlMetadata.from_file(tmp_path / "missing.xml")


def test_refuses_an_entity_expansion_bomb() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        + _PAD
        + "<lolz>&lol2;</lolz>"
    )
    with pytest.raises(ValueError, match=r"uses a forbidden XML feature"):
        SamlMetadata.from_xml(bomb)
