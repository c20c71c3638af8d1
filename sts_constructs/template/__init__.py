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
Names load lazily, through the loader every package uses (``sts_constructs._lazy``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sts_constructs._lazy import lazy_exports

if TYPE_CHECKING:
    from sts_constructs.template._documents import MAX_CONDITIONS as MAX_CONDITIONS
    from sts_constructs.template._documents import PolicyReading as PolicyReading
    from sts_constructs.template._documents import parse_statements as parse_statements
    from sts_constructs.template._documents import read_policy as read_policy
    from sts_constructs.template._intrinsics import condition_names as condition_names
    from sts_constructs.template._intrinsics import describe as describe
    from sts_constructs.template._intrinsics import flatten as flatten
    from sts_constructs.template._intrinsics import resolve as resolve
    from sts_constructs.template._load import TemplateError as TemplateError
    from sts_constructs.template._load import load_template as load_template
    from sts_constructs.template._load import parse_template as parse_template
    from sts_constructs.template._principals import COGNITO as COGNITO
    from sts_constructs.template._principals import AccountKind as AccountKind
    from sts_constructs.template._principals import FederatedPrincipal as FederatedPrincipal
    from sts_constructs.template._principals import classify_federated as classify_federated
    from sts_constructs.template._principals import issuer_from_url as issuer_from_url
    from sts_constructs.template._principals import principal_account as principal_account
    from sts_constructs.template._principals import referenced_resource as referenced_resource
    from sts_constructs.template._sizes import estimate_policy_chars as estimate_policy_chars
    from sts_constructs.template._statements import Condition as Condition
    from sts_constructs.template._statements import PrincipalType as PrincipalType
    from sts_constructs.template._statements import Statement as Statement
    from sts_constructs.template._statements import action_matches as action_matches
    from sts_constructs.template._statements import iter_strings as iter_strings
    from sts_constructs.template._statements import parse_document as parse_document
    from sts_constructs.template._text import MAX_DEPTH as MAX_DEPTH
    from sts_constructs.template._text import parse_json_text as parse_json_text
    from sts_constructs.template._values import NO_VALUE as NO_VALUE
    from sts_constructs.template._values import OWN_ACCOUNT as OWN_ACCOUNT
    from sts_constructs.template._values import UNKNOWN as UNKNOWN
    from sts_constructs.template._values import Text as Text
    from sts_constructs.template._values import Unknown as Unknown
    from sts_constructs.template._values import as_list as as_list
    from sts_constructs.template._values import is_intrinsic as is_intrinsic
    from sts_constructs.template._values import is_known as is_known
    from sts_constructs.template._values import literal_strings as literal_strings
    from sts_constructs.template._values import walk_strings as walk_strings

__all__, __getattr__, __dir__ = lazy_exports(__name__, __file__)
