"""STS-LIMIT11: a template too large to pass inline (51,200 bytes); it must go through S3."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import TemplateContext
from .._finding import Rule


def check(template: TemplateContext) -> Iterator[tuple[str, str]]:
    """Yield one template-wide message when the template exceeds the inline body quota."""
    size, body, s3 = (
        template.template_bytes,
        template.limits.template_body_bytes,
        template.limits.template_s3_bytes,
    )
    if size <= body or size > s3:
        return  # Over the S3 quota is STS-LIMIT10's error.
    yield (
        "",
        f"The template is {size:,} bytes, over the {body:,}-byte quota for a template passed "
        "in the API call. 'aws cloudformation deploy' without --s3-bucket fails; the CDK CLI "
        "uploads it to the bootstrap bucket. Deploy through S3 or make the stack smaller.",
    )


RULE = Rule(
    id="STS-LIMIT11",
    severity="warning",
    title="Template over 51,200 bytes must be deployed through S3",
    link="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html",
    check_template=check,
)
