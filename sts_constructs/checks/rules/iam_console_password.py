"""STS-IAM4: an IAM user with a console password (``LoginProfile``)."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import USER


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message when the user has a ``LoginProfile``."""
    if resource.properties.get("LoginProfile") is None:
        return
    yield (
        "This IAM user has a console password (LoginProfile): a long-lived credential that "
        "can be phished or reused, outside your identity provider's controls. Prefer IAM "
        "Identity Center or SAML/OIDC federation; if the password is deliberate, require MFA "
        "and acknowledge this finding."
    )


RULE = Rule(
    id="STS-IAM4",
    severity="warning",
    title="IAM user with a console password",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp",
    resource_types=USER,
    check_resource=check,
)
