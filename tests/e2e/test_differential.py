"""The emulator and ``explain`` give one answer: for every role of the deployed sandbox app and
every principal the emulator can act as, the emulator's decision equals explain's.

Principals: the config's IAM user (its access key), the OIDC provider (a token of the
trusted repository), the SAML provider (a response of the emulator's IdP) and EC2 (an
instance of a profile holding the role). Both sides ask the one evaluator; this test checks
that the facts the emulator gathers at run time are the ones explain reads from the templates.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from botocore import UNSIGNED
from botocore.config import Config

from sts_constructs.analysis import load_model
from sts_constructs.analysis._explain import explain
from sts_constructs.emulator.story import attempt
from sts_constructs.emulator.tokens import github_actions_claims
from sts_constructs.emulator.walkthrough import access_key_secrets, read_access_key
from tests.e2e.sandbox import Sandbox

pytestmark = pytest.mark.e2e

ACCOUNT = "123456789012"
PRINCIPAL_KINDS = ("user", "oidc-provider", "saml-provider", "service")


def _deployed(arn: str) -> str:
    """Return the deployed ARN of a model ARN (synthesized without an account)."""
    parts = arn.split(":")
    return ":".join([*parts[:4], ACCOUNT, *parts[5:]]) if len(parts) > 5 else arn


def _imds(url: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> str:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(response.read().decode())


def _emulator_allows(sandbox: Sandbox, principal: Any, role_arn: str, role_name: str) -> bool:
    emulator = sandbox.emulator
    unsigned = emulator.session().client("sts", config=Config(signature_version=UNSIGNED))
    if principal.kind == "user":
        secrets: dict[str, str] = {}
        for outputs in sandbox.result.stacks.values():
            secrets.update(access_key_secrets(outputs))
        user = read_access_key(emulator, secrets[str(principal.name)])
        sts = emulator.client("sts", credentials=user)
        return attempt(sts.assume_role, RoleArn=role_arn, RoleSessionName="diff")[0]
    if principal.kind == "oidc-provider":
        claims = github_actions_claims(
            repository="octo-org/sample-app", owner_id=123456, repository_id=456789
        )
        return attempt(
            unsigned.assume_role_with_web_identity,
            RoleArn=role_arn,
            RoleSessionName="diff",
            WebIdentityToken=emulator.oidc_token(claims),
        )[0]
    if principal.kind == "saml-provider":
        provider = _deployed(principal.id)
        response = emulator.saml_response(
            provider_arn=provider, role_arn=role_arn, subject="alice", session_name="alice"
        )
        return attempt(
            unsigned.assume_role_with_saml,
            RoleArn=role_arn,
            PrincipalArn=provider,
            SAMLAssertion=response,
        )[0]
    # EC2: an instance of a profile that holds the role (one is made when none is deployed).
    iam = emulator.client("iam")
    profiles = iam.list_instance_profiles_for_role(RoleName=role_name)["InstanceProfiles"]
    if profiles:
        profile = profiles[0]["InstanceProfileName"]
    else:
        profile = f"diff-{role_name}"[:64]
        iam.create_instance_profile(InstanceProfileName=profile)
        iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role_name)
    base = emulator.launch_instance(profile).metadata_endpoint
    token = _imds(
        base + "latest/api/token",
        method="PUT",
        headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"},
    )
    document = json.loads(
        _imds(
            base + f"latest/meta-data/iam/security-credentials/{role_name}",
            headers={"X-aws-ec2-metadata-token": token},
        )
    )
    return bool(document["Code"] == "Success")


def test_every_role_and_principal_gets_explains_answer(sandbox: Sandbox) -> None:
    model = load_model([str(sandbox.assembly)])
    roles = [n for n in model.nodes.values() if n.kind == "role"]
    principals = [n for n in model.nodes.values() if n.kind in PRINCIPAL_KINDS]
    compared: list[tuple[str, str, bool]] = []
    differences = []
    for role in roles:
        for principal in principals:
            expected = bool(explain(model, role.id, principal.id)["allowed"])
            actual = _emulator_allows(sandbox, principal, _deployed(role.id), str(role.name))
            compared.append((principal.id, role.id, expected))
            if actual != expected:
                differences.append((principal.id, role.id, expected, actual))

    assert differences == []
    assert len(compared) == len(roles) * len(principals) >= 16
    assert sum(allowed for *_, allowed in compared) == 4  # one way in per role
