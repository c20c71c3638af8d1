"""The federation acts of the seeds' story: GitHub Actions through web identity, a SAML
sign-in, and a ``GetFederationToken`` broker. Re-exported by :mod:`.story`."""

from __future__ import annotations

import json
from typing import Any

from sts_constructs.emulator._process import Emulator, StaticCredentials
from sts_constructs.emulator.tokens import github_actions_claims
from sts_constructs.emulator.walkthrough import DEMO_KEY, Step, attempt, decided_step

__all__ = ["federation_token_steps", "saml_steps", "session_credentials", "web_identity_steps"]


def session_credentials(answer: dict[str, Any]) -> StaticCredentials:
    """Return the temporary credentials of an STS answer (``Credentials``)."""
    c = answer["Credentials"]
    return StaticCredentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])


def _sts_unsigned(emulator: Emulator) -> Any:
    """Return an STS client that signs nothing (web identity and SAML calls are unsigned)."""
    from botocore import UNSIGNED
    from botocore.config import Config

    return emulator.session().client("sts", config=Config(signature_version=UNSIGNED))


def _assumed(answer: Any, outcome: str) -> str:
    """Return ``outcome``, and the assumed role's session ARN when there is one."""
    return f"{outcome}, {answer['AssumedRoleUser']['Arn']}." if answer else f"{outcome}."


def web_identity_steps(
    emulator: Emulator,
    *,
    federation: dict[str, str],
    repository: str = "octo-org/sample-app",
    owner_id: int | None = 123456,
    repository_id: int | None = 456789,
) -> list[Step]:
    """A job of the trusted repository on main gets the deploy role; another repository not."""
    role_arn = federation["GithubDeploySampleAppRoleArn"]
    sts = _sts_unsigned(emulator)
    steps: list[Step] = []
    for name, ids, expected in (
        (repository, (owner_id, repository_id), True),
        ("octo-org/other-app", (owner_id, 999_999), False),
    ):
        claims = github_actions_claims(
            repository=name, owner_id=ids[0], repository_id=ids[1], ref="refs/heads/main"
        )
        allowed, answer, outcome = attempt(
            sts.assume_role_with_web_identity,
            RoleArn=role_arn,
            RoleSessionName="github-actions",
            WebIdentityToken=emulator.oidc_token(claims),
        )
        steps.append(
            decided_step(
                emulator,
                f"A GitHub Actions job of {name} (main) assumes the deploy role",
                allowed=allowed,
                expected=expected,
                lines=(
                    f"Token sub {claims['sub']!r}, aud {claims['aud']!r}, signed by the emulator.",
                    f"AssumeRoleWithWebIdentity {role_arn}: {_assumed(answer, outcome)}",
                ),
                api="AssumeRoleWithWebIdentity",
                principal=f"{federation['GithubOidcProviderArn']} sub {claims['sub']}",
                target=role_arn,
            )
        )
    return steps


def saml_steps(emulator: Emulator, *, federation: dict[str, str]) -> list[Step]:
    """A user of the sample IdP signs in through AssumeRoleWithSAML."""
    role_arn = federation["SamlConsoleAccessRoleArn"]
    provider_arn = federation["SampleIdpSamlProviderArn"]
    response = emulator.saml_response(
        provider_arn=provider_arn, role_arn=role_arn, subject="alice", session_name="alice"
    )
    allowed, answer, outcome = attempt(
        _sts_unsigned(emulator).assume_role_with_saml,
        RoleArn=role_arn,
        PrincipalArn=provider_arn,
        SAMLAssertion=response,
    )
    return [
        decided_step(
            emulator,
            "alice of the sample IdP signs in through AssumeRoleWithSAML",
            allowed=allowed,
            expected=True,
            lines=(
                "The emulator's IdP signed a SAML response for alice (Audience and Recipient "
                "https://signin.aws.amazon.com/saml, Role attribute naming the role and provider).",
                f"AssumeRoleWithSAML {role_arn}: {_assumed(answer, outcome)}",
            ),
            api="AssumeRoleWithSAML",
            principal=f"{provider_arn} sub alice",
            target=role_arn,
        )
    ]


def federation_token_steps(
    emulator: Emulator, *, broker: StaticCredentials, prefix: str, bucket: str
) -> list[Step]:
    """The deployed broker hands federated user ``<prefix>alice`` credentials scoped to reading
    the bucket; a name outside ``prefix`` is denied.

    ``broker`` is the access key of a broker the app deployed (``federation.brokers``), and
    ``prefix`` its ``federated_user_prefix``.
    """
    person = f"{prefix}alice"
    outsider = next(name for name in ("admin-bob", "bob") if not name.startswith(prefix))
    broker_sts = emulator.client("sts", credentials=broker)
    broker_arn = broker_sts.get_caller_identity()["Arn"]
    account = broker_arn.split(":")[4]
    scope = json.dumps(
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
    steps: list[Step] = []
    federated = None
    for name, expected, title in (
        (person, True, f"The broker gets credentials for federated user {person}"),
        (outsider, False, f"The broker asks for {outsider}, a name outside its prefix {prefix!r}"),
    ):
        allowed, answer, outcome = attempt(
            broker_sts.get_federation_token, Name=name, Policy=scope, DurationSeconds=900
        )
        federated = federated or answer
        steps.append(
            decided_step(
                emulator,
                title,
                allowed=allowed,
                expected=expected,
                lines=(
                    f"GetFederationToken Name={name}, session policy: s3:GetObject on "
                    f"{bucket}/*: {outcome}"
                    + (f", {answer['FederatedUser']['Arn']}." if answer else "."),
                ),
                api="GetFederationToken",
                principal=broker_arn,
                target=f"arn:aws:sts::{account}:federated-user/{name}",
            )
        )
    if federated:
        s3 = emulator.client("s3", credentials=session_credentials(federated))
        for api, action, resource, call, arguments, expected in (
            (
                "GetObject",
                "s3:GetObject",
                f"arn:aws:s3:::{bucket}/{DEMO_KEY}",
                s3.get_object,
                {"Bucket": bucket, "Key": DEMO_KEY},
                True,
            ),
            (
                "ListObjectsV2",
                "s3:ListBucket",
                f"arn:aws:s3:::{bucket}",
                s3.list_objects_v2,
                {"Bucket": bucket},
                False,
            ),
        ):
            allowed, _, outcome = attempt(call, **arguments)
            steps.insert(
                -1,
                decided_step(
                    emulator,
                    f"{person} calls {api} on the bucket",
                    allowed=allowed,
                    expected=expected,
                    lines=(f"{api} s3://{bucket}: {outcome}.",),
                    api=api,
                    principal=f"arn:aws:sts::{account}:federated-user/{person}",
                    target=resource,
                    action=action,
                    decided_by=f"federated-user/{person}",
                ),
            )
    return steps
