"""STS-LIMIT9: more outputs, parameters or mappings than a stack may hold (200 each)."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import TemplateContext
from .._finding import Rule


def check(template: TemplateContext) -> Iterator[tuple[str, str]]:
    """Yield one template-wide message per section over its quota."""
    limits = template.limits
    for section, quota in (
        ("Outputs", limits.stack_outputs),
        ("Parameters", limits.stack_parameters),
        ("Mappings", limits.stack_mappings),
    ):
        raw = template.template.get(section)
        count = len(raw) if isinstance(raw, dict) else 0
        if count <= quota:
            continue
        yield (
            "",
            f"The template has {count} {section.lower()}, over CloudFormation's quota of "
            f"{quota}. The deployment fails before it starts. Split the stack, or group values "
            "(e.g. one output holding a JSON document).",
        )


RULE = Rule(
    id="STS-LIMIT9",
    severity="error",
    title="Stack over 200 outputs, parameters or mappings",
    link="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html",
    check_template=check,
)
