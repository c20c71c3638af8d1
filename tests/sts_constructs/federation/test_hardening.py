"""Issue 9 for federation: whole-value matches, and SAML certificates parsed as X.509."""

from __future__ import annotations

import base64
import datetime as dt
import random
import re
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk.assertions import Annotations, Match
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sts_constructs.federation import (
    CognitoIdentityPoolTrust,
    EksServiceAccount,
    FederationTokenBroker,
    GitHubActionsTrust,
    GitHubBranch,
    GitHubEnvironment,
    GitHubRepository,
    GitHubTag,
    GitLabBranch,
    GitLabProject,
    GoogleTrust,
    OidcProvider,
    OidcTrust,
    SamlMetadata,
    SamlProvider,
    SamlTrust,
    github_actions_issuer,
)
from sts_constructs.federation._references import ExistingOidcProvider
from tests.sts_constructs.federation._support import SAMPLE_METADATA

SAMPLE = SAMPLE_METADATA.read_text()
GITHUB = ExistingOidcProvider(
    provider_arn="arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
    issuer="token.actions.githubusercontent.com",
)
ISSUER = ExistingOidcProvider(
    provider_arn="arn:aws:iam::111111111111:oidc-provider/issuer.example.com",
    issuer="issuer.example.com",
)
_CERTIFICATE = re.compile(r"(<ds:X509Certificate>)(.*?)(</ds:X509Certificate>)", re.S)


# --- Kind 2: a trailing newline never passes ----------------------------------------------------
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: GitHubRepository(
                owner="octo-org\n", name="app", filters=[GitHubBranch("main")]
            ),
            r"owner: 'octo-org\\n' is not a GitHub owner",
        ),
        (
            lambda: GitHubRepository(
                owner="octo-org", name="app\n", filters=[GitHubBranch("main")]
            ),
            r"name: 'app\\n' is not a GitHub repository name",
        ),
        (lambda: GitHubBranch("main\n"), r"GitHubBranch.name: 'main\\n' is not a branch"),
        (lambda: GitHubTag("v1\n"), r"GitHubTag.name: 'v1\\n' is not a branch or tag"),
        (lambda: GitHubEnvironment("prod\n"), r"GitHubEnvironment.name: 'prod\\n' is not a GitHub"),
        (
            lambda: OidcTrust(
                provider=ISSUER,
                subjects=["repo:octo-org/app:ref:refs/heads/main\n"],
                audiences=["a"],
            ),
            r"subjects\[0\]: 'repo:octo-org/app:ref:refs/heads/main\\n' must be the exact subject",
        ),
        (
            lambda: OidcTrust(provider=ISSUER, subjects=["s"], audiences=["client\n"]),
            r"audiences\[0\]: 'client\\n' is not a client ID",
        ),
        (
            lambda: OidcProvider.from_issuer("https://issuer.example.com\n"),
            r"url: 'https://issuer.example.com\\n' is not an OIDC issuer URL",
        ),
        (
            lambda: OidcProvider.from_arn(
                "arn:aws:iam::111111111111:oidc-provider/issuer.example.com\n"
            ),
            r"provider_arn: .*\\n' is not a literal OIDC provider ARN",
        ),
        (
            lambda: SamlProvider.from_arn("arn:aws:iam::111111111111:saml-provider/corp\n"),
            r"provider_arn: .*corp\\n' is not a SAML provider ARN",
        ),
        (
            lambda: SamlTrust(
                provider=SamlProvider.from_arn("arn:aws:iam::111111111111:saml-provider/corp"),
                audience="https://signin.aws.amazon.com/saml\n",
            ),
            r"audience: .*saml\\n' is not an exact https:// URL",
        ),
        (
            lambda: github_actions_issuer(enterprise_slug="acme\n"),
            r"enterprise_slug: 'acme\\n' is not an enterprise slug",
        ),
        (
            lambda: EksServiceAccount(namespace="payments\n", name="api"),
            r"EksServiceAccount.namespace: 'payments\\n' is not a Kubernetes namespace",
        ),
        (
            lambda: EksServiceAccount(namespace="payments", name="api\n"),
            r"EksServiceAccount.name: 'api\\n' is not a Kubernetes service account",
        ),
        (
            lambda: GitLabProject(path="group/app\n", filters=[GitLabBranch("main")]),
            r"path: 'group/app\\n' is not a GitLab project path",
        ),
        (
            lambda: GoogleTrust(client_id="client", subjects=["123456\n"]),
            r"subjects\[0\]: '123456\\n' is not a Google account ID",
        ),
        (
            lambda: CognitoIdentityPoolTrust(
                identity_pool_id="us-east-1:12345678-abcd-abcd-abcd-123456789012\n"
            ),
            r"identity_pool_id: .*\\n' is not a Cognito identity pool ID",
        ),
    ],
)
def test_fails_on_a_value_with_a_trailing_newline(make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_github_trust_fails_on_an_issuer_with_a_trailing_newline() -> None:
    provider = ExistingOidcProvider(
        provider_arn=GITHUB.provider_arn, issuer="token.actions.githubusercontent.com\n"
    )
    with pytest.raises(ValueError, match=r"provider: issuer .*\\n' is not a GitHub Actions issuer"):
        GitHubActionsTrust(
            provider=provider,
            repositories=[
                GitHubRepository(owner="octo-org", name="app", filters=[GitHubBranch("main")])
            ],
        )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda s: OidcProvider(s, "P", url="https://issuer.example.com\n", client_ids=["a"]),
            r"url: 'https://issuer.example.com\\n' is not an OIDC issuer URL",
        ),
        (
            lambda s: OidcProvider(
                s,
                "P",
                url="https://issuer.example.com",
                client_ids=["a"],
                thumbprints=["a" * 40 + "\n"],
            ),
            r"thumbprints\[0\]: 'a{40}\\n' is not a thumbprint",
        ),
        (
            lambda s: SamlProvider(
                s, "Idp", metadata=SamlMetadata.from_xml(SAMPLE), name="corp-idp\n"
            ),
            r"name: 'corp-idp\\n' is not a SAML provider name",
        ),
        (
            lambda s: FederationTokenBroker(
                s, "Broker", federated_user_prefix="fed-\n", ceiling_document={}
            ),
            r"federated_user_prefix: 'fed-\\n' is not a federated user name prefix",
        ),
    ],
)
def test_constructs_fail_on_a_value_with_a_trailing_newline(
    stack: Stack, make: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        make(stack)


# --- Kind 5: SAML signing certificates are X.509 --------------------------------------------------
def _with_certificate(der: bytes, xml: str = SAMPLE) -> str:
    text = base64.b64encode(der).decode()
    return _CERTIFICATE.sub(lambda m: f"{m[1]}{text}{m[3]}", xml, count=1)


def _certificate(not_after: dt.datetime) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.example.com")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(not_after - dt.timedelta(days=365))
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.DER)


