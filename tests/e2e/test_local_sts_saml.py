"""The pytest plugin's SAML users (``LocalSts.saml``) against the deployed sandbox app.

The sandbox app trusts its SAML provider ``sample-idp`` in the role ``saml-console-access``;
the emulator's IdP signs each response with the certificate it put in place of the provider's.
"""

from __future__ import annotations

import pytest

from sts_constructs.emulator._app import AppDeployment, DeployedStack, _manifest, _resources
from sts_constructs.emulator._local_sts import LocalSts
from tests.e2e.sandbox import Sandbox

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def local(sandbox: Sandbox) -> LocalSts:
    """The sandbox deployment as the plugin's ``sts_emulator`` fixture would hand it out."""
    stacks = []
    for construct_id, artifact in _manifest(sandbox.assembly)["artifacts"].items():
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        properties = artifact.get("properties", {})
        name = properties.get("stackName") or construct_id
        stacks.append(
            DeployedStack(
                construct_id=construct_id,
                stack_name=name,
                account_id=sandbox.emulator.account_id,
                region=sandbox.emulator.region,
                outputs=sandbox.result.stacks.get(name, {}),
                resources=_resources(sandbox.assembly / properties.get("templateFile", "")),
            )
        )
    deployment = AppDeployment(sandbox.assembly, tuple(stacks), (sandbox.result,))
    return LocalSts(sandbox.emulator, deployment)


def test_a_user_of_the_trusted_saml_provider_gets_a_session(local: LocalSts) -> None:
    alice = local.saml("sample-idp", subject="alice")

    decision = alice.assume("saml-console-access")

    assert decision.allowed, decision.reason
    assert decision.role_arn.endswith(":role/saml-console-access")
    assert decision.session is not None
    identity = decision.session.client("sts").get_caller_identity()
    assert identity["Arn"].endswith(":assumed-role/saml-console-access/alice")


def test_a_saml_user_may_not_assume_a_role_that_trusts_no_saml_provider(local: LocalSts) -> None:
    alice = local.saml("sample-idp", subject="alice")

    decision = alice.assume("sandbox-s3-read")

    assert not decision.allowed
    assert decision.error_code == "AccessDenied"
    assert "sandbox-s3-read" in decision.role_arn
