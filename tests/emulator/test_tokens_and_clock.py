"""The emulator's issuer, IdP, clock and report pieces, in-process (no server)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("moto")

from sts_constructs.emulator._clock import Clock
from sts_constructs.emulator._decisions import Decision
from sts_constructs.emulator._oidc import OidcIssuer, TokenRejected
from sts_constructs.emulator._resources import resource_of
from sts_constructs.emulator._saml import SamlIdentityProvider, SamlRejected
from sts_constructs.emulator.tokens import (
    cognito_identity_claims,
    eks_service_account_claims,
    github_actions_claims,
    gitlab_ci_claims,
)
from sts_constructs.emulator.walkthrough import Step, why_of

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
GITLAB = "https://gitlab.example.com"
PROVIDERS = {GITLAB: ("arn:aws:iam::111111111111:oidc-provider/gitlab.example.com", ["aws"])}
ROLE = "arn:aws:iam::111111111111:role/console"
PROVIDER = "arn:aws:iam::111111111111:saml-provider/corp"


@pytest.fixture(scope="module")
def issuer() -> OidcIssuer:
    return OidcIssuer()


@pytest.fixture(scope="module")
def idp() -> SamlIdentityProvider:
    return SamlIdentityProvider()


def _gitlab(issuer: OidcIssuer, **changes: object) -> str:
    claims = gitlab_ci_claims(project_path="team/app", audience="aws", issuer=GITLAB)
    return issuer.mint({**claims, **changes}, now=NOW)


def test_a_valid_token_yields_its_issuer_provider_and_claims(issuer: OidcIssuer) -> None:
    token = issuer.validate(_gitlab(issuer), providers=PROVIDERS, now=NOW)

    assert token.issuer == "gitlab.example.com"
    assert token.provider_arn == PROVIDERS[GITLAB][0]
    assert token.claims["sub"] == "project_path:team/app:ref_type:branch:ref:main"


@pytest.mark.parametrize(
    ("changes", "now", "code", "says"),
    [
        ({"aud": "other"}, NOW, "InvalidIdentityToken", "Incorrect token audience"),
        ({}, NOW + timedelta(seconds=300), "ExpiredTokenException", "Token expired"),
        ({"nbf": int(NOW.timestamp()) + 60}, NOW, "InvalidIdentityToken", "not valid before"),
        ({"iss": "https://elsewhere.example.com"}, NOW, "InvalidIdentityToken", "No OpenID"),
    ],
    ids=["audience", "expired", "not-before", "issuer"],
)
def test_a_token_is_refused_with_its_sts_code(
    issuer: OidcIssuer, changes: dict[str, object], now: datetime, code: str, says: str
) -> None:
    with pytest.raises(TokenRejected, match=says) as raised:
        issuer.validate(_gitlab(issuer, **changes), providers=PROVIDERS, now=now)

    assert raised.value.code == code


def test_a_token_of_another_key_fails_its_signature(issuer: OidcIssuer) -> None:
    with pytest.raises(TokenRejected, match="signature") as raised:
        issuer.validate(_gitlab(OidcIssuer()), providers=PROVIDERS, now=NOW)

    assert raised.value.code == "InvalidIdentityToken"


def test_minting_needs_an_https_issuer_and_an_audience(issuer: OidcIssuer) -> None:
    with pytest.raises(ValueError, match="iss: 'gitlab' is not an https:// issuer URL"):
        issuer.mint({"iss": "gitlab", "aud": "x"}, now=NOW)
    with pytest.raises(ValueError, match="aud: missing"):
        issuer.mint({"iss": GITLAB}, now=NOW)


def test_the_jwks_holds_the_public_key_only(issuer: OidcIssuer) -> None:
    (key,) = issuer.jwks()["keys"]

    assert key["kid"] == issuer.key_id
    assert "d" not in key


def test_claim_shapes_follow_each_issuer() -> None:
    github = github_actions_claims(
        repository="o/r", environment="prod", owner_id=1, repository_id=2
    )
    eks = eks_service_account_claims(
        cluster_issuer="https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        namespace="apps",
        service_account="web",
    )
    cognito = cognito_identity_claims(identity_pool_id="eu-west-1:pool", identity_id="eu-west-1:id")

    assert github["sub"] == "repo:o@1/r@2:environment:prod"
    assert eks["sub"] == "system:serviceaccount:apps:web"
    assert cognito["amr"] == ["authenticated"]


def _response(idp: SamlIdentityProvider, **options: object) -> str:
    return idp.sign_response(
        issuer="https://idp.example.com",
        subject="alice",
        roles=[(ROLE, PROVIDER)],
        now=NOW,
        session_name="alice",
        **options,  # type: ignore[arg-type]
    )


def test_a_signed_response_validates_with_its_role_pair(idp: SamlIdentityProvider) -> None:
    assertion = idp.validate(_response(idp), provider_entity_id="https://idp.example.com", now=NOW)

    assert assertion.roles == ((ROLE, PROVIDER),)
    assert (assertion.subject, assertion.subject_type) == ("alice", "persistent")


def test_a_response_past_not_on_or_after_is_expired(idp: SamlIdentityProvider) -> None:
    with pytest.raises(SamlRejected, match="expired") as raised:
        idp.validate(_response(idp), provider_entity_id=None, now=NOW + timedelta(minutes=5))

    assert raised.value.code == "ExpiredTokenException"


def test_a_changed_assertion_fails_its_signature(idp: SamlIdentityProvider) -> None:
    document = base64.b64decode(_response(idp)).replace(b">alice<", b">bob<")

    with pytest.raises(SamlRejected, match="signature"):
        idp.validate(base64.b64encode(document).decode(), provider_entity_id=None, now=NOW)


def test_a_response_of_another_idp_fails_its_signature(idp: SamlIdentityProvider) -> None:
    with pytest.raises(SamlRejected, match="signature"):
        idp.validate(_response(SamlIdentityProvider()), provider_entity_id=None, now=NOW)


def test_the_clock_moves_forward_only() -> None:
    clock = Clock()
    before = clock.now()

    after = clock.advance(3600)

    assert after - before >= timedelta(seconds=3600)
    assert clock.offset_seconds == 3600
    with pytest.raises(ValueError, match="seconds: -1 is not between 0 and ten years"):
        clock.advance(-1)


def test_ssm_parameters_get_their_arn() -> None:
    arn = resource_of(
        "ssm:GetParameter",
        data={},
        body=b'{"Name": "/cdk-bootstrap/hnb659fds/version"}',
        region="eu-west-1",
        account_id="111111111111",
    )

    assert arn == "arn:aws:ssm:eu-west-1:111111111111:parameter/cdk-bootstrap/hnb659fds/version"
    assert resource_of("iam:ListRoles", data={}, body=b"", region="x", account_id="1") is None


def test_a_step_reports_what_the_issue_shows() -> None:
    step = Step(
        "t",
        allowed=False,
        expected=True,
        lines=(),
        api="AssumeRole",
        principal="p",
        target="r",
        why="because",
    )

    assert step.report() == {
        "api": "AssumeRole",
        "principal": "p",
        "target": "r",
        "expected": "allowed",
        "outcome": "denied",
        "why": "because",
    }
    assert not step.as_expected


class _Logged:
    """Stands in for the emulator: ``why_of`` reads only its decision log."""

    def __init__(self, *decisions: Decision) -> None:
        self._decisions = list(decisions)

    def decisions(self) -> list[Decision]:
        return self._decisions


@pytest.mark.parametrize(
    ("why", "notes", "expected"),
    [
        ("allowed by the resource policy", (), "allowed by the resource policy."),
        ("denied by an explicit Deny.", (), "denied by an explicit Deny."),
        ("allowed", ("no SCPs",), "allowed. [emulator: no SCPs]"),
    ],
)
def test_a_why_line_is_a_sentence_with_the_emulators_notes_after_it(
    why: str, notes: tuple[str, ...], expected: str
) -> None:
    log = _Logged(Decision("sts:AssumeRole", "arn:p", "arn:r", True, why, notes))

    assert why_of(log, "AssumeRole", "arn:r") == expected  # type: ignore[arg-type]
