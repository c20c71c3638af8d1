"""IAM Roles Anywhere rules of ``sts_constructs.validation``: trust anchor and profile names, CA
certificate bundles, certificate field values and profile session durations."""

from __future__ import annotations

import re

import pytest
from aws_cdk import Stack, Token
from aws_cdk import aws_iam as iam

from sts_constructs import validation as rules

PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
NAME_RULE = "must be 1-255 characters of letters, digits, spaces, '-' and '_'"
UUID = "3f2a9c1e-5b7d-4c8e-9f0a-1b2c3d4e5f60"
PCA_RULE = (
    "is not an AWS Private CA ARN like "
    "'arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/<UUID>'"
)


@pytest.mark.parametrize("name", ["corp-ca", "Build agents_2", "a", "x" * 255, "  "])
def test_name_accepts_letters_digits_spaces_hyphens_and_underscores(name: str) -> None:
    assert rules.validate_roles_anywhere_name("name", name) == name


@pytest.mark.parametrize(
    "name", ["", "x" * 256, "corp/ca", "corp.ca", "corp-ca\n", "caf\u00e9", "ca\t1", "*"]
)
def test_name_refuses_other_characters_and_lengths(name: str) -> None:
    message = f"name: {rules.quote_value(name)} {NAME_RULE}"

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        rules.validate_roles_anywhere_name("name", name)


def test_name_lets_a_token_through(stack: Stack) -> None:
    token = iam.Role(stack, "R", assumed_by=iam.AccountRootPrincipal()).role_name

    assert rules.validate_roles_anywhere_name("name", token) == token


@pytest.mark.parametrize(
    "bundle",
    [PEM, "subject=CN=corp\n" + PEM, PEM + PEM, PEM + "x" * (8_000 - len(PEM))],
)
def test_certificate_bundle_accepts_pem_text_up_to_8000_characters(bundle: str) -> None:
    assert rules.validate_certificate_bundle("certificate_bundle", bundle) == bundle


@pytest.mark.parametrize(
    ("bundle", "message"),
    [
        (
            "hello",
            "certificate_bundle: 'hello'... is not a PEM certificate "
            "(no '-----BEGIN CERTIFICATE-----' line)",
        ),
        (
            "-----BEGIN PRIVATE KEY-----\nMIIE\n",
            "certificate_bundle: '-----BEGIN PRIVATE KEY-----\\nMIIE\\n'... is not a PEM "
            "certificate (no '-----BEGIN CERTIFICATE-----' line)",
        ),
        (
            PEM + "x" * (8_001 - len(PEM)),
            "certificate_bundle: '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----EN'... has 8001 "
            "characters; a trust anchor takes at most 8000 (X509CertificateData)",
        ),
        (b"pem", "certificate_bundle: b'pem' must be PEM text"),
    ],
)
def test_certificate_bundle_refuses_what_is_not_a_pem_certificate(
    bundle: str, message: str
) -> None:
    assert rules.ROLES_ANYWHERE_CERTIFICATE_DATA_MAX_CHARS == 8_000
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        rules.validate_certificate_bundle("certificate_bundle", bundle)


@pytest.mark.parametrize(
    "value", ["agent-01.example.com", "*.agents.example.com", "spiffe://example.com/ns/*", "x"]
)
def test_certificate_value_accepts_named_values_and_partial_wildcards(value: str) -> None:
    assert rules.validate_certificate_match_value("certificate.san_dns_names[0]", value) == value


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("", "must be 1-1024 characters without '?' or '${'"),
        ("   ", "must be 1-1024 characters without '?' or '${'"),
        ("x" * 1025, "must be 1-1024 characters without '?' or '${'"),
        ("agent-0?", "must be 1-1024 characters without '?' or '${'"),
        ("${aws:username}", "must be 1-1024 characters without '?' or '${'"),
        (7, "must be 1-1024 characters without '?' or '${'"),
        ("*", "matches every certificate; name the value"),
        ("**", "matches every certificate; name the value"),
        ("*.*", "matches every certificate; name the value"),
        (".*.", "matches every certificate; name the value"),
    ],
)
def test_certificate_value_refuses_what_matches_every_certificate_or_no_text(
    value: object, rule: str
) -> None:
    message = f"certificate.subject_common_names[2]: {rules.quote_value(value)} {rule}"

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        rules.validate_certificate_match_value("certificate.subject_common_names[2]", value)  # type: ignore[arg-type]


@pytest.mark.parametrize("seconds", [900, 3_600, 43_200, 900.0])
def test_session_duration_accepts_15_minutes_to_12_hours(seconds: float) -> None:
    assert rules.validate_roles_anywhere_session_duration("session_duration", seconds) == seconds


@pytest.mark.parametrize(("seconds", "shown"), [(899, "899s"), (43_201, "43201s"), (0, "0s")])
def test_session_duration_refuses_what_a_profile_does_not_allow(seconds: int, shown: str) -> None:
    message = (
        f"session_duration: {shown} is outside 900-43200s, what a Roles Anywhere profile allows"
    )

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        rules.validate_roles_anywhere_session_duration("session_duration", seconds)


def test_session_duration_lets_a_token_through() -> None:
    token = Token.as_number({"Ref": "SessionSeconds"})

    assert rules.is_unresolved(token)
    assert rules.validate_roles_anywhere_session_duration("d", token) == token


def test_trust_actions_are_the_three_roles_anywhere_needs() -> None:
    assert rules.ROLES_ANYWHERE_TRUST_ACTIONS == (
        "sts:AssumeRole",
        "sts:SetSourceIdentity",
        "sts:TagSession",
    )


@pytest.mark.parametrize(
    "arn",
    [
        f"arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/{UUID}",
        f"arn:aws-us-gov:acm-pca:us-gov-west-1:111111111111:certificate-authority/{UUID}",
        f"arn:aws-cn:acm-pca:cn-north-1:111111111111:certificate-authority/{UUID}",
    ],
)
def test_private_ca_arn_accepts_a_certificate_authority_of_any_partition(arn: str) -> None:
    assert rules.validate_acm_pca_arn("acm_pca_arn", arn) == arn


@pytest.mark.parametrize(
    "arn",
    [
        f"arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/{UUID}\n",
        "arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/*",
        "arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/3f2a9c1e-5b7d",
        f"arn:aws:acm-pca:eu-west-1:1111:certificate-authority/{UUID}",
        f"arn:aws:acm:eu-west-1:111111111111:certificate/{UUID}",
        f"arn:aws:acm-pca:europe:111111111111:certificate-authority/{UUID}",
        UUID,
    ],
)
def test_private_ca_arn_refuses_what_is_not_one(arn: str) -> None:
    message = f"acm_pca_arn: {rules.quote_value(arn)} {PCA_RULE}"

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        rules.validate_acm_pca_arn("acm_pca_arn", arn)


@pytest.mark.parametrize(
    ("arn", "accepted"),
    [
        (f"arn:aws-us-gov:rolesanywhere:us-gov-east-1:111111111111:trust-anchor/{UUID}", True),
        (f"arn:aws:rolesanywhere:ap-southeast-4:111111111111:trust-anchor/{UUID}", True),
        (f"arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/{UUID}\n", False),
        ("arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/*", False),
    ],
)
def test_trust_anchor_arn_reads_partition_and_region_as_the_other_rules(
    arn: str, accepted: bool
) -> None:
    if accepted:
        assert rules.validate_trust_anchor_arn("a", arn) == arn
        return
    with pytest.raises(ValueError, match=r"^a: .* is not a trust anchor ARN"):
        rules.validate_trust_anchor_arn("a", arn)
