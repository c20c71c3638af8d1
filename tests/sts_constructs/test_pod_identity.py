"""EKS Pod Identity: the trust scoped by EKS's session tags, and the association."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template

from sts_constructs import (
    AssumableRole,
    PodIdentityAssociation,
    PodIdentityTrust,
    PodIdentityWorkload,
)
from tests.sts_constructs.federation._support import one_statement_policy

CLUSTER_ARN = "arn:aws:eks:eu-west-1:111111111111:cluster/prod"


@pytest.fixture
def payments_api_role(stack: Stack) -> AssumableRole:
    """A role that pods of payments/api in cluster prod may assume."""
    workload = PodIdentityWorkload(cluster_name="prod", namespace="payments", service_account="api")
    return AssumableRole(stack, "Role", trust=PodIdentityTrust(workloads=[workload]))


def associate(stack: Stack, role: Any, *, service_account: str = "api") -> PodIdentityAssociation:
    """Associate the pods of payments/<service_account> in cluster prod with ``role``."""
    return PodIdentityAssociation(
        stack,
        "Association",
        cluster_name="prod",
        namespace="payments",
        service_account=service_account,
        role=role,
    )


def test_trust_requires_cluster_namespace_and_service_account_tags() -> None:
    trust = PodIdentityTrust(
        workloads=[
            PodIdentityWorkload(
                cluster_arn=CLUSTER_ARN, namespace="payments", service_account="api"
            )
        ]
    )

    assert trust.policy_document() == one_statement_policy(
        "EksPodIdentity",
        Principal={"Service": "pods.eks.amazonaws.com"},
        Action=["sts:AssumeRole", "sts:TagSession"],
        Condition={
            "StringEquals": {
                "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
                "aws:RequestTag/kubernetes-namespace": "payments",
                "aws:RequestTag/kubernetes-service-account": "api",
            }
        },
    )


def test_one_statement_per_workload_so_tags_match_together() -> None:
    trust = PodIdentityTrust(
        workloads=[
            PodIdentityWorkload(
                cluster_name="prod-eu", namespace="payments", service_account="api"
            ),
            PodIdentityWorkload(
                cluster_name="prod-us", namespace="payments", service_account="api"
            ),
        ]
    )

    statements = trust.policy_document()["Statement"]
    assert [s["Sid"] for s in statements] == ["EksPodIdentity0", "EksPodIdentity1"]
    assert [
        s["Condition"]["StringEquals"]["aws:RequestTag/eks-cluster-name"] for s in statements
    ] == [
        "prod-eu",
        "prod-us",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"namespace": "*"}, "namespace: '*' is not a Kubernetes namespace"),
        (
            {"service_account": "api*"},
            "service_account: 'api*' is not a Kubernetes service account",
        ),
        ({"cluster_name": None}, "cluster_arn: None with cluster_name None: give exactly one"),
        ({"cluster_arn": CLUSTER_ARN}, "give exactly one"),
        ({"cluster_name": "prod*"}, "cluster_name: 'prod*' is not an EKS cluster name"),
        (
            {"cluster_name": None, "cluster_arn": "arn:aws:eks:eu-west-1:111111111111:cluster/*"},
            "cluster_arn: .* is not an EKS cluster ARN",
        ),
    ],
)
def test_fails_on_unscoped_workloads(kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {
        "namespace": "payments",
        "service_account": "api",
        "cluster_name": "prod",
    }
    with pytest.raises(ValueError, match=message if ".*" in message else re.escape(message)):
        PodIdentityWorkload(**{**arguments, **kwargs})


def test_fails_on_a_trust_without_workloads() -> None:
    with pytest.raises(
        ValueError, match=re.escape("workloads: [] names nothing; a Pod Identity trust")
    ):
        PodIdentityTrust(workloads=[])


def test_fails_on_repeated_workloads() -> None:
    workload = PodIdentityWorkload(cluster_name="prod", namespace="a", service_account="b")
    with pytest.raises(ValueError, match="workloads: 'prod/a/b' appears more than once"):
        PodIdentityTrust(workloads=[workload, workload])


def test_association_keeps_session_tags_on(stack: Stack, payments_api_role: AssumableRole) -> None:
    associate(stack, payments_api_role)

    Template.from_stack(stack).has_resource_properties(
        "AWS::EKS::PodIdentityAssociation",
        {
            "ClusterName": "prod",
            "Namespace": "payments",
            "ServiceAccount": "api",
            "DisableSessionTags": False,
        },
    )


def test_fails_on_association_the_trust_would_refuse(
    stack: Stack, payments_api_role: AssumableRole
) -> None:
    with pytest.raises(
        ValueError, match="role: its trust does not let payments/worker of cluster 'prod' in"
    ):
        associate(stack, payments_api_role, service_account="worker")


def test_association_accepts_a_cdk_role(stack: Stack) -> None:
    role = iam.Role(stack, "Plain", assumed_by=iam.ServicePrincipal("pods.eks.amazonaws.com"))
    association = associate(stack, role)

    assert association.association_arn
