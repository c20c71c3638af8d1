"""Read IAM policy documents as CloudFormation holds them, intrinsic functions included.

Everything here is total: malformed or unresolved parts read as "unknown", never raise.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Final, Literal

__all__ = [
    "Condition",
    "Statement",
    "action_matches",
    "as_list",
    "describe",
    "estimate_policy_chars",
    "flatten",
    "is_intrinsic",
    "literal_strings",
    "parse_statements",
    "principal_account",
]

# Marks a part of a flattened string that is only known at deploy time.
UNKNOWN: Final = "${?}"
OWN_ACCOUNT: Final = "${AWS::AccountId}"

# Longest value each pseudo parameter resolves to, for size estimates.
_PSEUDO_CHARS: Final = {
    "AWS::AccountId": 12,
    "AWS::Partition": 10,  # aws-us-gov
    "AWS::Region": 14,  # ap-southeast-4
    "AWS::URLSuffix": 16,  # amazonaws.com.cn
    "AWS::StackName": 128,
    "AWS::StackId": 160,
    "AWS::NoValue": 0,
}
_SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")
_ACCOUNT = re.compile(r"^\d{12}$")
_IAM_ARN = re.compile(r"^arn:[^:]*:(?:iam|sts)::([^:]*):")


def is_intrinsic(value: Any) -> bool:
    """Return whether ``value`` is an intrinsic function call such as ``{"Ref": ...}``."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (key,) = value
    return isinstance(key, str) and (key == "Ref" or key.startswith("Fn::"))


def as_list(value: Any) -> list[Any]:
    """Return ``value`` as a list: ``None`` is empty, a scalar or mapping is one item."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def flatten(value: Any) -> str:
    """Return the string ``value`` resolves to, with deploy-time parts as ``${?}``.

    The account of the stack itself reads ``${AWS::AccountId}`` and the partition ``aws``,
    so ``arn:${AWS::Partition}:iam::${AWS::AccountId}:root`` stays recognisable.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if not is_intrinsic(value):
        return UNKNOWN
    ((function, argument),) = value.items()
    if function == "Ref":
        if argument == "AWS::AccountId":
            return OWN_ACCOUNT
        if argument == "AWS::Partition":
            return "aws"
        if argument == "AWS::URLSuffix":
            return "amazonaws.com"
        return UNKNOWN
    if function == "Fn::Join":
        if (
            isinstance(argument, list)
            and len(argument) == 2
            and isinstance(argument[0], str)
            and isinstance(argument[1], list)
        ):
            return argument[0].join(flatten(part) for part in argument[1])
        return UNKNOWN
    if function == "Fn::Sub":
        text, variables = _sub_parts(argument)
        if text is None:
            return UNKNOWN
        return _SUB_VARIABLE.sub(lambda match: _sub_flatten(match.group(1), variables), text)
    return UNKNOWN


def _sub_parts(argument: Any) -> tuple[str | None, Mapping[str, Any]]:
    if isinstance(argument, str):
        return argument, {}
    if (
        isinstance(argument, list)
        and len(argument) == 2
        and isinstance(argument[0], str)
        and isinstance(argument[1], dict)
    ):
        return argument[0], argument[1]
    return None, {}


def _sub_flatten(name: str, variables: Mapping[str, Any]) -> str:
    if name in variables:
        return flatten(variables[name])
    return flatten({"Ref": name}) if "." not in name else UNKNOWN


def describe(value: Any) -> str:
    """Return ``value`` for a message: a string as is, ``{"Ref": "X"}`` as ``X``."""
    if is_intrinsic(value) and isinstance(value.get("Ref"), str):
        return str(value["Ref"])
    if is_intrinsic(value) and "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        return ".".join(map(str, target)) if isinstance(target, list) else str(target)
    return flatten(value)


def literal_strings(values: Sequence[Any]) -> list[str]:
    """Return the values that are plain strings (or booleans and numbers, as IAM reads them)."""
    return [flatten(v) for v in values if not isinstance(v, dict | list) and v is not None]


AccountKind = Literal["any", "own", "unknown"]


