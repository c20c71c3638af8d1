"""STS-TRUST8: a ``Service`` principal in a trust policy that is not a service principal.

Service principals look like ``ec2.amazonaws.com`` (``.amazonaws.com.cn`` in China). A typo
(``ec2.amazon.com``), an ARN, an account or a wildcard in ``Service`` is refused by IAM or
trusts nobody.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...template import literal_strings
from ...validation import is_service_principal
from .._context import ResourceContext
from .._finding import Rule
from ._common import ROLE, allow_statements, where


def check(resource: ResourceContext) -> Iterator[str]:
    """Yield a message per literal ``Service`` principal that is not of a service's form."""
    for statement in allow_statements(resource):
        for value in literal_strings(statement.principals.get("Service", ())):
            if is_service_principal(value):
                continue
            yield (
                f"{where(statement)} trusts the Service principal '{value}', which is not of "
                "the form '<service>.amazonaws.com'. IAM refuses the trust policy or no service "
                "can use it. Use the service principal the service's documentation names, "
                "e.g. 'ec2.amazonaws.com'."
            )


RULE = Rule(
    id="STS-TRUST8",
    severity="error",
    title="Service principal that is not of a service principal's form",
    link=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_principal.html#principal-services"
    ),
    resource_types=ROLE,
    check_resource=check,
)
