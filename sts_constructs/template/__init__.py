"""Read CloudFormation templates as CloudFormation deploys them: the template reader.

The checks, the analysis and the IAM evaluator all read templates through this package; it
imports nothing from ``aws_cdk``.

- Loading (``_load``): ``load_template`` / ``parse_template``, JSON or YAML (short-form tags)
  into a dict; ``TemplateError`` with one line for anything that is not a template.
- Values and intrinsics (``_values``, ``_intrinsics``): ``resolve`` gives what is deployed
  (``Fn::Join``, ``Fn::Sub`` with pseudo parameters, ``Fn::If`` per condition value,
  ``Fn::Select``, ``AWS::NoValue``); the rest is an explicit ``Unknown`` (or a ``Text`` with
  unknown parts), never a value that looks safe. ``flatten``/``describe`` for messages.
- Policy documents (``_documents``, ``_statements``, ``_text``): ``read_policy`` reads every
  ``Fn::If`` combination and documents written as JSON text (``${...}`` as unknowns) into
  ``Statement`` and ``Condition`` values, and says what it could not read.
- Principals (``_principals``): ``principal_account``, ``classify_federated``.
- Sizes (``_sizes``): ``estimate_policy_chars``, IAM's count of a policy's characters.

The operators of a ``Condition`` are classified by ``sts_constructs.evaluator.operators``.
"""

from __future__ import annotations

from ._documents import MAX_CONDITIONS, PolicyReading, parse_statements, read_policy
from ._intrinsics import condition_names, describe, flatten, resolve
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
    PrincipalType,
    Statement,
    action_matches,
    iter_strings,
    parse_document,
)
from ._text import MAX_DEPTH, parse_json_text
from ._values import (
    NO_VALUE,
    OWN_ACCOUNT,
    UNKNOWN,
    Text,
    Unknown,
    as_list,
    is_intrinsic,
    is_known,
    literal_strings,
    walk_strings,
)

__all__ = [
    "COGNITO",
    "MAX_CONDITIONS",
    "MAX_DEPTH",
    "NO_VALUE",
    "OWN_ACCOUNT",
    "UNKNOWN",
    "AccountKind",
    "Condition",
    "FederatedPrincipal",
    "PolicyReading",
    "PrincipalType",
    "Statement",
    "TemplateError",
    "Text",
    "Unknown",
    "action_matches",
    "as_list",
    "classify_federated",
    "condition_names",
    "describe",
    "estimate_policy_chars",
    "flatten",
    "is_intrinsic",
    "is_known",
    "issuer_from_url",
    "iter_strings",
    "literal_strings",
    "load_template",
    "parse_document",
    "parse_json_text",
    "parse_statements",
    "parse_template",
    "principal_account",
    "read_policy",
    "referenced_resource",
    "resolve",
    "walk_strings",
]
