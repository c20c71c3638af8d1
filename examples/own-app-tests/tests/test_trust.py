"""The app's trust, tested against the local STS: who may become which role.

The `sts_emulator` fixture (from sts-constructs[emulator]) synthesizes the app of cdk.json,
deploys it into the emulator once per session, and hands out principals. Roles are named by
their construct ID ("deploy" for AssumableRole(stack, "Deploy", ...)), IAM name or ARN.
"""

from sts_constructs.emulator.pytest_plugin import LocalSts


def test_ci_of_other_repos_cannot_deploy(sts_emulator: LocalSts) -> None:
    denied = sts_emulator.web_identity("github", sub="repo:octo-org/other:ref:refs/heads/main")
    assert not denied.can_assume("deploy")


def test_ci_of_main_deploys(sts_emulator: LocalSts) -> None:
    ci = sts_emulator.web_identity("github", repository="octo-org/app", ref="refs/heads/main")

    decision = ci.assume("deploy")

    assert decision.allowed, decision.reason
    assert decision.session is not None
    identity = decision.session.client("sts").get_caller_identity()
    assert ":assumed-role/" in identity["Arn"]


def test_ci_of_a_feature_branch_cannot_deploy(sts_emulator: LocalSts) -> None:
    feature = sts_emulator.web_identity(
        "github", repository="octo-org/app", ref="refs/heads/feature"
    )

    decision = feature.assume("deploy")

    assert not decision.allowed
    assert decision.error_code == "AccessDenied"


def test_alice_becomes_support_and_reads_the_deploy_role(sts_emulator: LocalSts) -> None:
    alice = sts_emulator.user("alice")

    support = alice.assume("support")

    assert support.allowed, support.reason
    assert support.session is not None
    deploy_arn = sts_emulator.role_arn("deploy")
    role = support.session.client("iam").get_role(RoleName=deploy_arn.rsplit("/", 1)[-1])
    assert role["Role"]["Arn"] == deploy_arn


def test_alice_cannot_deploy(sts_emulator: LocalSts) -> None:
    decision = sts_emulator.assume(sts_emulator.user("alice"), "deploy")

    assert not decision.allowed
    assert decision.error_code == "AccessDenied"
    assert decision.role_arn == sts_emulator.role_arn("deploy")
