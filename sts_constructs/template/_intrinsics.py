"""Resolve CloudFormation intrinsic functions in values read from a template.

``resolve`` turns a value into what CloudFormation deploys: ``Fn::Join`` and ``Fn::Sub`` of
literals and pseudo parameters become plain strings, ``Fn::If`` takes the branch its
condition names, ``AWS::NoValue`` removes the key or item. What only deploy time knows (a
parameter, a resource attribute, an import) becomes an explicit :class:`Unknown`, or a
:class:`Text` when only part of a string is unknown: never a value that looks safe.
Everything here is total: malformed input reads as unknown, never raises.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ._values import NO_VALUE, UNKNOWN, Text, Unknown, is_intrinsic

__all__ = ["condition_names", "describe", "flatten", "resolve"]

SUB_VARIABLE: Final = re.compile(r"\$\{([^}!][^}]*)\}")
_SUB_TOKEN: Final = re.compile(r"\$\{(!?)([^}]*)\}")
# Pseudo parameters whose value is an identifier AWS chooses (never a wildcard pattern).
_PSEUDO_UNKNOWN: Final = frozenset(
    {"AWS::Region", "AWS::StackName", "AWS::StackId", "AWS::NotificationARNs"}
)
# Pseudo parameters read as their commercial-partition value: templates are written for it.
_PSEUDO_KNOWN: Final = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}


def condition_names(value: Any) -> list[str]:
    """Return the condition names the ``Fn::If`` calls inside ``value`` test, in order."""
    found: dict[str, None] = {}
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            branch = item.get("Fn::If") if len(item) == 1 else None
            if isinstance(branch, list) and branch and isinstance(branch[0], str):
                found.setdefault(branch[0])
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return list(found)


def resolve(
    value: Any,
    *,
    conditions: Mapping[str, bool] | None = None,
    account_id: str | None = None,
    resources: Mapping[str, Any] | None = None,
) -> Any:
    """Return ``value`` as CloudFormation deploys it, intrinsic functions resolved.

    ``conditions`` gives the value of each condition ``Fn::If`` tests (one not given makes
    the ``Fn::If`` an :class:`Unknown`); ``account_id`` is the stack's own account, when
    known (else ``AWS::AccountId`` is ``Unknown("AWS::AccountId", identifier=True)``);
    ``resources`` are the template's resources by logical ID, so a ``Ref`` or
    ``Fn::GetAtt`` of one of them is an identifier. Strings come back as ``str`` when fully
    known, else as :class:`Text`; a whole unknown value as :class:`Unknown`;
    ``AWS::NoValue`` as :data:`NO_VALUE` (and removes its key or item inside mappings and
    lists). ``AWS::Partition`` reads ``aws`` and ``AWS::URLSuffix`` ``amazonaws.com``.
    """
    return _Resolver(conditions or {}, account_id, resources or {}).value(value)


# Deeper than any template needs; the loader refuses deeper templates, this guards the rest.
_MAX_DEPTH: Final = 100


@dataclass
class _Resolver:
    conditions: Mapping[str, bool]
    account_id: str | None
    resources: Mapping[str, Any]
    depth: int = 0
    expanding: set[str] = field(default_factory=set)  # CfnJson resources being read

    def value(self, value: Any) -> Any:
        if not isinstance(value, list | dict):
            return value
        if self.depth >= _MAX_DEPTH:
            return Unknown(f"a value nested deeper than {_MAX_DEPTH} levels")
        self.depth += 1
        try:
            return self._value(value)
        finally:
            self.depth -= 1

    def _value(self, value: Any) -> Any:
        if isinstance(value, list):
            items = (self.value(item) for item in value)
            return [item for item in items if item is not NO_VALUE]
        if not is_intrinsic(value):
            pairs = ((key, self.value(item)) for key, item in value.items())
            return {key: item for key, item in pairs if item is not NO_VALUE}
        ((function, argument),) = value.items()
        if function == "Ref":
            return self.ref(argument)
        if function == "Fn::If":
            if not (isinstance(argument, list) and len(argument) == 3):
                return Unknown("Fn::If (malformed)")
            chosen = self.conditions.get(argument[0]) if isinstance(argument[0], str) else None
            if chosen is None:
                return Unknown(f"Fn::If {argument[0]}")
            return self.value(argument[1] if chosen else argument[2])
        if function == "Fn::Join":
            return self.join(argument)
        if function == "Fn::Sub":
            return self.sub(argument)
        if function == "Fn::GetAtt":
            return self.get_att(argument)
        if function == "Fn::Select":
            return self.select(argument)
        return Unknown(function)

    def ref(self, name: Any) -> Any:
        if not isinstance(name, str):
            return Unknown("Ref (malformed)")
        if name == "AWS::NoValue":
            return NO_VALUE
        if name == "AWS::AccountId":
            return self.account_id or Unknown("AWS::AccountId", identifier=True)
        if name in _PSEUDO_KNOWN:
            return _PSEUDO_KNOWN[name]
        if name in _PSEUDO_UNKNOWN:
            return Unknown(name, identifier=True)
        if name in self.resources:
            return Unknown(f"Ref {name}", identifier=True, logical_id=name)
        return Unknown(f"Ref {name}")

    def get_att(self, argument: Any) -> Any:
        if isinstance(argument, str):
            argument = argument.split(".", 1)
        if isinstance(argument, list) and argument and isinstance(argument[0], str):
            if argument[1:] == ["Value"]:
                cfn_json = self.cfn_json(argument[0])
                if cfn_json is not None:
                    return cfn_json
            names = ".".join(str(part) for part in argument)
            if argument[0] in self.resources:
                return Unknown(f"Fn::GetAtt {names}", identifier=True, logical_id=argument[0])
            return Unknown(f"Fn::GetAtt {names}")
        return Unknown("Fn::GetAtt (malformed)")

    def cfn_json(self, logical_id: str) -> Any:
        """Return the value of CDK's ``CfnJson`` resource ``logical_id``: its JSON text, read."""
        resource = self.resources.get(logical_id)
        if not isinstance(resource, dict) or resource.get("Type") != "Custom::AWSCDKCfnJson":
            return None
        properties = resource.get("Properties")
        if not isinstance(properties, dict) or logical_id in self.expanding:
            return None
        from ._text import parse_json_text  # Builds on this module.

        self.expanding.add(logical_id)
        try:
            text = self.value(properties.get("Value"))
            return parse_json_text(text) if isinstance(text, str | Text) else None
        finally:
            self.expanding.discard(logical_id)

    def join(self, argument: Any) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str)):
            return Unknown("Fn::Join (malformed)")
        parts = self.value(argument[1])
        if not isinstance(parts, list):
            return Unknown("Fn::Join over a list known at deploy time")
        pieces: list[Any] = []
        for index, part in enumerate(parts):
            if index:
                pieces.append(argument[0])
            pieces.append(part)
        return _text(pieces)

    def sub(self, argument: Any) -> Any:
        text, variables = sub_parts(argument)
        if text is None:
            return Unknown("Fn::Sub (malformed)")
        pieces: list[Any] = []
        position = 0
        for match in _SUB_TOKEN.finditer(text):
            pieces.append(text[position : match.start()])
            position = match.end()
            escaped, name = match.groups()
            if escaped:  # "${!Literal}" renders as "${Literal}".
                pieces.append("${" + name + "}")
            elif name in variables:
                pieces.append(self.value(variables[name]))
            elif "." in name:
                pieces.append(self.get_att(name))
            else:
                pieces.append(self.ref(name.strip()))
        pieces.append(text[position:])
        return _text(pieces)

    def select(self, argument: Any) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2):
            return Unknown("Fn::Select (malformed)")
        index, items = self.value(argument[0]), self.value(argument[1])
        if isinstance(index, str) and index.isdigit():
            index = int(index)
        if isinstance(index, int) and isinstance(items, list) and 0 <= index < len(items):
            return items[index]
        return Unknown("Fn::Select")


