"""EKS Pod Identity: a role that pods of named service accounts assume, and the association.

EKS's Pod Identity agent calls ``sts:AssumeRole`` and ``sts:TagSession`` as
``pods.eks.amazonaws.com``, tagging the session with the cluster, namespace and service
account; the trust requires those tags (``aws:RequestTag/...``), so no other pod, namespace or
cluster that gets associated with the role can use it.
https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_cdk import aws_eks as eks
from aws_cdk import aws_iam as iam
from constructs import Construct

from sts_constructs._arguments import check_arguments, check_fields
from sts_constructs._construct_errors import NamedInErrors
from sts_constructs._role_interface import role_arn_of
from sts_constructs.validation import (
    EKS_POD_IDENTITY_SERVICE,
    require_items,
    require_unique,
    validate_eks_cluster_arn,
    validate_eks_cluster_name,
    validate_kubernetes_name,
)

if TYPE_CHECKING:
    from sts_constructs._trust import PolicyDocument

__all__ = ["PodIdentityAssociation", "PodIdentityTrust", "PodIdentityWorkload"]


@dataclass(frozen=True, kw_only=True)
class PodIdentityWorkload:
    """One service account of one cluster whose pods may assume the role.

    Name the cluster by ARN (``eks-cluster-arn`` tag, unique across accounts and Regions) or
    by name (``eks-cluster-name``, the same name in another account or Region matches too).
    """

    namespace: str
    """The Kubernetes namespace, such as ``payments`` (no wildcard)."""
    service_account: str
    """The service account, such as ``api`` (no wildcard)."""
    cluster_arn: str | None = None
    """The cluster's ARN (a token such as ``cluster.cluster_arn`` is fine). Give this or
    ``cluster_name``."""
    cluster_name: str | None = None
    """The cluster's name. Give this or ``cluster_arn``."""

    def __post_init__(self) -> None:
        check_fields(self)
        validate_kubernetes_name("namespace", self.namespace, kind="namespace")
        validate_kubernetes_name("service_account", self.service_account, kind="service account")
        if (self.cluster_arn is None) == (self.cluster_name is None):
            raise ValueError(
                f"cluster_arn: {self.cluster_arn!r} with cluster_name {self.cluster_name!r}: "
                "give exactly one, so the trust names the cluster"
            )
        if self.cluster_arn is not None:
            validate_eks_cluster_arn("cluster_arn", self.cluster_arn)
        if self.cluster_name is not None:
            validate_eks_cluster_name("cluster_name", self.cluster_name)

    def request_tags(self) -> dict[str, str]:
        """Return the session tags EKS must set for this workload (``aws:RequestTag/...``)."""
        cluster = (
            {"aws:RequestTag/eks-cluster-arn": self.cluster_arn}
            if self.cluster_arn is not None
            else {"aws:RequestTag/eks-cluster-name": str(self.cluster_name)}
        )
        return {
            **cluster,
            "aws:RequestTag/kubernetes-namespace": self.namespace,
            "aws:RequestTag/kubernetes-service-account": self.service_account,
        }

    def key(self) -> str:
        """Return ``cluster/namespace/service_account``, to compare workloads."""
        return f"{self.cluster_arn or self.cluster_name}/{self.namespace}/{self.service_account}"


