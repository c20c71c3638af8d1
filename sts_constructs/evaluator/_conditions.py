"""Evaluate a ``Condition`` block against a context: true, false or (symbolic) unknown.

AWS pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ._context import ABSENT, UNKNOWN, Context, Lookup, normalise_value
from ._glob import LITERAL_QUESTION, LITERAL_STAR, arn_matches, glob_matches
from .operators import Operator, parse_operator

__all__ = ["ConditionTerm"]

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_DEFAULT = re.compile(r"\s*([^,]+?)\s*,\s*'([^']*)'\s*")
_SPECIAL = {"*": "*", "?": "?", "$": "$"}
_SPECIAL_GLOB = {"*": LITERAL_STAR, "?": LITERAL_QUESTION, "$": "$"}


@dataclass(frozen=True)
class ConditionTerm:
    """One key of a ``Condition`` block: ``operator`` and ``key`` as written, the values."""

    operator: str
    key: str
    values: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """Return ``{"key": ..., "operator": ..., "values": [...]}``."""
        return {"key": self.key, "operator": self.operator, "values": list(self.values)}

    def __str__(self) -> str:
        shown = ", ".join(repr(v) for v in self.values)
        return f"{self.operator} {self.key} [{shown}]"


@dataclass(frozen=True)
class ConditionResult:
    """The outcome of one term: ``True``, ``False`` or ``None`` (unknown, symbolic mode).

    ``request_values`` is ``None`` when the key was absent or unknown.
    """

    term: ConditionTerm
    outcome: bool | None
    request_values: tuple[str, ...] | None


class UnknownValue(Exception):
    """A policy variable's value is unknown (symbolic mode)."""


def substitute(text: str, context: Context, *, for_glob: bool = False) -> str | None:
    """Replace policy variables (``${aws:username}``, ``${aws:PrincipalTag/team, 'x'}``).

    With ``for_glob``, ``${*}`` and ``${?}`` become markers that match only themselves
    (see :func:`glob_matches`). Returns ``None`` when a variable has no value and no
    default (the value then matches nothing); raises ``UnknownValue`` in symbolic mode
    when a variable's value is unknown.
    """
    if "${" not in text:
        return text
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        inner = match.group(1)
        if inner in _SPECIAL:
            return (_SPECIAL_GLOB if for_glob else _SPECIAL)[inner]
        default_match = _DEFAULT.fullmatch(inner)
        name, default = (
            (default_match.group(1), default_match.group(2))
            if default_match
            else (inner.strip(), None)
        )
        found = context.lookup(name)
        if found is UNKNOWN:
            raise UnknownValue
        if isinstance(found, tuple) and len(found) == 1:
            return found[0]
        if default is not None:
            return default
        missing = True
        return ""

    result = _VARIABLE.sub(replace, text)
    return None if missing else result


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str) -> datetime | None:
    number = _number(text)
    if number is not None:
        return datetime.fromtimestamp(number, tz=UTC)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _compare(comparison: str, have: Any, want: Any) -> bool:
    if comparison == "equals":
        return bool(have == want)
    if comparison == "lt":
        return bool(have < want)
    if comparison == "le":
        return bool(have <= want)
    if comparison == "gt":
        return bool(have > want)
    return bool(have >= want)


def _match_one(operator: Operator, policy_value: str, request_value: str) -> bool:
    """Return whether one request value matches one policy value (negation not applied)."""
    spec = operator.spec
    assert spec is not None
    family = spec.family
    if family == "String":
        if spec.comparison == "like":
            return glob_matches(policy_value, request_value)
        if spec.ignore_case:
            return policy_value.casefold() == request_value.casefold()
        return policy_value == request_value
    if family == "Arn":
        return arn_matches(policy_value, request_value)
    if family == "Bool":
        return policy_value.lower() == request_value.lower()
    if family == "Binary":
        return policy_value == request_value
    if family == "IpAddress":
        try:
            network = ipaddress.ip_network(policy_value.strip(), strict=False)
            address = ipaddress.ip_address(request_value.strip())
        except ValueError:
            return False
        return address.version == network.version and address in network
    if family == "Numeric":
        have_n, want_n = _number(request_value), _number(policy_value)
        if have_n is None or want_n is None:
            return False
        return _compare(spec.comparison, have_n, want_n)
    if family == "Date":
        have_d, want_d = _date(request_value), _date(policy_value)
        if have_d is None or want_d is None:
            return False
        return _compare(spec.comparison, have_d, want_d)
    return False


def _evaluate_term(
    operator: Operator, values: tuple[str, ...], found: Lookup, context: Context, variables: bool
) -> bool | None:
    if operator.spec is None:
        return False
    if found is UNKNOWN:
        return None
    if operator.family == "Null":
        is_null = found is ABSENT or found == ()
        return any((value.lower() == "true") == is_null for value in values)
    if found is ABSENT or found == ():
        # An empty set behaves as a missing key for the set operators (vacuous truth).
        return operator.passes_when_absent()
    assert isinstance(found, tuple)
    policy_values: list[str] = []
    for value in values:
        if variables and operator.spec.policy_variables:
            # May raise UnknownValue (symbolic mode).
            replaced = substitute(value, context, for_glob=operator.spec.wildcards)
            if replaced is None:
                continue
            policy_values.append(replaced)
        else:
            policy_values.append(value)

    def positive(request_value: str) -> bool:
        return any(_match_one(operator, p, request_value) for p in policy_values)

    negated = operator.negated
    if operator.qualifier == "ForAllValues":
        return all((not positive(r)) if negated else positive(r) for r in found)
    if operator.qualifier == "ForAnyValue":
        return any((not positive(r)) if negated else positive(r) for r in found)
    # A plain operator: any request value matching is a match; negated values combine NOR.
    matched = any(positive(r) for r in found)
    return not matched if negated else matched


def evaluate_block(
    block: Any, context: Context, *, variables: bool = True
) -> list[ConditionResult] | None:
    """Return one result per (operator, key) of a ``Condition`` block.

    ``None`` when the block is malformed (not a mapping of operators to mappings).
    ``variables`` says whether ``${...}`` policy variables are replaced (policy
    ``Version`` 2012-10-17); otherwise they are literal text.
    """
    if block is None:
        return []
    if not isinstance(block, Mapping):
        return None
    results: list[ConditionResult] = []
    for name, keys in block.items():
        if not isinstance(keys, Mapping):
            return None
        operator = parse_operator(str(name))
        for key, raw in keys.items():
            term = ConditionTerm(str(name), str(key), normalise_value(raw) if raw != [] else ())
            found = context.lookup(str(key))
            try:
                outcome = _evaluate_term(operator, term.values, found, context, variables)
            except UnknownValue:
                outcome = None
            request_values = found if isinstance(found, tuple) else None
            results.append(ConditionResult(term, outcome, request_values))
    return results
