"""STS-TRUST7: a confused-deputy-prone service trusted without ``aws:SourceAccount``/``SourceArn``.

The list is explicit and short on purpose: services whose AWS documentation shows
``aws:SourceAccount`` or ``aws:SourceArn`` in the role's trust policy to prevent the
cross-service confused deputy. ``ec2.amazonaws.com``, ``lambda.amazonaws.com``,
``ecs-tasks.amazonaws.com`` and the like act only for resources in your account and are not
listed. A warning: CDK's own L2 constructs create some of these roles without the condition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...template import flatten
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, assume_statements, has_positive_condition, where

CONFUSED_DEPUTY_SERVICES = frozenset(
    {
        "appsync.amazonaws.com",  # AppSync data source roles.
        "bedrock.amazonaws.com",  # Bedrock model customization, agents, knowledge bases.
        "cloudtrail.amazonaws.com",  # CloudTrail delivery to CloudWatch Logs.
        "config.amazonaws.com",  # AWS Config recorders and delivery channels.
        "datasync.amazonaws.com",  # DataSync locations.
        "events.amazonaws.com",  # EventBridge rule targets.
        "iot.amazonaws.com",  # IoT rule actions.
        "logs.amazonaws.com",  # CloudWatch Logs subscription destinations.
        "pipes.amazonaws.com",  # EventBridge Pipes.
        "s3.amazonaws.com",  # S3 replication and batch operations.
        "scheduler.amazonaws.com",  # EventBridge Scheduler.
        "sns.amazonaws.com",  # SNS delivery status logging and SMS.
        "ssm.amazonaws.com",  # Systems Manager hybrid activations.
        "transfer.amazonaws.com",  # Transfer Family users and workflows.
    }
)
_REGIONAL = re.compile(r"^([a-z0-9-]+)\.[a-z0-9-]+\.amazonaws\.com$")
SOURCE_KEYS = ("aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths")


def service_name(value: str) -> str:
    """Return a service principal without its region (``logs.eu-west-1...`` -> ``logs...``)."""
    match = _REGIONAL.match(value)
    return f"{match.group(1)}.amazonaws.com" if match else value


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per listed service trusted without a source condition."""
    for statement in assume_statements(resource):
        if statement.conditions is None or has_positive_condition(statement, *SOURCE_KEYS):
            continue
        for value in statement.principals.get("Service", ()):
            service = service_name(flatten(value))
            if service not in CONFUSED_DEPUTY_SERVICES:
                continue
            yield (
                f"{where(statement)} trusts {service} without an aws:SourceAccount or "
                "aws:SourceArn condition. The service acts for every AWS customer, so another "
                "account's resource could make it use this role (cross-service confused "
                'deputy). Add "StringEquals": {"aws:SourceAccount": "<this account>"} and, '
                'if you can, "ArnLike": {"aws:SourceArn": "<the resource ARN>"}.'
            )


RULE = Rule(
    id="STS-TRUST7",
    severity="warning",
    title="Confused-deputy-prone service trusted without aws:SourceAccount or aws:SourceArn",
    link=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "confused-deputy.html#cross-service-confused-deputy-prevention"
    ),
    resource_types=ROLE,
    check_resource=check,
)