@dataclass(frozen=True, kw_only=True)
class PodIdentityTrust:
    """Define a trust in EKS Pod Identity for the given workloads only.

    One statement per workload (the cluster, namespace and service account must match
    together): ``pods.eks.amazonaws.com`` may ``sts:AssumeRole`` and ``sts:TagSession`` when
    EKS's session tags name that workload. The association must keep session tags on
    (``PodIdentityAssociation`` does).
    """

    workloads: Sequence[PodIdentityWorkload]
    """The workloads allowed in. Required, not empty (up to the trust policy size quota)."""

    def __post_init__(self) -> None:
        check_fields(self)
        require_items(
            "workloads",
            self.workloads,
            "PodIdentityWorkload",
            why="a Pod Identity trust without session-tag conditions lets any pod of any "
            "cluster associated with the role in",
        )
        require_unique("workloads", [workload.key() for workload in self.workloads])

    def allows(self, *, namespace: str, service_account: str, cluster_name: str) -> bool:
        """Return whether a workload of the trust matches (clusters named by ARN match any)."""
        return any(
            w.namespace == namespace
            and w.service_account == service_account
            and (w.cluster_name is None or w.cluster_name == cluster_name)
            for w in self.workloads
        )

    def policy_document(self) -> PolicyDocument:
        """Return the trust policy as a plain IAM policy document."""
        single = len(self.workloads) == 1
        statements: list[dict[str, Any]] = [
            {
                "Sid": "EksPodIdentity" if single else f"EksPodIdentity{i}",
                "Effect": "Allow",
                "Principal": {"Service": EKS_POD_IDENTITY_SERVICE},
                "Action": ["sts:AssumeRole", "sts:TagSession"],
                "Condition": {"StringEquals": workload.request_tags()},
            }
            for i, workload in enumerate(self.workloads)
        ]
        return {"Version": "2012-10-17", "Statement": statements}


class PodIdentityAssociation(Construct, NamedInErrors):
    """Define an EKS Pod Identity association (``AWS::EKS::PodIdentityAssociation``).

    Session tags stay on: the trust of a ``PodIdentityTrust`` role depends on them. When
    ``role`` is an ``AssumableRole`` with a ``PodIdentityTrust``, the association's namespace
    and service account (and cluster name, when the trust names clusters by name) must be one
    of its workloads: otherwise EKS could never assume the role.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eks-podidentityassociation.html

    Args:
        cluster_name: The EKS cluster's name: 1-100 letters, digits, ``-`` and ``_``,
            starting with a letter or digit (a token is fine).
        namespace: The Kubernetes namespace: 1-63 of ``a-z``, ``0-9`` and ``-``, starting
            and ending with a letter or digit (a DNS label); no wildcard.
        service_account: The service account: 1-253 of ``a-z``, ``0-9``, ``-`` and ``.``,
            starting and ending with a letter or digit (a DNS subdomain); no wildcard.
        role: The role the pods get: an ``iam.IRole`` or one of this package's role
            constructs.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: a cluster name, namespace or service account outside the rules above,
            a role whose ``PodIdentityTrust`` does not name this workload, or a ``role``
            without a role ARN (neither an ``iam.IRole`` nor a role construct).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        cluster_name: str,
        namespace: str,
        service_account: str,
        role: iam.IRole | Any,
    ) -> None:
        check_arguments(PodIdentityAssociation.__init__, locals())
        super().__init__(scope, construct_id)
        validate_eks_cluster_name("cluster_name", cluster_name)
        validate_kubernetes_name("namespace", namespace, kind="namespace")
        validate_kubernetes_name("service_account", service_account, kind="service account")
        trust = getattr(role, "trust", None)
        if isinstance(trust, PodIdentityTrust) and not trust.allows(
            namespace=namespace, service_account=service_account, cluster_name=cluster_name
        ):
            raise ValueError(
                f"role: its trust does not let {namespace}/{service_account} of cluster "
                f"{cluster_name!r} in (workloads {[w.key() for w in trust.workloads]}); EKS "
                "could not assume it: add the workload to the PodIdentityTrust"
            )
        role_arn = role_arn_of("role", role)
        self.resource = eks.CfnPodIdentityAssociation(
            self,
            "Resource",
            cluster_name=cluster_name,
            namespace=namespace,
            service_account=service_account,
            role_arn=role_arn,
            disable_session_tags=False,
        )
        """The underlying ``eks.CfnPodIdentityAssociation``."""

    @property
    def association_arn(self) -> str:
        """The association's ARN (a token until deploy)."""
        return str(self.resource.attr_association_arn)
