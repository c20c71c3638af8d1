"""CombinedTrust: one role for the same workload of several clusters or issuers."""

from __future__ import annotations

import re

import pytest
from aws_cdk import Stack

from sts_constructs import AssumableRole, CombinedTrust
from sts_constructs.checks import assert_no_sts_findings
from sts_constructs.federation import EksServiceAccount, EksServiceAccountTrust, OidcProvider
from tests.support import nag_findings

EU = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
# A cluster of another account: its issuer gets a provider in the role's account.
US = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
API = [EksServiceAccount(namespace="payments", name="api")]


def cluster(issuer: str) -> EksServiceAccountTrust:
    return EksServiceAccountTrust(
        provider=OidcProvider.from_arn(
            f"arn:aws:iam::111111111111:oidc-provider/{issuer}", client_ids=["sts.amazonaws.com"]
        ),
        service_accounts=API,
    )


def test_each_cluster_keeps_its_own_statement() -> None:
    statements = CombinedTrust(trusts=[cluster(EU), cluster(US)]).policy_document()["Statement"]

    assert [s["Sid"] for s in statements] == ["EksServiceAccounts", "EksServiceAccounts1"]
    assert [s["Principal"]["Federated"].rsplit("/", 3)[1] for s in statements] == [
        "oidc.eks.eu-west-1.amazonaws.com",
        "oidc.eks.us-east-1.amazonaws.com",
    ]
    assert statements[1]["Condition"]["StringEquals"] == {
        f"{US}:aud": "sts.amazonaws.com",
        f"{US}:sub": "system:serviceaccount:payments:api",
    }


def test_fails_on_one_trust_or_a_repeated_one() -> None:
    with pytest.raises(ValueError, match=re.escape("trusts: 1 trust(s); combine two or more")):
        CombinedTrust(trusts=[cluster(EU)])
    with pytest.raises(ValueError, match=r"trusts\[\]\.statements: .* appears more than once"):
        CombinedTrust(trusts=[cluster(EU), cluster(EU)])
    with pytest.raises(ValueError, match=re.escape("trusts[1]: 'x' has no policy_document()")):
        CombinedTrust(trusts=[cluster(EU), "x"])  # type: ignore[list-item]


def test_role_with_a_combined_trust_passes_both_checks(stack: Stack) -> None:
    AssumableRole(stack, "Api", trust=CombinedTrust(trusts=[cluster(EU), cluster(US)]))

    assert nag_findings(stack) == []
    assert_no_sts_findings(stack, severity="warning")