def principal_account(value: Any, *, own_account: str | None) -> AccountKind | str:
    """Return the account an ``AWS`` principal belongs to.

    ``"any"`` for ``*``, ``"own"`` for the stack's own account, a 12-digit ID for another
    account, or ``"unknown"`` when the value (or the stack's own account) is only known
    at deploy time.
    """
    text = flatten(value)
    if text == "*":
        return "any"
    if text == OWN_ACCOUNT:
        return "own"
    match = _IAM_ARN.match(text)
    account = match.group(1) if match else text
    if account == OWN_ACCOUNT:
        return "own"
    if not _ACCOUNT.match(account):
        return "unknown"
    if own_account is None or not _ACCOUNT.match(own_account):
        return "unknown"
    return "own" if account == own_account else account


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


def estimate_policy_chars(document: Any, *, unresolved_chars: int) -> int:
    """Return the characters IAM would count for ``document``: its JSON without whitespace.

    Intrinsic functions count as the string they resolve to, estimated from above: pseudo
    parameters at their longest value, ``Ref``/``Fn::GetAtt`` and other deploy-time values as
    ``unresolved_chars``, ``Fn::Join``/``Fn::Sub`` as their parts, ``Fn::If`` as its longer
    branch.
    """
    if isinstance(document, str):
        # Not JSON: count the string as IAM would receive it.
        with contextlib.suppress(ValueError):
            document = json.loads(document)
    return _size(document, unresolved_chars)


def _string_chars(text: str) -> int:
    encoded = json.dumps(text, ensure_ascii=False)
    return len(encoded) - sum(1 for char in text if char.isspace())


def _size(value: Any, unresolved: int) -> int:
    if isinstance(value, str):
        return _string_chars(value)
    if isinstance(value, bool) or value is None:
        return len(json.dumps(value))
    if isinstance(value, int | float):
        return len(json.dumps(value))
    if isinstance(value, list):
        return 2 + sum(_size(item, unresolved) for item in value) + max(len(value) - 1, 0)
    if isinstance(value, dict):
        if is_intrinsic(value):
            ((function, argument),) = value.items()
            if function == "Fn::If" and isinstance(argument, list) and len(argument) == 3:
                return max(_size(argument[1], unresolved), _size(argument[2], unresolved))
            return 2 + _text_chars(value, unresolved)
        items = sum(
            _string_chars(str(key)) + 1 + _size(item, unresolved) for key, item in value.items()
        )
        return 2 + items + max(len(value) - 1, 0)
    return unresolved


def _text_chars(value: Any, unresolved: int) -> int:
    """Return the estimated length of the string ``value`` resolves to (no quotes)."""
    if isinstance(value, str):
        return _string_chars(value) - 2
    if isinstance(value, bool | int | float):
        return len(json.dumps(value))
    if not is_intrinsic(value):
        return unresolved
    ((function, argument),) = value.items()
    if function == "Ref":
        return _PSEUDO_CHARS.get(argument, unresolved) if isinstance(argument, str) else unresolved
    if function == "Fn::Join":
        if (
            isinstance(argument, list)
            and len(argument) == 2
            and isinstance(argument[0], str)
            and isinstance(argument[1], list)
        ):
            parts = argument[1]
            return sum(_text_chars(p, unresolved) for p in parts) + len(argument[0]) * max(
                len(parts) - 1, 0
            )
        return unresolved
    if function == "Fn::Sub":
        text, variables = _sub_parts(argument)
        if text is None:
            return unresolved
        total = len(text) - sum(1 for char in text if char.isspace())
        for match in _SUB_VARIABLE.finditer(text):
            name = match.group(1)
            if name in variables:
                replacement = _text_chars(variables[name], unresolved)
            else:
                replacement = _PSEUDO_CHARS.get(name, unresolved)
            total += replacement - len(match.group(0))
        return total
    if function == "Fn::If" and isinstance(argument, list) and len(argument) == 3:
        return max(_text_chars(argument[1], unresolved), _text_chars(argument[2], unresolved))
    if function == "Fn::Select" and isinstance(argument, list) and len(argument) == 2:
        if isinstance(argument[1], list) and argument[1]:
            return max(_text_chars(item, unresolved) for item in argument[1])
        return unresolved
    if function == "Fn::Base64":
        return -(-_text_chars(argument, unresolved) // 3) * 4
    return unresolved
