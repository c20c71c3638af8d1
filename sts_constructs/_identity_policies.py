"""Inline identity policies of a role: checked in Python, handed to CloudFormation as data.

CDK's ``iam.PolicyDocument.from_json`` costs a call into Node.js per policy. A document that
is already in the form CDK would render (one statement, no tokens, no one-item lists) and
that CDK would accept for an identity policy goes to the ``CfnRole`` as plain data, with the
same result in the template; any other document goes through ``from_json``, so CDK's own
normalization, statement merging (``@aws-cdk/aws-iam:minimizePolicies``) and checks apply
exactly as they did on ``iam.Role``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import aws_iam as iam

from sts_constructs.validation import is_unresolved, policy_size, policy_size_lower_bound

__all__ = ["check_size", "render_identity_policy"]

_VERSION = "2012-10-17"
_STATEMENT_KEYS = frozenset({"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource"})


def render_identity_policy(
    field: str, document: Mapping[str, Any]
) -> dict[str, Any] | iam.PolicyDocument:
    """Return ``document`` as the ``CfnRole`` takes it: plain data when CDK would not change it.

    Raise ``ValueError`` naming ``field`` for a statement CDK refuses in an identity policy
    (no resource, a principal, a non-alphanumeric ``Sid``), as ``iam.Role`` did at synth.
    """
    statement = _plain_statement(document)
    if statement is not None:
        return {"Statement": [statement], "Version": _VERSION}
    rendered = iam.PolicyDocument.from_json(dict(document))
    errors = rendered.validate_for_identity_policy()
    if errors:
        raise ValueError(f"{field}: {'; '.join(errors)}")
    return rendered


def _plain_statement(document: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the one statement of ``document`` when CDK would render it unchanged, else None."""
    if set(document) - {"Version", "Statement"} or document.get("Version", _VERSION) != _VERSION:
        return None
    statements = document.get("Statement")
    if not isinstance(statements, list) or len(statements) != 1:
        return None
    (statement,) = statements
    if not isinstance(statement, dict) or is_unresolved(statement):
        return None
    if set(statement) - _STATEMENT_KEYS - {"Condition"}:
        return None  # A Principal (refused by CDK in an identity policy) or an unknown key.
    if statement.get("Effect") not in ("Allow", "Deny"):
        return None
    sid = statement.get("Sid")
    if sid is not None and not (isinstance(sid, str) and sid.isascii() and sid.isalnum()):
        return None
    if "Condition" in statement and not (
        isinstance(statement["Condition"], dict) and statement["Condition"]
    ):
        return None
    actions = _one_of(statement, "Action", "NotAction")
    resources = _one_of(statement, "Resource", "NotResource")
    if actions is None or resources is None or not all(map(_is_plain_action, actions)):
        return None
    return dict(statement)


def _one_of(statement: Mapping[str, Any], key: str, not_key: str) -> list[str] | None:
    """Return the values of exactly one of two keys, when CDK renders them as given."""
    if (key in statement) == (not_key in statement):
        return None
    value = statement.get(key, statement.get(not_key))
    if isinstance(value, str) and value:
        return [value]
    # CDK renders a one-item list as a string and drops repeated items: leave those to it.
    if (
        isinstance(value, list)
        and len(value) > 1
        and all(isinstance(v, str) and v for v in value)
        and len(set(value)) == len(value)
    ):
        return value
    return None


def _is_plain_action(action: str) -> bool:
    """Whether CDK accepts ``action`` as written: ``*`` or ``service:Name`` (``*`` allowed)."""
    if action == "*":
        return True
    service, colon, name = action.partition(":")
    return bool(
        colon
        and service
        and name
        and all(c.isascii() and (c.isalnum() or c == "-") for c in service)
        and all(c.isascii() and (c.isalnum() or c == "*") for c in name)
    )


def check_size(field: str, documents: list[dict[str, Any]], limit: int, what: str) -> None:
    """Refuse documents over an IAM size limit.

    With tokens, the size is known only at deploy time, but the literal part alone is a lower
    bound: refuse when it is over the limit already (the template checks judge the rest).
    """
    if any(is_unresolved(document) for document in documents):
        least = sum(policy_size_lower_bound(document) for document in documents)
        if least > limit:
            raise ValueError(
                f"{field}: at least {least} characters (whitespace and the values of "
                f"unresolved tokens not counted) is above {limit}, {what}"
            )
        return
    size = sum(policy_size(document) for document in documents)
    if size > limit:
        raise ValueError(
            f"{field}: {size} characters (whitespace not counted) is above {limit}, {what}"
        )
