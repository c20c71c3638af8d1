"""Statements and conditions of a policy document, in the terms rules and evaluators ask about.

``parse_document`` reads a document whose intrinsic functions are already resolved (see
``sts_constructs.template.resolve``) and says what it could not read; ``read_policy`` (in
``_documents``) does the resolving, ``Fn::If`` branches and text documents included.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, Final, Literal

from ._intrinsics import describe, flatten
from ._values import Text, Unknown, as_list, literal_strings

if TYPE_CHECKING:
    from sts_constructs.evaluator.operators import Operator

__all__ = [
    "Condition",
    "PrincipalType",
    "Statement",
    "action_matches",
    "iter_strings",
    "parse_document",
]

DOCUMENT_ELEMENTS: Final = ("Version", "Id", "Statement")
STATEMENT_ELEMENTS: Final = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
PRINCIPAL_TYPES: Final = ("AWS", "Service", "Federated", "CanonicalUser")
VERSIONS: Final = ("2012-10-17", "2008-10-17")


@dataclass(frozen=True)
class Condition:
    """Describe one key of a ``Condition`` block, with its operator taken apart.

    ``ForAllValues:StringLikeIfExists`` has ``qualifier="ForAllValues"``,
    ``base="StringLike"`` and ``if_exists=True``; :attr:`op` is the operator as the one
    catalogue (``sts_constructs.evaluator.operators``) classifies it. ``key`` is lower-cased
    (IAM condition keys are case-insensitive; ``name`` keeps the spelling) and ``values`` is
    always a tuple of resolved values: ``str`` (also ``bool`` or numbers, as written),
    :class:`Text` or :class:`Unknown`.
    """

    operator: str
    base: str
    qualifier: str | None
    if_exists: bool
    key: str
    values: tuple[Any, ...]
    name: str = ""  # The key as written, for messages.

    @property
    def op(self) -> Operator:
        """Return the operator, classified by the one catalogue of condition operators."""
        # Imported here: the evaluator builds on this package, so a module-level import
        # could run in a circle.
        from sts_constructs.evaluator.operators import parse_operator

        return parse_operator(self.operator)

    @property
    def is_positive_match(self) -> bool:
        """Return whether the operator only lets requests with a matching value through.

        An exact or pattern test (``StringEquals``, ``StringEqualsIgnoreCase``,
        ``StringLike``, ``ArnLike``, ``IpAddress``...) without ``IfExists`` or
        ``ForAllValues``. Negated operators, ``IfExists``, ``ForAllValues`` and ``Null`` let
        a request without the key through; whether the *values* narrow anything is a
        separate question (see ``sts_constructs.checks``).
        """
        op = self.op
        return op.restricting and op.kind in ("exact", "pattern")

    def literal_values(self) -> list[str]:
        """Return the values that are fully known strings (booleans and numbers as text)."""
        return literal_strings(self.values)


PrincipalType = Literal["AWS", "Service", "Federated", "CanonicalUser", "*"]


@dataclass(frozen=True)
class Statement:
    """Describe one policy statement in the terms the rules ask about.

    ``principals`` maps ``AWS``/``Service``/``Federated``/``CanonicalUser`` to their values,
    and ``"*"`` to ``("*",)`` for ``Principal: "*"``; it is empty for a ``NotPrincipal``
    statement (which trusts everyone else, see ``not_principal``). Values are resolved:
    ``str``, :class:`Text` or :class:`Unknown`. ``conditions`` is ``None`` when the
    ``Condition`` block is known only at deploy time. ``when`` says under which template
    conditions the statement is deployed (``"if IsProd is true"``), ``""`` when always; it
    does not take part in comparisons.
    """

    index: int
    effect: str
    principals: Mapping[str, tuple[Any, ...]]
    not_principal: bool
    actions: tuple[Any, ...]
    not_action: bool
    resources: tuple[Any, ...]
    not_resource: bool
    conditions: tuple[Condition, ...] | None
    when: str = field(default="", compare=False)

    @property
    def allows(self) -> bool:
        """Return whether the statement is an ``Allow`` (an unreadable effect reads as one)."""
        return self.effect != "Deny"

    def conditions_on(self, *keys: str) -> list[Condition]:
        """Return the conditions on any of ``keys`` (compared case-insensitively)."""
        wanted = {key.lower() for key in keys}
        return [c for c in self.conditions or () if c.key in wanted]

    def literal_actions(self) -> list[str]:
        """Return the actions that are fully known strings."""
        return literal_strings(self.actions)


def parse_document(document: Any) -> tuple[list[Statement], list[str]]:
    """Return the statements of a resolved policy document and what could not be read.

    Each problem is one sentence naming the part not read (``statement 1: 'effect' is not
    an IAM policy element ...``). A statement with an unreadable ``Effect`` reads as an
    ``Allow``: a risk that cannot be ruled out is not treated as safe.
    """
    problems: list[str] = []
    if isinstance(document, Unknown):
        return [], [f"the document is {document.source}, known only at deploy time"]
    if not isinstance(document, dict):
        return [], [f"the document is {_kind(document)}, not a JSON object"]
    for key in document:
        if key not in DOCUMENT_ELEMENTS:
            problems.append(f"the document element {key!r} is not read{_spelling(key)}")
    version = document.get("Version")
    if version is not None and version not in VERSIONS:
        problems.append(f"Version {flatten(version)!r} is not one IAM accepts (2012-10-17)")
    raw = document.get("Statement")
    if raw is None:
        problems.append("the document has no 'Statement'")
        return [], problems
    if isinstance(raw, Unknown):
        problems.append(f"'Statement' is {raw.source}, known only at deploy time")
        return [], problems
    if not isinstance(raw, list | dict):
        problems.append(f"'Statement' is {_kind(raw)}, not a list of statements")
        return [], problems
    statements = []
    for index, item in enumerate(as_list(raw)):
        statement = _parse_statement(index, item, problems)
        if statement is not None:
            statements.append(statement)
    return statements, problems


def _parse_statement(index: int, raw: Any, problems: list[str]) -> Statement | None:
    where = f"statement {index}"
    if not isinstance(raw, dict):
        shown = raw.source if isinstance(raw, Unknown) else _kind(raw)
        problems.append(f"{where} is {shown}, not a JSON object")
        return None
    for key in raw:
        if key not in STATEMENT_ELEMENTS:
            problems.append(f"{where}: the element {key!r} is not read{_spelling(key)}")
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        problems.append(f"{where}: Effect {describe(effect)!r} is not 'Allow' or 'Deny'")
        effect = "Allow"
    not_principal = "NotPrincipal" in raw
    principal_key = "NotPrincipal" if not_principal else "Principal"
    principals = _parse_principal(raw.get(principal_key), f"{where}: {principal_key}", problems)
    action_key = "NotAction" if "NotAction" in raw else "Action"
    resource_key = "NotResource" if "NotResource" in raw else "Resource"
    return Statement(
        index=index,
        effect=effect,
        principals={} if not_principal else principals,
        not_principal=not_principal,
        actions=_strings(raw.get(action_key), f"{where}: {action_key}", problems),
        not_action=action_key == "NotAction",
        resources=_strings(raw.get(resource_key), f"{where}: {resource_key}", problems),
        not_resource=resource_key == "NotResource",
        conditions=_parse_conditions(raw.get("Condition"), where, problems),
    )


def _parse_principal(value: Any, where: str, problems: list[str]) -> dict[str, tuple[Any, ...]]:
    if value is None:
        return {}
    if value == "*":
        return {"*": ("*",)}
    if isinstance(value, Unknown):
        problems.append(f"{where} is {value.source}, known only at deploy time")
        return {}
    if not isinstance(value, dict):
        problems.append(f"{where} is {_kind(value)}: IAM takes '*' or an object of types")
        return {}
    parsed: dict[str, tuple[Any, ...]] = {}
    for kind, values in value.items():
        if kind not in PRINCIPAL_TYPES:
            problems.append(f"{where}: the principal type {kind!r} is not read{_spelling(kind)}")
            continue
        parsed[kind] = _strings(values, f"{where}.{kind}", problems)
    return parsed


def _strings(value: Any, where: str, problems: list[str]) -> tuple[Any, ...]:
    items = []
    for item in as_list(value):
        if isinstance(item, str | Text | Unknown | bool | int | float):
            items.append(item)
        else:
            problems.append(f"{where} holds {_kind(item)}, not a string")
            items.append(Unknown(f"an unreadable {_kind(item)}"))
    return tuple(items)


def _parse_conditions(block: Any, where: str, problems: list[str]) -> tuple[Condition, ...] | None:
    if block is None:
        return ()
    if isinstance(block, Unknown):
        problems.append(f"{where}: Condition is {block.source}, known only at deploy time")
        return None
    if not isinstance(block, dict):
        problems.append(f"{where}: Condition is {_kind(block)}, not an object of operators")
        return None
    found: list[Condition] = []
    for operator, keys in block.items():
        if not isinstance(keys, dict):
            shown = keys.source if isinstance(keys, Unknown) else _kind(keys)
            problems.append(f"{where}: the keys of {operator!r} are {shown}, not an object")
            return None
        from sts_constructs.evaluator.operators import parse_operator

        op = parse_operator(operator)
        if not op.known:
            problems.append(f"{where}: {operator!r} is not a condition operator IAM documents")
        for key, value in keys.items():
            found.append(
                Condition(
                    operator=operator,
                    base=op.base,
                    qualifier=op.qualifier,
                    if_exists=op.if_exists,
                    key=str(key).lower(),
                    values=_strings(value, f"{where}: {operator}.{key}", problems),
                    name=str(key),
                )
            )
    return tuple(found)


def _kind(value: Any) -> str:
    if isinstance(value, Unknown):
        return value.source
    if isinstance(value, Text):
        return f"the text {str(value)!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    if isinstance(value, bool | int | float):
        return f"the {type(value).__name__} {value!r}"
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"the string {shown!r}"


def _spelling(key: str) -> str:
    for known in (*DOCUMENT_ELEMENTS, *STATEMENT_ELEMENTS, *PRINCIPAL_TYPES):
        if key.lower() == known.lower():
            return f" (IAM spells it {known!r})"
    return ""


def action_matches(pattern: str, action: str) -> bool:
    """Return whether the IAM action ``pattern`` (``*`` and ``?`` wildcards) covers ``action``."""
    return fnmatchcase(action.lower(), pattern.lower())


def iter_strings(value: Any) -> Iterator[str]:
    """Yield every plain string inside ``value`` (keys excluded)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from iter_strings(item)
