"""Read CloudFormation templates as CloudFormation deploys them: the template reader.

The checks, the analysis and the IAM evaluator all read templates through this package; it
imports nothing from ``aws_cdk`` and nothing from the rest of ``sts_constructs`` except
``sts_constructs.validation``.

- ``load_template`` / ``parse_template``: JSON or YAML (short-form tags) into a dict.
- Intrinsic functions: ``flatten``, ``describe``, ``is_intrinsic``.
- Policy documents: ``parse_statements`` into ``Statement`` and ``Condition`` values.
- Principals: ``principal_account``.
- Sizes: ``estimate_policy_chars``, IAM's count of a policy's characters.
"""

from __future__ import annotations

from ._intrinsics import (
    OWN_ACCOUNT,
    UNKNOWN,
    as_list,
    describe,
    flatten,
    is_intrinsic,
    literal_strings,
)
from ._load import TemplateError, load_template, parse_template
from ._principals import (
    COGNITO,
    AccountKind,
    FederatedPrincipal,
    classify_federated,
    issuer_from_url,
    principal_account,
    referenced_resource,
)
from ._sizes import estimate_policy_chars
from ._statements import (
    Condition,
    Statement,
    action_matches,
    iter_strings,
    parse_conditions,
    parse_statements,
)

__all__ = [
    "COGNITO",
    "OWN_ACCOUNT",
    "UNKNOWN",
    "AccountKind",
    "Condition",
    "FederatedPrincipal",
    "Statement",
    "TemplateError",
    "action_matches",
    "as_list",
    "classify_federated",
    "describe",
    "estimate_policy_chars",
    "flatten",
    "is_intrinsic",
    "issuer_from_url",
    "iter_strings",
    "literal_strings",
    "load_template",
    "parse_conditions",
    "parse_statements",
    "parse_template",
    "principal_account",
    "referenced_resource",
]
