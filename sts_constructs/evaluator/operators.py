"""The one catalogue of IAM condition operators: what each is called and how it matches.

An operator name such as ``ForAnyValue:StringLikeIfExists`` takes apart into a set
qualifier (``ForAnyValue``), a base operator (``StringLike``) and ``IfExists``. Every base
operator AWS documents is listed in :data:`CATALOGUE` with its family and kind:

- ``exact``: the request value must equal a policy value (``StringEquals``,
  ``StringEqualsIgnoreCase``, ``NumericEquals``, ``DateEquals``, ``Bool``, ``BinaryEquals``).
- ``pattern``: the request value must match a pattern (``StringLike`` with ``*``/``?``,
  ``ArnEquals``/``ArnLike`` with wildcards per ARN part, ``IpAddress`` with CIDR ranges).
- ``range``: an ordered comparison (``NumericLessThan``, ``DateGreaterThan`` and so on).
- ``negated``: the request value must match none of the policy values (``StringNotEquals``,
  ``NotIpAddress``, ``ArnNotLike``...); true when the key is absent.
- ``presence``: ``Null``, which tests whether the key is in the request at all.
- ``unknown``: a name IAM does not document (a typo, or a spelling with other case).

Nothing here evaluates a request; :mod:`sts_constructs.evaluator` does, with this catalogue.
Importing this module is cheap (standard library only).

AWS pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "CATALOGUE",
    "BaseOperator",
    "Family",
    "MatchKind",
    "Operator",
    "SetQualifier",
    "is_known_operator",
    "parse_operator",
    "value_is_literal",
    "value_matches_anything",
]

SetQualifier = Literal["ForAllValues", "ForAnyValue"]
Family = Literal[
    "String", "Numeric", "Date", "Bool", "Binary", "IpAddress", "Arn", "Null", "unknown"
]
MatchKind = Literal["exact", "pattern", "range", "negated", "presence", "unknown"]
# How a request value is compared with one policy value.
Comparison = Literal[
    "equals",  # equal (after the family's parsing: numbers, dates, booleans, case folding)
    "like",  # glob with * and ?, ARNs part by part
    "cidr",  # inside a CIDR range
    "lt",
    "le",
    "gt",
    "ge",
    "null",  # presence test
]

_IF_EXISTS: Final = "IfExists"
_QUALIFIERS: Final[tuple[SetQualifier, ...]] = ("ForAllValues", "ForAnyValue")


@dataclass(frozen=True)
class BaseOperator:
    """Describe one documented base operator (no qualifier, no ``IfExists``).

    ``negated`` operators are true when no policy value matches (values combine with NOR)
    and when the key is absent. ``wildcards`` says whether ``*`` and ``?`` in policy values
    are wildcards. ``ignore_case`` is true only for the ``...IgnoreCase`` string operators.
    """

    name: str
    family: Family
    kind: MatchKind
    comparison: Comparison
    negated: bool = False
    ignore_case: bool = False
    wildcards: bool = False
    # Policy variables such as ${aws:username} are replaced in the values of these.
    policy_variables: bool = False


# Each documented base operator: its name, the name of its negation (None: it has none),
# family, kind, comparison and flags. A negation matches like its operator, but is true
# when no value matches (and when the key is absent): kind "negated", negated=True.
_STRING_VARS = {"policy_variables": True}
_LIKE = {"wildcards": True, "policy_variables": True}
_TABLE: tuple[tuple[str, str | None, Family, MatchKind, Comparison, dict[str, bool]], ...] = (
    ("StringEquals", "StringNotEquals", "String", "exact", "equals", _STRING_VARS),
    (
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "String",
        "exact",
        "equals",
        {"ignore_case": True, "policy_variables": True},
    ),
    ("StringLike", "StringNotLike", "String", "pattern", "like", _LIKE),
    ("NumericEquals", "NumericNotEquals", "Numeric", "exact", "equals", {}),
    ("NumericLessThan", None, "Numeric", "range", "lt", {}),
    ("NumericLessThanEquals", None, "Numeric", "range", "le", {}),
    ("NumericGreaterThan", None, "Numeric", "range", "gt", {}),
    ("NumericGreaterThanEquals", None, "Numeric", "range", "ge", {}),
    ("DateEquals", "DateNotEquals", "Date", "exact", "equals", {}),
    ("DateLessThan", None, "Date", "range", "lt", {}),
    ("DateLessThanEquals", None, "Date", "range", "le", {}),
    ("DateGreaterThan", None, "Date", "range", "gt", {}),
    ("DateGreaterThanEquals", None, "Date", "range", "ge", {}),
    ("Bool", None, "Bool", "exact", "equals", _STRING_VARS),
    ("BinaryEquals", None, "Binary", "exact", "equals", {}),
    ("IpAddress", "NotIpAddress", "IpAddress", "pattern", "cidr", {}),
    # ArnEquals and ArnLike behave the same: each of the six ARN parts may hold wildcards.
    ("ArnEquals", "ArnNotEquals", "Arn", "pattern", "like", _LIKE),
    ("ArnLike", "ArnNotLike", "Arn", "pattern", "like", _LIKE),
    ("Null", None, "Null", "presence", "null", {}),
)


def _catalogue() -> dict[str, BaseOperator]:
    ops: dict[str, BaseOperator] = {}
    for name, negation, family, kind, comparison, flags in _TABLE:
        ops[name] = BaseOperator(name, family, kind, comparison, **flags)
        if negation is not None:
            ops[negation] = BaseOperator(
                negation, family, "negated", comparison, negated=True, **flags
            )
    return ops


CATALOGUE: Final[Mapping[str, BaseOperator]] = MappingProxyType(_catalogue())


@dataclass(frozen=True)
class Operator:
    """Describe an operator as written in a policy, taken apart.

    ``ForAllValues:StringLikeIfExists`` has ``qualifier="ForAllValues"``,
    ``base="StringLike"``, ``if_exists=True`` and ``spec`` the catalogue entry of
    ``StringLike``. ``spec`` is ``None`` when the operator is not one AWS documents (then
    ``known`` is false and ``kind``/``family`` are ``"unknown"``): ``Null`` takes neither
    ``IfExists`` nor a set qualifier, and names are matched with their exact spelling.
    """

    name: str
    qualifier: SetQualifier | None
    base: str
    if_exists: bool
    spec: BaseOperator | None

    @property
    def known(self) -> bool:
        """Return whether AWS documents this operator."""
        return self.spec is not None

    @property
    def family(self) -> Family:
        """Return the operator family (``String``, ``Numeric`` ... or ``unknown``)."""
        return self.spec.family if self.spec else "unknown"

    @property
    def kind(self) -> MatchKind:
        """Return ``exact``, ``pattern``, ``range``, ``negated``, ``presence`` or ``unknown``."""
        return self.spec.kind if self.spec else "unknown"

    @property
    def negated(self) -> bool:
        """Return whether the base operator is a negated match (``StringNotEquals``...)."""
        return bool(self.spec and self.spec.negated)

    @property
    def exact(self) -> bool:
        """Return whether the base operator is an exact match."""
        return self.kind == "exact"

    @property
    def pattern(self) -> bool:
        """Return whether the base operator matches patterns (wildcards or CIDR ranges)."""
        return self.kind == "pattern"

    @property
    def restricting(self) -> bool:
        """Return whether this operator lets only requests that carry a matching value through.

        True for an exact, pattern or range test without ``IfExists`` and without
        ``ForAllValues`` (``ForAnyValue`` fails on an empty set, so it restricts too).
        Negated operators, ``IfExists``, ``ForAllValues`` and ``Null`` all let a request
        without the key, or with any other value, through; an unknown operator is not
        counted as restricting. Whether the *values* restrict (``StringLike "*"`` does not)
        is :func:`value_matches_anything`'s question.
        """
        return (
            self.kind in ("exact", "pattern", "range")
            and not self.if_exists
            and self.qualifier != "ForAllValues"
        )

    def passes_when_absent(self, null_value: bool | None = None) -> bool:
        """Return whether the condition is true when the key is absent from the request.

        ``IfExists``, ``ForAllValues`` (vacuous truth on an empty set) and negated operators
        pass; ``ForAnyValue`` and plain positive operators fail. For ``Null`` give its
        value: ``Null: true`` passes on an absent key, ``Null: false`` fails. Unknown
        operators fail (IAM refuses such a policy).
        """
        if self.spec is None:
            return False
        if self.spec.family == "Null":
            return bool(null_value)
        if self.if_exists or self.qualifier == "ForAllValues":
            return True
        if self.qualifier == "ForAnyValue":
            return False
        return self.spec.negated


def parse_operator(name: str) -> Operator:
    """Take an operator name apart; never raises (an undocumented name is ``known=False``).

    >>> parse_operator("ForAnyValue:StringLikeIfExists").base
    'StringLike'
    """
    qualifier: SetQualifier | None = None
    base = name
    for prefix in _QUALIFIERS:
        if base.startswith(prefix + ":"):
            qualifier = prefix
            base = base[len(prefix) + 1 :]
            break
    if_exists = base.endswith(_IF_EXISTS) and base != _IF_EXISTS
    if if_exists:
        base = base[: -len(_IF_EXISTS)]
    spec = CATALOGUE.get(base)
    if spec is not None and spec.family == "Null" and (if_exists or qualifier is not None):
        spec = None
    return Operator(name=name, qualifier=qualifier, base=base, if_exists=if_exists, spec=spec)


def is_known_operator(name: str) -> bool:
    """Return whether ``name`` is a documented operator (with its qualifier and IfExists)."""
    return parse_operator(name).known


def value_is_literal(operator: Operator, value: str) -> bool:
    """Return whether ``value`` matches exactly one string under ``operator``.

    True for exact operators, and for wildcard operators whose value holds no ``*`` or ``?``.
    A ``${...}`` policy variable counts as literal (it is one value per request).
    """
    if operator.spec is None:
        return False
    if operator.spec.wildcards:
        return "*" not in value and "?" not in value
    return operator.spec.kind in ("exact", "negated") and operator.spec.comparison == "equals"


def value_matches_anything(operator: Operator, value: str) -> bool:
    """Return whether a positive ``operator`` with ``value`` matches every present value.

    ``StringLike "*"``, ``ArnLike "*"`` or ``"arn:*:*:*:*:*"``-style patterns made of
    wildcards only, and ``IpAddress "0.0.0.0/0"`` or ``"::/0"``.
    """
    if operator.spec is None or operator.spec.negated:
        return False
    if operator.spec.wildcards:
        if "*" not in value:
            return False
        if operator.spec.family == "Arn":
            # Each of the six colon-separated parts is matched on its own.
            return all(part.strip("*?") == "" or part == "arn" for part in value.split(":"))
        return value.strip("*?") == ""
    if operator.spec.comparison == "cidr":
        return value.strip() in ("0.0.0.0/0", "::/0")
    return False