def _text(pieces: Sequence[Any]) -> str | Text | Unknown:
    """Join resolved pieces into a string, a :class:`Text`, or an :class:`Unknown`."""
    parts: list[str | Unknown] = []
    for piece in pieces:
        if piece is NO_VALUE:
            continue
        if isinstance(piece, Text):
            candidates: Sequence[str | Unknown] = piece.parts
        elif isinstance(piece, Unknown):
            candidates = [piece]
        elif isinstance(piece, bool):
            candidates = ["true" if piece else "false"]
        elif isinstance(piece, str | int | float):
            candidates = [str(piece)]
        else:
            candidates = [Unknown("a list or mapping inside a string")]
        for candidate in candidates:
            if isinstance(candidate, str) and parts and isinstance(parts[-1], str):
                parts[-1] += candidate
            elif candidate != "":
                parts.append(candidate)
    if not parts:
        return ""
    if len(parts) == 1 and isinstance(parts[0], str):
        return parts[0]
    if len(parts) == 1 and isinstance(parts[0], Unknown):
        return parts[0]
    return Text(tuple(parts))


def sub_parts(argument: Any) -> tuple[str | None, Mapping[str, Any]]:
    """Return the text and the variables of an ``Fn::Sub`` argument (``None`` if malformed)."""
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


def flatten(value: Any) -> str:
    """Return the string ``value`` resolves to, with deploy-time parts as ``${?}``.

    The account of the stack itself reads ``${AWS::AccountId}`` and the partition ``aws``,
    so ``arn:${AWS::Partition}:iam::${AWS::AccountId}:root`` stays recognisable. ``Fn::If``
    reads as unknown: resolve it with :func:`resolve` and the condition's value first.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Unknown | Text):
        return str(value)
    if not is_intrinsic(value):
        return UNKNOWN
    return flatten(resolve(value))


def describe(value: Any) -> str:
    """Return ``value`` for a message: a string as is, ``{"Ref": "X"}`` as ``X``."""
    if isinstance(value, Unknown):
        return value.source
    if is_intrinsic(value) and isinstance(value.get("Ref"), str):
        return str(value["Ref"])
    if is_intrinsic(value) and "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        return ".".join(map(str, target)) if isinstance(target, list) else str(target)
    return flatten(value)
