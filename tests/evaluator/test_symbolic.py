"""Symbolic mode: which conditions must hold; and the package's cheap, safe surface."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

import sts_constructs.evaluator as evaluator
from sts_constructs.evaluator import Request, evaluate, evaluate_symbolic, managed

from .policies import allow, doc, trust, trusts

ALICE = "arn:aws:iam::111111111111:user/alice"
ROLE = "arn:aws:iam::111111111111:role/Target"


ACCOUNT = {"AWS": "111111111111"}
MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
GRANT = doc(allow("sts:AssumeRole", ROLE))


def test_open_conditions_come_back_as_requirements() -> None:
    access = evaluate_symbolic(
        Request("sts:AssumeRole", ROLE, ALICE, partial=True),
        resource=trust(
            ACCOUNT,
            Condition={
                "Bool": {"aws:MultiFactorAuthPresent": "true"},
                "StringEquals": {"sts:ExternalId": "x"},
            },
        ),
        identity=GRANT,
    )
    assert access.possible and not access.unconditional
    (alternative,) = access.alternatives
    assert sorted(str(c) for c in alternative.conditions) == [
        "Bool aws:MultiFactorAuthPresent ['true']",
        "StringEquals sts:ExternalId ['x']",
    ]


def test_principal_keys_are_decided_not_listed() -> None:
    keep = trust(ACCOUNT, Condition={"StringEquals": {"aws:PrincipalArn": ALICE}})
    access = evaluate_symbolic(
        Request("sts:AssumeRole", ROLE, ALICE, partial=True), resource=keep, identity=GRANT
    )
    assert access.unconditional
    bob = "arn:aws:iam::111111111111:user/bob"
    other = trust(ACCOUNT, Condition={"StringEquals": {"aws:PrincipalArn": bob}})
    denied = evaluate_symbolic(
        Request("sts:AssumeRole", ROLE, ALICE, partial=True), resource=other, identity=GRANT
    )
    assert not denied.possible
    assert denied.failed_conditions[0].term.key == "aws:PrincipalArn"


def test_given_keys_are_decided_in_symbolic_mode() -> None:
    policy = trust(ACCOUNT, Condition=MFA)
    request = Request(
        "sts:AssumeRole", ROLE, ALICE, {"aws:MultiFactorAuthPresent": False}, partial=True
    )
    assert not evaluate_symbolic(request, resource=policy, identity=GRANT).possible


def test_conditional_deny_is_reported_as_unless() -> None:
    insecure = {"Bool": {"aws:SecureTransport": "false"}}
    policy = doc(trusts({"AWS": ALICE}), trusts("*", Effect="Deny", Condition=insecure))
    access = evaluate_symbolic(
        Request("sts:AssumeRole", ROLE, ALICE, partial=True), resource=policy
    )
    assert access.possible and not access.unconditional
    assert [str(c) for c in access.unless[0].conditions] == ["Bool aws:SecureTransport ['false']"]


def test_alternatives_are_ored() -> None:
    policy = doc(
        trusts({"AWS": ALICE}, Condition={"StringEquals": {"sts:ExternalId": "a"}}),
        trusts({"AWS": ALICE}, Condition=MFA),
    )
    access = evaluate_symbolic(
        Request("sts:AssumeRole", ROLE, ALICE, partial=True), resource=policy
    )
    assert len(access.alternatives) == 2


def test_concrete_mode_says_when_keys_are_unknown() -> None:
    request = Request("sts:AssumeRole", ROLE, ALICE, partial=True)
    decision = evaluate(request, resource=trust(ACCOUNT, Condition=MFA), identity=GRANT)
    assert not decision.allowed
    assert "not decided: some condition keys are unknown" in decision.reason


def test_unknown_managed_policy_without_moto(monkeypatch: pytest.MonkeyPatch) -> None:
    managed._catalogue.cache_clear()
    monkeypatch.setattr(managed.importlib.util, "find_spec", lambda name: None)
    try:
        request = Request("s3:GetObject", "arn:aws:s3:::b/k", ALICE)
        decision = evaluate(request, identity="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
        assert not decision.allowed
        assert decision.notes == (
            "unknown managed policy 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' "
            "(install moto to read AWS managed policies)",
        )
    finally:
        managed._catalogue.cache_clear()


def test_unreadable_policies_are_noted_not_raised() -> None:
    request = Request("s3:GetObject", "arn:aws:s3:::b/k", ALICE)
    decision = evaluate(request, identity=["{not json", "not a policy !", 42])  # type: ignore[list-item]
    assert not decision.allowed
    assert decision.notes == (
        "identity[0]: not valid JSON",
        "identity[1]: 'not a policy !' is neither a policy document nor a policy ARN",
        "identity[2]: not a policy document",
    )


def test_importing_the_evaluator_is_cheap() -> None:
    code = (
        "import sys, sts_constructs.evaluator\n"
        "names = ('aws_cdk', 'boto3', 'botocore', 'moto', 'jsii')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_exported_names_are_sorted_and_exist() -> None:
    # One list (the package's TYPE_CHECKING imports), sorted by sts_constructs._lazy.
    names = evaluator.__all__
    assert names == sorted(names)
    for name in names:
        assert hasattr(evaluator, name), name


def test_decisions_name_the_statements() -> None:
    from sts_constructs.evaluator import decide_sts

    policy = trust({"AWS": ALICE}, Condition=MFA)
    policy["Statement"][0]["Sid"] = "People"  # type: ignore[index]
    denied = decide_sts("sts:AssumeRole", caller=ALICE, role_arn=ROLE, trust_policy=policy)
    assert str(denied.failed_conditions[0]) == (
        "trust policy statement 'People': Bool aws:MultiFactorAuthPresent ['true'] failed "
        "(request: absent)"
    )
    bucket = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}],
    }
    decision = evaluate(Request("s3:GetObject", "arn:aws:s3:::b/k", ALICE), resource=bucket)
    assert decision.reason == "explicitly denied by resource policy statement 0"
    identity = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}],
    }
    decision = evaluate(Request("s3:GetObject", "arn:aws:s3:::b/k", ALICE), identity=identity)
    assert decision.reason == "explicitly denied by identity policy 'identity[0]' statement 0"


@pytest.mark.parametrize("decide", [evaluate, evaluate_symbolic])
def test_fails_on_an_unknown_policy_keyword(decide: Any) -> None:
    with pytest.raises(
        TypeError, match=rf"^{decide.__name__}\(\) got an unexpected keyword argument 'identiy'$"
    ):
        decide(Request("s3:GetObject", "arn:aws:s3:::b/k", ALICE), identiy={})
