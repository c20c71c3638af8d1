#!/usr/bin/env python3
"""EKS Pod Identity: one service account of one cluster gets a role, scoped by EKS's tags.

cdk synth --app "python3 examples/eks-pod-identity/app.py"   (from the repository root)
"""

from aws_cdk import App, CfnOutput, Environment, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import (
    AssumableRole,
    PodIdentityAssociation,
    PodIdentityTrust,
    PodIdentityWorkload,
)
from sts_constructs.checks import StsTrustChecks

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "PaymentsPods", env=Environment(account="111111111111", region="eu-west-1"))
api = AssumableRole(
    stack,
    "Api",
    role_name="payments-api",
    trust=PodIdentityTrust(
        workloads=[
            PodIdentityWorkload(
                cluster_arn="arn:aws:eks:eu-west-1:111111111111:cluster/payments",
                namespace="payments",
                service_account="api",
            )
        ]
    ),
)
# The association: EKS's Pod Identity agent hands the role's credentials to pods running as
# payments/api in the cluster "payments" (the cluster needs the eks-pod-identity-agent add-on).
PodIdentityAssociation(
    stack,
    "ApiAssociation",
    cluster_name="payments",
    namespace="payments",
    service_account="api",
    role=api,
)
CfnOutput(stack, "ApiRoleArn", value=api.role_arn)

app.synth()
