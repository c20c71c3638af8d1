"""STS-FED8: a ``SAML:aud`` value that is not an AWS sign-in endpoint, so it can never match.

AWS sign-in posts SAML assertions to its own endpoint, and STS puts that endpoint in
``SAML:aud``: ``https://signin.aws.amazon.com/saml``, a regional
``https://<region>.signin.aws.amazon.com/saml``, or the GovCloud and China ones. Any other
exact value (CDK 2.65 built one from ``AWS::URLSuffix``: ``signin.aws.amazonaws.com``)
matches no assertion: nobody can sign in with the role.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...validation import is_saml_sign_in_endpoint
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, federated_statements, where


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per exact ``SAML:aud`` value that is no AWS sign-in endpoint."""
    for statement in federated_statements(resource, "saml"):
        for condition in statement.conditions_on("SAML:aud"):
            op = condition.op
            if not condition.is_positive_match or (op.spec and op.spec.wildcards):
                continue
            for value in condition.literal_values():
                if is_saml_sign_in_endpoint(value):
                    continue
                yield (
                    f"{where(statement)}: SAML:aud '{value}' is not an AWS sign-in endpoint, "
                    "so it matches no assertion and nobody can sign in with this role. Use "
                    "'https://signin.aws.amazon.com/saml' (or the regional "
                    "'https://<region>.signin.aws.amazon.com/saml' your IdP posts to)."
                )


RULE = Rule(
    id="STS-FED8",
    severity="error",
    title="SAML:aud that is not an AWS sign-in endpoint",
    link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_saml_3rd-party.html",
    resource_types=ROLE,
    check_resource=check,
)
