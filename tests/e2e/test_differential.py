"""The emulator and ``explain`` give one answer: for every role of every shipped config and of
every example that deploys into the emulator, and every principal the emulator can act as, the
emulator's decision equals explain's.

Principals (tests/e2e/differential.py): IAM users (a key of their own, an MFA session where the
trust asks for one), members of groups, principals of an account (the role its
``aws:PrincipalArn`` names), holders of OIDC tokens and SAML assertions (claims and attributes
from the trust's conditions), and EC2 (an instance of a profile holding the role). Both sides
ask the one evaluator; this test checks that the facts the emulator gathers at run time are
the ones explain reads from the templates. Each app is synthesized and deployed once: the
configs into the session's emulator (tests/e2e/conftest.py), each example into an emulator
of its own (examples share issuers and account IDs).
"""

from __future__ import annotations

import pytest

from sts_constructs.analysis import load_model
from sts_constructs.emulator import Emulator
from sts_constructs.emulator._app import deploy_app
from tests.e2e.differential import ACTED, EC2, NOT_ACTED, Actor, Pair
from tests.e2e.multi_account import MultiAccount
from tests.e2e.sandbox import ROOT, Sandbox, tool_path
from tests.examples.test_examples import Examples

pytestmark = pytest.mark.e2e

EXAMPLES = sorted(
    folder.name
    for folder in (ROOT / "examples").iterdir()
    if (folder / "config.yaml").is_file() or (folder / "app.py").is_file()
)
# A project of its own, with its own tests against the emulator (tests/emulator/).
EXAMPLES.remove("own-app-tests")
# What an example's README says exists before it deploys: made first, as the demo makes the
# existing role a config grants.
EXISTING = {
    "cross-account-first-party": (
        "arn:aws:iam::222222222222:policy/prod-deploy",
        "arn:aws:iam::111111111111:role/ci/ci-deployer",
    ),
}
# Where the emulator decides differently from AWS (docs/EMULATOR.md): strict, so the test
# says when the emulator is fixed.
DIFFERS: dict[str, str] = {}


def _assert_same(actor: Actor) -> list[Pair]:
    """Compare every deployed role with every principal; return the pairs compared."""
    roles, missing = actor.deployed_roles()
    pairs = actor.compare(roles)
    differences = [pair for pair in pairs if pair.explained != pair.emulated]
    assert differences == [], f"not deployed: {missing}"
    return pairs


def test_the_sandbox_config_gets_explains_answer(sandbox: Sandbox) -> None:
    actor = Actor(
        sandbox.emulator, load_model([str(sandbox.assembly)]), sandbox.emulator.account_id
    )

    pairs = _assert_same(actor)

    # 4 roles x (sts-user and the broker, a member of each one's group, GitHub's provider,
    # the SAML provider, EC2)
    assert len(pairs) == 28
    assert sum(pair.explained for pair in pairs) == 4  # one way in per role


def test_the_multi_account_config_gets_explains_answer(
    sandbox: Sandbox, multi_account: MultiAccount
) -> None:
    model = load_model([str(multi_account.assembly)])
    actor = Actor(sandbox.emulator, model, sandbox.emulator.account_id)

    pairs = _assert_same(actor)

    assert {p.principal.split(":")[-1] for p in pairs if p.explained} >= {"root"}
    assert sum(pair.explained for pair in pairs) >= 2


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Examples:
    """Each example synthesized on first use, once per session, as tests/examples builds it."""
    return Examples(tmp_path_factory)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=DIFFERS[name])] if name in DIFFERS else [],
        )
        for name in EXAMPLES
    ],
)
def test_every_example_gets_explains_answer(
    examples: Examples, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = examples[name]
    assert built.error is None, built.error
    assembly = built.template_paths[0].parent
    model = load_model([str(assembly)])
    kinds = {node.kind for node in model.nodes.values()}
    services = {node.id for node in model.nodes.values() if node.kind == "service"}
    acted = [n for n in model.nodes.values() if n.kind in ACTED and n.kind != "service"]
    if "role" not in kinds or kinds == {"role"}:
        pytest.skip(f"nothing to compare: the model holds {sorted(kinds)}")
    if not acted and EC2 not in services:
        others = sorted(NOT_ACTED.get(k, k) for k in kinds - {"role", "service"})
        pytest.skip(
            f"no principal the emulator can act as: services {sorted(services)} (it "
            f"plays EC2 only), {others}"
        )
    monkeypatch.setenv("PATH", tool_path())
    with Emulator() as emulator:
        actor = Actor(emulator, model, emulator.account_id)
        for arn in EXISTING.get(name, ()):
            actor.create_existing(arn)
        deploy_app(emulator, assembly=assembly)
        actor.hold_organization()
        roles, missing = actor.deployed_roles()
        if not roles:
            pytest.skip(f"the emulator holds none of the roles {missing} (StackSet: no model)")

        pairs = _assert_same(actor)

    assert pairs != []