@pytest.mark.parametrize(
    "garbage",
    [
        random.Random(9).randbytes(200),
        # Starts like a DER SEQUENCE (0x30), which is all the old check looked at.
        b"\x30\x82\x01\x00" + random.Random(10).randbytes(256),
        b"\x30" * 64,
    ],
)
def test_metadata_fails_on_a_certificate_that_is_not_x509(garbage: bytes) -> None:
    with pytest.raises(
        ValueError,
        match=rf"metadata: '<xml>' has signing certificate 0 that is not a DER X.509 certificate "
        rf"\({len(garbage)} bytes that do not parse as one\)",
    ):
        SamlMetadata.from_xml(_with_certificate(garbage))


def test_metadata_reads_the_certificate_expiry() -> None:
    metadata = SamlMetadata.from_xml(SAMPLE)

    assert metadata.certificates_not_valid_after == (dt.datetime(2036, 1, 1, tzinfo=dt.UTC),)
    assert metadata.valid_until is None
    assert metadata.warnings(now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)) == []


def test_provider_warns_on_an_expired_certificate(stack: Stack) -> None:
    expired = _with_certificate(_certificate(dt.datetime(2020, 3, 1, tzinfo=dt.UTC)))
    SamlProvider(stack, "Idp", metadata=SamlMetadata.from_xml(expired))

    warnings = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp(r"signing certificate 0 of .* expired on 2020-03-01")
    )
    assert len(warnings) == 1


def test_provider_warns_on_a_past_valid_until(stack: Stack) -> None:
    stale = SAMPLE.replace(
        "<md:EntityDescriptor ", '<md:EntityDescriptor validUntil="2021-06-30T12:00:00Z" ', 1
    )
    metadata = SamlMetadata.from_xml(stale)
    SamlProvider(stack, "Idp", metadata=metadata)

    assert metadata.valid_until == dt.datetime(2021, 6, 30, 12, tzinfo=dt.UTC)
    warnings = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp(r"validUntil 2021-06-30T12:00:00Z of .* is in the past")
    )
    assert len(warnings) == 1


def test_provider_does_not_warn_on_current_metadata() -> None:
    app = App()
    stack = Stack(app, "Test")
    SamlProvider(stack, "Idp", metadata=SamlMetadata.from_xml(SAMPLE))

    assert Annotations.from_stack(stack).find_warning("*", Match.any_value()) == []


def test_metadata_fails_on_a_valid_until_that_is_not_a_date() -> None:
    bad = SAMPLE.replace("<md:EntityDescriptor ", '<md:EntityDescriptor validUntil="next year" ', 1)

    with pytest.raises(ValueError, match=r"has validUntil 'next year' that is not a date and time"):
        SamlMetadata.from_xml(bad)
