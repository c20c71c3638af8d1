"""IAM Roles Anywhere: the trust scoped to anchors and certificates; anchor and profile."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template

from sts_constructs import (
    AssumableRole,
    CertificateMatch,
    RolesAnywhereProfile,
    RolesAnywhereTrust,
    RolesAnywhereTrustAnchor,
    Trust,
)
from tests.sts_constructs.federation._support import one_statement_policy

ANCHOR = (
    "arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
)
UUID = "3f2a9c1e-5b7d-4c8e-9f0a-1b2c3d4e5f60"
PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


def test_trust_pins_anchor_and_certificate_fields() -> None:
    trust = RolesAnywhereTrust(
        trust_anchor_arns=[ANCHOR],
        certificate=CertificateMatch(
            subject_common_names=["agent-01.example.com"], san_dns_names=["*.agents.example.com"]
        ),
    )

    assert trust.policy_document() == one_statement_policy(
        "RolesAnywhere",
        Principal={"Service": "rolesanywhere.amazonaws.com"},
        Action=["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
        Condition={
            "ArnEquals": {"aws:SourceArn": ANCHOR},
            "StringEquals": {"aws:PrincipalTag/x509Subject/CN": "agent-01.example.com"},
            "StringLike": {"aws:PrincipalTag/x509SAN/DNS": "*.agents.example.com"},
        },
    )


def test_opt_out_trusts_every_certificate_of_the_anchor_only() -> None:
    trust = RolesAnywhereTrust(trust_anchor_arns=[ANCHOR], allow_any_certificate_of_anchor=True)

    assert trust.policy_document()["Statement"][0]["Condition"] == {
        "ArnEquals": {"aws:SourceArn": ANCHOR}
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"trust_anchor_arns": []}, "trust_anchor_arns: [] names nothing"),
        ({"certificate": None}, "certificate: None lets every certificate of the trust anchors in"),
        (
            {"allow_any_certificate_of_anchor": True},
            "allow_any_certificate_of_anchor: True given with a certificate match; pick one",
        ),
        (
            {"trust_anchor_arns": ["arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/*"]},
            "trust-anchor/*' is not a trust anchor ARN",
        ),
        ({"trust_anchor_arns": [ANCHOR, ANCHOR]}, "appears more than once"),
    ],
)
def test_fails_on_trust_any_certificate_of_any_anchor_could_use(
    kwargs: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {
        "trust_anchor_arns": [ANCHOR],
        "certificate": CertificateMatch(subject_common_names=["a"]),
        **kwargs,
    }
    with pytest.raises(ValueError, match=re.escape(message)):
        RolesAnywhereTrust(**arguments)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "certificate: CertificateMatch() names no certificate field"),
        (
            {"subject_common_names": ["*"]},
            "certificate.subject_common_names[0]: '*' matches every certificate",
        ),
        (
            {"san_dns_names": ["*.*"]},
            "certificate.san_dns_names[0]: '*.*' matches every certificate",
        ),
        (
            {"issuer_common_names": ["${aws:username}"]},
            "certificate.issuer_common_names[0]: '${aws:username}' must be",
        ),
        (
            {"subject_organizations": ["a", "a"]},
            "certificate.subject_organizations: 'a' appears more than once",
        ),
    ],
)
def test_fails_on_certificate_match_that_matches_everything(
    kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        CertificateMatch(**kwargs)


def test_anchor_profile_and_role_synthesize(stack: Stack) -> None:
    anchor = RolesAnywhereTrustAnchor(stack, "Anchor", name="corp-ca", certificate_bundle=PEM)
    role = AssumableRole(
        stack,
        "Role",
        trust=RolesAnywhereTrust(
            trust_anchor_arns=[anchor.trust_anchor_arn],
            certificate=CertificateMatch(subject_common_names=["agent-01"]),
        ),
    )
    RolesAnywhereProfile(
        stack, "Profile", name="agents", roles=[role], session_duration=Duration.hours(1)
    )

    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::RolesAnywhere::TrustAnchor",
        {
            "Name": "corp-ca",
            "Enabled": True,
            "Source": {
                "SourceType": "CERTIFICATE_BUNDLE",
                "SourceData": {"X509CertificateData": PEM},
            },
        },
    )
    template.has_resource_properties(
        "AWS::RolesAnywhere::Profile", {"Name": "agents", "DurationSeconds": 3600}
    )


def test_anchor_on_private_ca(stack: Stack) -> None:
    pca = "arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/" + UUID
    RolesAnywhereTrustAnchor(stack, "Anchor", name="pca", acm_pca_arn=pca)

    Template.from_stack(stack).has_resource_properties(
        "AWS::RolesAnywhere::TrustAnchor",
        {"Source": {"SourceType": "AWS_ACM_PCA", "SourceData": {"AcmPcaArn": pca}}},
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "certificate_bundle: give exactly one of certificate_bundle"),
        ({"certificate_bundle": PEM, "acm_pca_arn": "arn:aws:acm-pca:x"}, "give exactly one"),
        (
            {"certificate_bundle": "hello"},
            "certificate_bundle: 'hello'... is not a PEM certificate",
        ),
        ({"certificate_bundle": PEM, "name": "a/b"}, "name: 'a/b' must be 1-255 characters"),
        (
            {"acm_pca_arn": "arn:aws:acm-pca:x"},
            "acm_pca_arn: 'arn:aws:acm-pca:x' is not an AWS Private CA ARN like",
        ),
        (
            {"certificate_bundle": PEM * 200},
            f"certificate_bundle: {PEM[:40]!r}... has {len(PEM) * 200} characters; a trust "
            "anchor takes at most 8000 (X509CertificateData)",
        ),
    ],
)
def test_fails_on_anchor_arguments(stack: Stack, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        RolesAnywhereTrustAnchor(stack, "Anchor", **{"name": "ca", **kwargs})


def test_fails_on_profile_with_a_role_roles_anywhere_cannot_assume(stack: Stack) -> None:
    role = AssumableRole(stack, "Role", trust=Trust(services=["ec2.amazonaws.com"]))
    with pytest.raises(
        ValueError, match=re.escape("roles[0]: its trust is a Trust, not a RolesAnywhereTrust")
    ):
        RolesAnywhereProfile(stack, "Profile", name="p", roles=[role])


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        (Duration.minutes(10), "session_duration: 600s is outside 900-43200s"),
        (Duration.hours(13), "46800s"),
    ],
)
def test_fails_on_profile_duration(stack: Stack, duration: Duration, message: str) -> None:
    role = AssumableRole(
        stack,
        "Role",
        trust=RolesAnywhereTrust(trust_anchor_arns=[ANCHOR], allow_any_certificate_of_anchor=True),
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        RolesAnywhereProfile(stack, "Profile", name="p", roles=[role], session_duration=duration)


def test_fails_on_profile_with_more_roles_than_a_profile_takes(stack: Stack) -> None:
    roles = [
        iam.Role.from_role_name(stack, f"R{i}", f"agent-{i}", mutable=False) for i in range(251)
    ]

    with pytest.raises(
        ValueError, match=r"^roles: 251 roles; a Roles Anywhere profile names at most 250\nin Test/"
    ):
        RolesAnywhereProfile(stack, "Profile", name="p", roles=roles)


def test_fails_on_profile_without_roles(stack: Stack) -> None:
    with pytest.raises(ValueError, match=re.escape("roles: [] names nothing")):
        RolesAnywhereProfile(stack, "Profile", name="p", roles=[])
