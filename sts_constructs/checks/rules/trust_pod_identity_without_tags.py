"""STS-TRUST11: a role trusts EKS Pod Identity without session-tag conditions.

``pods.eks.amazonaws.com`` assumes the role for any pod whose service account someone
associates with it, in any cluster of the account. EKS tags each session with the cluster,
namespace and service account: a trust that requires ``aws:RequestTag/kubernetes-namespace``
and ``aws:RequestTag/kubernetes-service-account`` (and the cluster) lets only that workload in.
A warning: AWS's minimal example and CDK's own constructs create the unconditioned trust.
https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ...template import flatten
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, assume_statements, has_positive_condition, where

SERVICE = "pods.eks.amazonaws.com"
REQUIRED = ("aws:RequestTag/kubernetes-namespace", "aws:RequestTag/kubernetes-service-account")


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per Pod Identity statement without namespace and service account tags."""
    for statement in assume_statements(resource):
        if statement.conditions is None:
            continue  # The Condition block is only known at deploy time.
        services = [flatten(v) for v in statement.principals.get("Service", ())]
        if SERVICE not in services:
            continue
        missing = [key for key in REQUIRED if not has_positive_condition(statement, key)]
        if missing:
            yield (
                f"{where(statement)} trusts {SERVICE} without a StringEquals condition on "
                f"{' and '.join(missing)}. Any pod associated with the role, in any "
                "namespace or cluster of the account, can assume it. Require the session tags "
                'EKS sets: "StringEquals": {"aws:RequestTag/eks-cluster-arn": "<cluster>", '
                '"aws:RequestTag/kubernetes-namespace": "<ns>", '
                '"aws:RequestTag/kubernetes-service-account": "<sa>"}.'
            )


RULE = Rule(
    id="STS-TRUST11",
    severity="warning",
    title="EKS Pod Identity trusted without namespace and service account session tags",
    link="https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html",
    resource_types=ROLE,
    check_resource=check,
)
