#!/usr/bin/env python3
"""EKS IAM Roles for Service Accounts: one service account of one cluster gets a role.

cdk synth --app "python3 examples/eks-irsa/app.py"   (from the repository root)
"""

from aws_cdk import App, CfnOutput, Stack, Validations
from cdk_nag import AwsSolutionsChecks

from sts_constructs import AssumableRole
from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import EksServiceAccount, EksServiceAccountTrust, OidcProvider

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "Payments")
# The cluster's issuer: aws eks describe-cluster --name payments \
#   --query cluster.identity.oidc.issuer --output text
cluster = OidcProvider(
    stack,
    "ClusterIssuer",
    url="https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    client_ids=["sts.amazonaws.com"],
)
api = AssumableRole(
    stack,
    "Api",
    role_name="payments-api",
    trust=EksServiceAccountTrust(
        provider=cluster, service_accounts=[EksServiceAccount(namespace="payments", name="api")]
    ),
)
CfnOutput(stack, "ApiRoleArn", value=api.role.role_arn)

app.synth()
