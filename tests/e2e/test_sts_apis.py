"""Every STS API of the emulator, each with an allowed and a denied case, under enforcement.

The decisions come from the project's evaluator; these tests check that the emulator asks it
with the right facts (tokens, assertions, MFA, tags, durations, chaining, expiry) and answers
with STS's error codes. One emulator for the session (tests/e2e/conftest.py).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import botocore.session
import pytest
from botocore import UNSIGNED, xform_name
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from sts_constructs.emulator import Emulator, StaticCredentials
from sts_constructs.emulator._sts.unsupported import IMPLEMENTED_APIS
from sts_constructs.emulator.story import enrol_mfa_device
from sts_constructs.emulator.tokens import github_actions_claims
from sts_constructs.emulator.walkthrough import read_access_key
from tests.e2e.instances import imds, imds_read, role_credentials
from tests.e2e.sandbox import Sandbox

pytestmark = pytest.mark.e2e

ACCOUNT = "123456789012"
USER = f"arn:aws:iam::{ACCOUNT}:user/api-tester"


@dataclass(frozen=True)
class Setup:
    """Roles and a user the tests below assume with, created by the admin."""

    emulator: Emulator
    user: StaticCredentials
    mfa_serial: str
    mfa_seed: str


def _trust(statement: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _credentials(answer: dict[str, Any]) -> StaticCredentials:
    c = answer["Credentials"]
    return StaticCredentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])


@pytest.fixture(scope="module")
def setup(sandbox: Sandbox) -> Iterator[Setup]:
    emulator = sandbox.emulator
    iam = emulator.client("iam")
    iam.create_user(UserName="api-tester")
    iam.put_user_policy(
        UserName="api-tester",
        PolicyName="assume-test-roles",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["sts:AssumeRole", "sts:TagSession"],
                        "Resource": f"arn:aws:iam::{ACCOUNT}:role/api-*",
                    }
                ],
            }
        ),
    )
    roles = {
        "api-external-id": {"StringEquals": {"sts:ExternalId": "partner-7"}},
        "api-tagged": {"StringEquals": {"aws:RequestTag/team": "blue"}},
        "api-mfa": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        "api-first": None,
    }
    for name, condition in roles.items():
        statement: dict[str, Any] = {
            "Effect": "Allow",
            "Principal": {"AWS": USER},
            "Action": ["sts:AssumeRole", "sts:TagSession"],
        }
        if condition:
            statement["Condition"] = condition
        iam.create_role(
            RoleName=name, AssumeRolePolicyDocument=_trust(statement), MaxSessionDuration=43200
        )
    iam.put_role_policy(
        RoleName="api-first",
        PolicyName="chain",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
            }
        ),
    )
    iam.create_role(
        RoleName="api-second",
        AssumeRolePolicyDocument=_trust(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/api-first"},
                "Action": "sts:AssumeRole",
            }
        ),
        MaxSessionDuration=43200,
    )
    serial, seed = enrol_mfa_device(emulator, iam, "api-tester")
    key = iam.create_access_key(UserName="api-tester")["AccessKey"]
    yield Setup(
        emulator, StaticCredentials(key["AccessKeyId"], key["SecretAccessKey"]), serial, seed
    )


def _sts(setup: Setup, credentials: StaticCredentials | None = None) -> Any:
    return setup.emulator.client("sts", credentials=credentials or setup.user)


def _unsigned(emulator: Emulator) -> Any:
    return emulator.session().client("sts", config=Config(signature_version=UNSIGNED))


def _role(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{name}"


# ------------------------------------------------------------------------------ AssumeRole


def test_assume_role_with_the_right_external_id_is_allowed(setup: Setup) -> None:
    answer = _sts(setup).assume_role(
        RoleArn=_role("api-external-id"), RoleSessionName="ses", ExternalId="partner-7"
    )

    assert answer["AssumedRoleUser"]["Arn"].endswith("assumed-role/api-external-id/ses")


def test_assume_role_with_a_wrong_external_id_is_denied(setup: Setup) -> None:
    with pytest.raises(ClientError, match="AccessDenied") as raised:
        _sts(setup).assume_role(
            RoleArn=_role("api-external-id"), RoleSessionName="ses", ExternalId="partner-8"
        )

    assert "sts:ExternalId" in str(raised.value)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_a_tagged_session_is_allowed_and_an_untagged_one_denied(setup: Setup) -> None:
    tagged = _sts(setup).assume_role(
        RoleArn=_role("api-tagged"), RoleSessionName="ses", Tags=[{"Key": "team", "Value": "blue"}]
    )
    with pytest.raises(ClientError, match="AccessDenied"):
        _sts(setup).assume_role(RoleArn=_role("api-tagged"), RoleSessionName="ses")

    assert tagged["PackedPolicySize"] >= 0


def test_a_duration_over_the_roles_maximum_is_refused(sandbox: Sandbox) -> None:
    role = sandbox.outputs["SandboxS3ReadRoleArn"]  # MaxSessionDuration 1 hour
    sts = sandbox.emulator.client("sts", credentials=sandbox.user)

    allowed = sts.assume_role(RoleArn=role, RoleSessionName="ses", DurationSeconds=3600)
    with pytest.raises(ClientError, match="ValidationError") as raised:
        sts.assume_role(RoleArn=role, RoleSessionName="ses", DurationSeconds=7200)

    assert allowed["Credentials"]["AccessKeyId"].startswith("ASIA")
    assert "7200" in str(raised.value)


def test_a_chained_session_is_capped_at_one_hour(setup: Setup) -> None:
    first = _credentials(
        _sts(setup).assume_role(RoleArn=_role("api-first"), RoleSessionName="first")
    )
    chained = _sts(setup, first)

    allowed = chained.assume_role(
        RoleArn=_role("api-second"), RoleSessionName="second", DurationSeconds=3600
    )
    with pytest.raises(ClientError, match="ValidationError") as raised:
        chained.assume_role(
            RoleArn=_role("api-second"), RoleSessionName="second", DurationSeconds=7200
        )

    assert allowed["AssumedRoleUser"]["Arn"].endswith("api-second/second")
    assert "chaining" in str(raised.value)


def test_mfa_required_by_the_trust_denies_without_and_allows_with_a_code(setup: Setup) -> None:
    with pytest.raises(ClientError, match="AccessDenied") as raised:
        _sts(setup).assume_role(RoleArn=_role("api-mfa"), RoleSessionName="ses")
    allowed = _sts(setup).assume_role(
        RoleArn=_role("api-mfa"),
        RoleSessionName="ses",
        SerialNumber=setup.mfa_serial,
        TokenCode=setup.emulator.mfa_code(setup.mfa_seed),
    )

    assert "MultiFactorAuthPresent" in str(raised.value)
    assert allowed["AssumedRoleUser"]["Arn"].endswith("api-mfa/ses")


def test_a_wrong_mfa_code_is_denied(setup: Setup) -> None:
    code = setup.emulator.mfa_code(setup.mfa_seed)
    wrong = f"{(int(code) + 500_000) % 1_000_000:06d}"

    with pytest.raises(ClientError, match="AccessDenied") as raised:
        _sts(setup).assume_role(
            RoleArn=_role("api-mfa"),
            RoleSessionName="ses",
            SerialNumber=setup.mfa_serial,
            TokenCode=wrong,
        )

    assert "invalid MFA one time pass code" in str(raised.value)


# ------------------------------------------------------------------------- GetSessionToken


def test_get_session_token_with_mfa_carries_mfa_to_assume_role(setup: Setup) -> None:
    session = _credentials(
        _sts(setup).get_session_token(
            SerialNumber=setup.mfa_serial, TokenCode=setup.emulator.mfa_code(setup.mfa_seed)
        )
    )

    answer = _sts(setup, session).assume_role(RoleArn=_role("api-mfa"), RoleSessionName="ses")

    assert answer["AssumedRoleUser"]["Arn"].endswith("api-mfa/ses")


def test_assume_role_with_get_session_token_credentials_is_capped_at_one_hour(
    setup: Setup,
) -> None:
    # https://repost.aws/knowledge-center/iam-role-chaining-limit: MFA users of the CLI
    # assume roles with GetSessionToken credentials, "limited to 1 hour".
    session = _sts(setup, _credentials(_sts(setup).get_session_token()))

    allowed = session.assume_role(
        RoleArn=_role("api-first"), RoleSessionName="hour", DurationSeconds=3600
    )
    with pytest.raises(ClientError, match="ValidationError") as raised:
        session.assume_role(RoleArn=_role("api-first"), RoleSessionName="two", DurationSeconds=7200)

    assert allowed["AssumedRoleUser"]["Arn"].endswith("api-first/hour")
    assert "1 hour" in str(raised.value)


def test_get_session_token_without_mfa_may_not_call_iam(setup: Setup) -> None:
    session = _credentials(_sts(setup).get_session_token())

    with pytest.raises(ClientError, match="AccessDenied") as raised:
        setup.emulator.client("iam", credentials=session).list_roles()

    assert "without MFA may not call IAM" in str(raised.value)


# ------------------------------------------------------------- AssumeRoleWithWebIdentity


def _github_token(emulator: Emulator, **changes: Any) -> str:
    claims = github_actions_claims(
        repository="octo-org/sample-app", owner_id=123456, repository_id=456789
    )
    claims.update(changes)
    return emulator.oidc_token(claims)


def _web_identity(sandbox: Sandbox, federation: dict[str, str], token: str) -> Any:
    return _unsigned(sandbox.emulator).assume_role_with_web_identity(
        RoleArn=federation["GithubDeploySampleAppRoleArn"],
        RoleSessionName="ci",
        WebIdentityToken=token,
    )


@pytest.fixture(scope="module")
def federation(sandbox: Sandbox) -> dict[str, str]:
    return sandbox.result.stacks["sts-sandbox-federation"]


@pytest.mark.parametrize(
    ("changes", "code", "says"),
    [
        ({"sub": "repo:octo-org@123456/other@1:ref:refs/heads/main"}, "AccessDenied", ":sub"),
        ({"aud": "https://example.com"}, "InvalidIdentityToken", "Incorrect token audience"),
        ({"exp": 1_000_000_000}, "ExpiredTokenException", "Token expired"),
        ({"nbf": 4_000_000_000}, "InvalidIdentityToken", "not valid before"),
        ({"iss": "https://gitlab.com"}, "InvalidIdentityToken", "No OpenIDConnect provider"),
    ],
    ids=["wrong-sub", "wrong-audience", "expired", "not-yet-valid", "unknown-issuer"],
)
def test_a_token_is_refused_with_stss_error(
    sandbox: Sandbox, federation: dict[str, str], changes: dict[str, Any], code: str, says: str
) -> None:
    with pytest.raises(ClientError, match=code) as raised:
        _web_identity(sandbox, federation, _github_token(sandbox.emulator, **changes))

    assert says in str(raised.value)


def test_a_token_with_a_bad_signature_is_refused(
    sandbox: Sandbox, federation: dict[str, str]
) -> None:
    header, payload, signature = _github_token(sandbox.emulator).split(".")
    forged = base64.urlsafe_b64decode(payload + "==").replace(b"sample-app", b"sample-apX")
    token = ".".join([header, base64.urlsafe_b64encode(forged).decode().rstrip("="), signature])

    with pytest.raises(ClientError, match="InvalidIdentityToken") as raised:
        _web_identity(sandbox, federation, token)

    assert "signature" in str(raised.value)


def test_the_issuer_serves_discovery_and_keys(sandbox: Sandbox) -> None:
    url = sandbox.emulator.oidc_discovery_url("https://token.actions.githubusercontent.com")
    with urllib.request.urlopen(url, timeout=10) as response:
        discovery = json.loads(response.read())
    with urllib.request.urlopen(discovery["jwks_uri"], timeout=10) as response:
        keys = json.loads(response.read())["keys"]

    assert discovery["issuer"] == "https://token.actions.githubusercontent.com"
    assert [k["kty"] for k in keys] == ["RSA"]
    assert "d" not in keys[0]  # the public key only


# -------------------------------------------------------------------- AssumeRoleWithSAML


def _saml(sandbox: Sandbox, federation: dict[str, str], response: str) -> Any:
    return _unsigned(sandbox.emulator).assume_role_with_saml(
        RoleArn=federation["SamlConsoleAccessRoleArn"],
        PrincipalArn=federation["SampleIdpSamlProviderArn"],
        SAMLAssertion=response,
    )


def _response(sandbox: Sandbox, federation: dict[str, str], **options: Any) -> str:
    return sandbox.emulator.saml_response(
        provider_arn=federation["SampleIdpSamlProviderArn"],
        role_arn=options.pop("role_arn", federation["SamlConsoleAccessRoleArn"]),
        subject="alice",
        session_name="alice",
        **options,
    )


def _sign_in(kind: str, sandbox: Sandbox, federation: dict[str, str]) -> Any:
    """Sign in with a valid token (GitHub Actions on main) or assertion (alice of the IdP)."""
    if kind == "web-identity":
        return _web_identity(sandbox, federation, _github_token(sandbox.emulator))
    return _saml(sandbox, federation, _response(sandbox, federation))


@pytest.mark.parametrize(
    ("kind", "session", "expected"),
    [
        (
            "web-identity",
            "github-deploy-sample-app/ci",
            {
                "Provider": "token.actions.githubusercontent.com",
                "SubjectFromWebIdentityToken": "repo:octo-org@123456/sample-app@456789:ref:"
                "refs/heads/main",
            },
        ),
        ("saml", "saml-console-access/alice", {"Issuer": "https://idp.example.com/saml/metadata"}),
    ],
)
def test_a_token_or_assertion_of_what_the_trust_names_is_allowed(
    kind: str,
    session: str,
    expected: dict[str, str],
    sandbox: Sandbox,
    federation: dict[str, str],
) -> None:
    answer = _sign_in(kind, sandbox, federation)

    assert answer["AssumedRoleUser"]["Arn"].endswith(f"assumed-role/{session}")
    assert {key: answer[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("options", "code", "says"),
    [
        ({"audience": "https://evil.example.com/saml"}, "InvalidIdentityToken", "Audience"),
        ({"recipient": "https://evil.example.com/saml"}, "InvalidIdentityToken", "Recipient"),
        ({"lifetime_seconds": 0}, "ExpiredTokenException", "expired"),
        ({"issuer": "https://other-idp.example.com"}, "InvalidIdentityToken", "entityID"),
        (
            {"role_arn": f"arn:aws:iam::{ACCOUNT}:role/sandbox-s3-read"},
            "AccessDenied",
            "does not offer",
        ),
    ],
    ids=["wrong-audience", "wrong-recipient", "expired", "other-issuer", "role-not-offered"],
)
def test_an_assertion_is_refused_with_stss_error(
    sandbox: Sandbox, federation: dict[str, str], options: dict[str, Any], code: str, says: str
) -> None:
    with pytest.raises(ClientError, match=code) as raised:
        _saml(sandbox, federation, _response(sandbox, federation, **options))

    assert says in str(raised.value)


def test_an_assertion_with_a_bad_signature_is_refused(
    sandbox: Sandbox, federation: dict[str, str]
) -> None:
    document = base64.b64decode(_response(sandbox, federation))
    forged = base64.b64encode(document.replace(b">alice<", b">mallory<")).decode()

    with pytest.raises(ClientError, match="InvalidIdentityToken") as raised:
        _saml(sandbox, federation, forged)

    assert "signature" in str(raised.value)


# --------------------------------------------------------------------- GetFederationToken


@pytest.fixture(scope="module")
def broker(sandbox: Sandbox, federation: dict[str, str]) -> StaticCredentials:
    """The broker config/sandbox.yaml deploys: federated users portal-*, S3 read ceiling."""
    return read_access_key(sandbox.emulator, federation["SandboxBrokerAccessKeySecretArn"])


def _scope(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


def test_a_federated_user_gets_the_intersection_of_broker_and_session_policy(
    sandbox: Sandbox, broker: StaticCredentials
) -> None:
    bucket = sandbox.outputs["SandboxBucketName"]
    emulator = sandbox.emulator
    emulator.client("s3").put_object(Bucket=bucket, Key="api.txt", Body=b"api")
    answer = emulator.client("sts", credentials=broker).get_federation_token(
        Name="portal-api-alice", Policy=_scope(bucket)
    )
    s3 = emulator.client("s3", credentials=_credentials(answer))

    body = s3.get_object(Bucket=bucket, Key="api.txt")["Body"].read()
    with pytest.raises(ClientError, match="AccessDenied"):
        s3.list_objects_v2(Bucket=bucket)  # the broker may; the session policy does not
    identity = emulator.client("sts", credentials=_credentials(answer)).get_caller_identity()

    assert body == b"api"
    assert identity["Arn"] == f"arn:aws:sts::{ACCOUNT}:federated-user/portal-api-alice"


def test_a_federated_user_without_a_session_policy_has_no_permissions(
    sandbox: Sandbox, broker: StaticCredentials
) -> None:
    emulator = sandbox.emulator
    answer = emulator.client("sts", credentials=broker).get_federation_token(Name="portal-api-bob")

    with pytest.raises(ClientError, match="AccessDenied"):
        emulator.client("s3", credentials=_credentials(answer)).list_buckets()


def test_the_broker_is_denied_a_name_outside_its_prefix(
    sandbox: Sandbox, broker: StaticCredentials
) -> None:
    with pytest.raises(ClientError, match="AccessDenied"):
        sandbox.emulator.client("sts", credentials=broker).get_federation_token(Name="admin-eve")


def test_get_federation_token_refuses_session_credentials(setup: Setup) -> None:
    session = _credentials(
        _sts(setup).assume_role(RoleArn=_role("api-first"), RoleSessionName="first")
    )

    with pytest.raises(ClientError, match="AccessDenied") as raised:
        _sts(setup, session).get_federation_token(Name="api-x")

    assert "long-term access key" in str(raised.value)


# ------------------------------------------------------------------ instance credentials


def test_the_instance_metadata_service_serves_the_profiles_role(sandbox: Sandbox) -> None:
    instance = sandbox.emulator.launch_instance(sandbox.outputs["SandboxAppInstanceProfileName"])
    base = instance.metadata_endpoint
    role = imds_read(base, "iam/security-credentials/")
    document = role_credentials(base, role)
    credentials = StaticCredentials(
        document["AccessKeyId"], document["SecretAccessKey"], document["Token"]
    )
    arn = sandbox.emulator.client("sts", credentials=credentials).get_caller_identity()["Arn"]

    assert role == "sandbox-app"
    assert document["Code"] == "Success"
    assert arn == f"arn:aws:sts::{ACCOUNT}:assumed-role/sandbox-app/{instance.instance_id}"


def test_the_instance_metadata_service_needs_a_token(sandbox: Sandbox) -> None:
    instance = sandbox.emulator.launch_instance(sandbox.outputs["SandboxAppInstanceProfileName"])

    with pytest.raises(urllib.error.HTTPError) as raised:
        imds(instance.metadata_endpoint + "latest/meta-data/iam/security-credentials/")

    assert raised.value.code == 401


def test_a_profile_whose_role_does_not_trust_ec2_gets_no_credentials(sandbox: Sandbox) -> None:
    iam = sandbox.emulator.client("iam")
    iam.create_role(
        RoleName="api-not-ec2",
        AssumeRolePolicyDocument=_trust(
            {"Effect": "Allow", "Principal": {"AWS": USER}, "Action": "sts:AssumeRole"}
        ),
    )
    iam.create_instance_profile(InstanceProfileName="api-not-ec2")
    iam.add_role_to_instance_profile(InstanceProfileName="api-not-ec2", RoleName="api-not-ec2")
    base = sandbox.emulator.launch_instance("api-not-ec2").metadata_endpoint

    document = role_credentials(base, "api-not-ec2")

    assert document["Code"] == "AssumeRoleUnauthorizedAccess"


# ---------------------------------------------------------------------------------- expiry


def test_expired_credentials_get_expired_token(sandbox: Sandbox) -> None:
    emulator = sandbox.emulator
    answer = emulator.client("sts", credentials=sandbox.user).assume_role(
        RoleArn=sandbox.outputs["SandboxS3ReadRoleArn"],
        RoleSessionName="short",
        DurationSeconds=900,
    )
    s3 = emulator.client("s3", credentials=_credentials(answer))
    bucket = sandbox.outputs["SandboxBucketName"]

    s3.list_objects_v2(Bucket=bucket)
    emulator.advance_clock(901)
    with pytest.raises(ClientError, match="ExpiredToken"):
        s3.list_objects_v2(Bucket=bucket)


# ---------------------------------------------------------- actions the emulator lacks

# STS's operations in botocore's model that the emulator does not implement.
UNSUPPORTED = sorted(
    set(botocore.session.get_session().get_service_model("sts").operation_names) - IMPLEMENTED_APIS
)


def test_the_actions_the_docs_name_are_among_the_unsupported() -> None:
    named = {"AssumeRoot", "GetWebIdentityToken", "GetDelegatedAccessToken"}

    assert named | {"DecodeAuthorizationMessage"} <= set(UNSUPPORTED)


@pytest.mark.parametrize("action", UNSUPPORTED)
def test_an_action_the_emulator_lacks_is_an_invalid_action(sandbox: Sandbox, action: str) -> None:
    sts = sandbox.emulator.session(credentials=sandbox.user).client(
        "sts", config=Config(parameter_validation=False)
    )

    with pytest.raises(ClientError) as raised:
        getattr(sts, xform_name(action))()

    error = raised.value.response["Error"]
    assert error["Code"] == "InvalidAction"
    assert error["Message"].startswith(
        f"{action}: the sts-constructs emulator does not implement this STS action yet"
    )
    assert error["Message"].endswith("see docs/EMULATOR.md)")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_an_action_sts_does_not_have_is_an_invalid_action(sandbox: Sandbox) -> None:
    signed = AWSRequest(
        "POST",
        sandbox.emulator.endpoint_url,
        data=b"Action=Frobnicate&Version=2011-06-15",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    key = sandbox.user
    SigV4Auth(Credentials(key.access_key_id, key.secret_access_key), "sts", "us-east-1").add_auth(
        signed
    )
    request = urllib.request.Request(
        signed.url, data=signed.body, headers=dict(signed.headers.items())
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)

    body = raised.value.read().decode()
    assert raised.value.code == 400
    assert "<Code>InvalidAction</Code>" in body
    assert "Frobnicate: the sts-constructs emulator does not implement" in body
