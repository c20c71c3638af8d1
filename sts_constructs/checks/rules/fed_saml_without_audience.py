"""STS-FED6: a SAML trust without a ``SAML:aud`` condition."""

from __future__ import annotations

from collections.abc import Iterator

from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, federated_statements, has_positive_condition, where


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per SAML trust statement without ``SAML:aud``."""
    for statement in federated_statements(resource, "saml"):
        if not has_positive_condition(statement, "SAML:aud"):
            yield (
                f"{where(statement)} trusts a SAML provider without a StringEquals condition on "
                "'SAML:aud'. Without it an assertion your IdP issued for another service "
                "provider can be replayed to assume this role. Add "
                '"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}.'
            )


RULE = Rule(
    id="STS-FED6",
    severity="error",
    title="SAML trust without a SAML:aud condition",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html",
    resource_types=ROLE,
    check_resource=check,
)
