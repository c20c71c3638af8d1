"""STS-LIMIT8: a template with more resources than a stack may hold (500)."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import TemplateContext
from .._finding import Rule


def check(template: TemplateContext) -> Iterator[tuple[str, str]]:
    """Yield one template-wide message when the resource count exceeds the quota."""
    raw = template.template.get("Resources")
    count = len(raw) if isinstance(raw, dict) else 0
    if count <= template.limits.stack_resources:
        return
    yield (
        "",
        f"The template has {count} resources, over CloudFormation's quota of "
        f"{template.limits.stack_resources} per stack. The deployment fails before it starts. "
        "Split the stack (or move groups of resources into nested stacks).",
    )


RULE = Rule(
    id="STS-LIMIT8",
    severity="error",
    title="Stack over 500 resources",
    link="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html",
    check_template=check,
)
