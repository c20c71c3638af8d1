#!/usr/bin/env python3
"""An identity broker: your sign-in service mints GetFederationToken sessions for people.

cdk synth --app "python3 examples/federation-token-broker/app.py"   (from the repository root)
"""

from aws_cdk import App, Stack, Validations
from aws_cdk import aws_iam as iam
from cdk_nag import AwsSolutionsChecks

from sts_constructs.checks import StsTrustChecks
from sts_constructs.federation import FederationTokenBroker

app = App()
# cdk-nag's AwsSolutions pack and the trust checks: synth fails on an unacknowledged finding.
Validations.of(app).add_plugins(AwsSolutionsChecks(), StsTrustChecks())

stack = Stack(app, "Portal")
FederationTokenBroker(
    stack,
    "Broker",
    user_name="portal-broker",
    federated_user_prefix="portal-",
    # The most any federated user may do: a policy of yours (the broker's own key may not use it).
    permission_ceiling=[
        iam.ManagedPolicy.from_managed_policy_arn(
            stack, "Ceiling", "arn:aws:iam::111111111111:policy/portal-ceiling"
        )
    ],
)

app.synth()
