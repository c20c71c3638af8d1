"""Parse policy documents into statements and conditions, the terms rules ask about."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Literal

from ._intrinsics import as_list, flatten, is_intrinsic, literal_strings

__all__ = [
    "Condition",
    "Statement",
    "action_matches",
    "iter_strings",
    "parse_conditions",
    "parse_statements",
]


@dataclass(frozen=True)
class Condition:
    """Describe one key of a ``Condition`` block, with its operator taken apart.

    ``ForAllValues:StringLikeIfExists`` has ``qualifier="ForAllValues"``,
    ``base="StringLike"`` and ``if_exists=True``. ``key`` is lower-cased (IAM condition
    keys are case-insensitive; ``name`` keeps the spelling) and ``values`` is always a list.
    """

    operator: str
    base: str
    qualifier: str | None
    if_exists: bool
    key: str
    values: tuple[Any, ...]
    name: str = ""  # The key as written, for messages.

    @property
    def is_positive_match(self) -> bool:
        """Return whether this condition is a plain ``StringEquals``/``Like``/``Arn*`` test.

        Only those restrict who matches: negated operators, ``IfExists`` and the set
        qualifiers all let a request without the key through.
        """
        return (
            self.qualifier is None
            and not self.if_exists
            and self.base in {"StringEquals", "StringLike", "ArnEquals", "ArnLike"}
        )

    def literal_values(self) -> list[str]:
        """Return the values that are plain strings."""
        return literal_strings(self.values)


def _parse_operator(operator: str) -> tuple[str, str | None, bool]:
    qualifier: str | None = None
    base = operator
    for prefix in ("ForAllValues:", "ForAnyValue:"):
        if base.startswith(prefix):
            qualifier = prefix[:-1]
            base = base[len(prefix) :]
    if_exists = base.endswith("IfExists")
    if if_exists:
        base = base[: -len("IfExists")]
    return base, qualifier, if_exists


def parse_conditions(block: Any) -> tuple[Condition, ...] | None:
    """Return the conditions of a ``Condition`` block, ``()`` for none, ``None`` if unknown."""
    if block is None:
        return ()
    if not isinstance(block, dict) or is_intrinsic(block):
        return None
    found: list[Condition] = []
    for operator, keys in block.items():
        if not isinstance(operator, str) or not isinstance(keys, dict) or is_intrinsic(keys):
            return None
        base, qualifier, if_exists = _parse_operator(operator)
        for key, value in keys.items():
            found.append(
                Condition(
                    operator=operator,
                    base=base,
                    qualifier=qualifier,
                    if_exists=if_exists,
                    key=str(key).lower(),
                    values=tuple(as_list(value)),
                    name=str(key),
                )
            )
    return tuple(found)


PrincipalType = Literal["AWS", "Service", "Federated", "CanonicalUser", "*"]


@dataclass(frozen=True)
class Statement:
    """Describe one policy statement in the terms the rules ask about.

    ``principals`` maps ``AWS``/``Service``/``Federated``/``CanonicalUser`` to their values,
    and ``"*"`` to ``["*"]`` for ``Principal: "*"``; it is empty for a ``NotPrincipal``
    statement (which trusts everyone else, see ``not_principal``). ``conditions`` is ``None``
    when the ``Condition`` block is an intrinsic function whose content is unknown until
    deploy time.
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

    @property
    def allows(self) -> bool:
        """Return whether the statement is an ``Allow``."""
        return self.effect == "Allow"

    def conditions_on(self, *keys: str) -> list[Condition]:
        """Return the conditions on any of ``keys`` (compared case-insensitively)."""
        wanted = {key.lower() for key in keys}
        return [c for c in self.conditions or () if c.key in wanted]

    def literal_actions(self) -> list[str]:
        """Return the actions that are plain strings."""
        return literal_strings(self.actions)


def _parse_principal(value: Any) -> dict[str, tuple[Any, ...]]:
    if value == "*":
        return {"*": ("*",)}
    if not isinstance(value, dict) or is_intrinsic(value):
        return {}
    return {str(kind): tuple(as_list(values)) for kind, values in value.items()}


def parse_statements(document: Any) -> list[Statement]:
    """Return the statements of a policy document; parts that are not statements are skipped.

    A document given as a JSON string (CloudFormation accepts one) is parsed first.
    """
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return []
    if not isinstance(document, dict) or is_intrinsic(document):
        return []
    parsed: list[Statement] = []
    for index, raw in enumerate(as_list(document.get("Statement"))):
        if not isinstance(raw, dict) or is_intrinsic(raw):
            continue
        not_principal = "NotPrincipal" in raw
        action_key = "NotAction" if "NotAction" in raw else "Action"
        resource_key = "NotResource" if "NotResource" in raw else "Resource"
        parsed.append(
            Statement(
                index=index,
                effect=flatten(raw.get("Effect")),
                principals={} if not_principal else _parse_principal(raw.get("Principal")),
                not_principal=not_principal,
                actions=tuple(as_list(raw.get(action_key))),
                not_action=action_key == "NotAction",
                resources=tuple(as_list(raw.get(resource_key))),
                not_resource=resource_key == "NotResource",
                conditions=parse_conditions(raw.get("Condition")),
            )
        )
    return parsed


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
