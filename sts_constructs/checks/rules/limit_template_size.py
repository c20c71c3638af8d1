"""STS-LIMIT10: a template larger than CloudFormation reads from S3 (1 MB)."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import TemplateContext
from .._finding import Rule


def check(template: TemplateContext) -> Iterator[tuple[str, str]]:
    """Yield one template-wide message when the template exceeds the S3 template quota."""
    size, quota = template.template_bytes, template.limits.template_s3_bytes
    if size <= quota:
        return
    yield (
        "",
        f"The template is {size:,} bytes, over the {quota:,}-byte quota for a template read "
        "from S3. CloudFormation refuses it. Split the stack or move parts into nested stacks.",
    )


RULE = Rule(
    id="STS-LIMIT10",
    severity="error",
    title="Template over 1 MB",
    link="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html",
    check_template=check,
)
