"""Load CloudFormation templates written in JSON or YAML, intrinsic functions left unresolved.

YAML short forms become the long JSON forms (``!Ref X`` -> ``{"Ref": "X"}``,
``!GetAtt A.B`` -> ``{"Fn::GetAtt": ["A", "B"]}``), and dates stay strings, so
``Version: 2012-10-17`` reads as the string IAM expects.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, Final

import yaml

__all__ = ["TemplateError", "load_template", "parse_template"]

# Short-form tags whose long form is "Fn::<Name>"; !Ref and !Condition are handled apart.
_FN_TAGS = (
    "And",
    "Base64",
    "Cidr",
    "Contains",
    "EachMemberEquals",
    "EachMemberIn",
    "Equals",
    "FindInMap",
    "ForEach",
    "GetAtt",
    "GetAZs",
    "If",
    "ImportValue",
    "Join",
    "Length",
    "Not",
    "Or",
    "RefAll",
    "Select",
    "Split",
    "Sub",
    "ToJsonString",
    "Transform",
    "ValueOf",
    "ValueOfAll",
)


class TemplateError(Exception):
    """Report a template that cannot be read or parsed; the message is one line."""


_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """Read YAML the way CloudFormation does: short-form tags, no implicit timestamps."""


# CloudFormation has no timestamp type: "2012-10-17" is a string.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct(loader: Any, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


def _make_constructor(key: str) -> Any:
    def construct(loader: Any, node: yaml.Node) -> dict[str, Any]:
        value = _construct(loader, node)
        if key == "Fn::GetAtt" and isinstance(value, str):
            resource, _, attribute = value.partition(".")
            value = [resource, attribute]
        return {key: value}

    return construct


_Loader.add_constructor("!Ref", _make_constructor("Ref"))
_Loader.add_constructor("!Condition", _make_constructor("Condition"))
for _name in _FN_TAGS:
    _Loader.add_constructor(f"!{_name}", _make_constructor(f"Fn::{_name}"))


# Deeper than any template needs (CDK's deepest are about 15 levels); refused, not recursed.
MAX_TEMPLATE_DEPTH: Final = 100
# Far above CloudFormation's 1 MB (STS-LIMIT10 reports those); a file larger is not read.
MAX_TEMPLATE_BYTES: Final = 16 * 1024 * 1024


def parse_template(text: str, *, source: str = "<template>") -> dict[str, Any]:
    """Parse template text (JSON, or YAML with short-form tags) into a dict.

    YAML aliases (``*name``) are refused, as CloudFormation does: a few hundred bytes of
    aliases can expand to billions of nodes. Raises ``TemplateError`` naming ``source`` when
    the text is not a template, holds aliases, or is nested deeper than
    ``MAX_TEMPLATE_DEPTH`` levels.
    """
    stripped = text.lstrip()
    try:
        if stripped.startswith("{"):
            document = json.loads(text)
        else:
            if "*" in text:
                _refuse_aliases(text, source)
            # A SafeLoader subclass: no arbitrary Python objects.
            document = yaml.load(text, Loader=_Loader)
    except json.JSONDecodeError as error:
        raise TemplateError(
            f"{source}: not valid JSON (line {error.lineno}: {error.msg})"
        ) from error
    except yaml.YAMLError as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise TemplateError(f"{source}: not valid YAML ({first_line})") from error
    except RecursionError:
        raise TemplateError(
            f"{source}: nested deeper than {MAX_TEMPLATE_DEPTH} levels; no template needs that"
        ) from None
    if not isinstance(document, dict):
        raise TemplateError(f"{source}: a template must be a JSON or YAML object (mapping)")
    if _depth(document) > MAX_TEMPLATE_DEPTH:
        raise TemplateError(
            f"{source}: nested deeper than {MAX_TEMPLATE_DEPTH} levels; no template needs that"
        )
    resources = document.get("Resources", {})
    if not isinstance(resources, dict):
        raise TemplateError(f"{source}: 'Resources' must be a mapping of logical IDs")
    return document


def _refuse_aliases(text: str, source: str) -> None:
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            line = f" (line {mark.line + 1})" if mark is not None else ""
            raise TemplateError(
                f"{source}: YAML alias *{event.anchor}{line}: aliases are not allowed in "
                "templates (CloudFormation does not support them either)"
            )


def _depth(value: Any) -> int:
    """Return how deeply ``value`` nests lists and mappings (iteratively: never recurses)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > MAX_TEMPLATE_DEPTH:
                return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return deepest if isinstance(value, dict | list) else 0


def load_template(path: str | Path) -> dict[str, Any]:
    """Read the CloudFormation template at ``path`` (JSON or YAML) into a dict.

    Only regular files are read (a FIFO or a device would block or never end), up to
    ``MAX_TEMPLATE_BYTES``. Raises ``TemplateError`` with a one-line reason when the file
    cannot be read or parsed.
    """
    source = str(path)
    try:
        status = os.stat(path)
    except FileNotFoundError as error:
        raise TemplateError(f"{source}: no such file") from error
    except OSError as error:
        raise TemplateError(f"{source}: cannot read ({error.strerror or error})") from error
    if stat.S_ISDIR(status.st_mode):
        raise TemplateError(f"{source}: is a directory without a manifest.json")
    if not stat.S_ISREG(status.st_mode):
        raise TemplateError(f"{source}: not a regular file (a FIFO, socket or device is not read)")
    if status.st_size > MAX_TEMPLATE_BYTES:
        raise TemplateError(
            f"{source}: {status.st_size:,} bytes, over the {MAX_TEMPLATE_BYTES:,} this tool "
            "reads (CloudFormation takes at most 1 MB)"
        )
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise TemplateError(f"{source}: not UTF-8 text") from error
    except OSError as error:
        raise TemplateError(f"{source}: cannot read ({error.strerror or error})") from error
    return parse_template(text, source=source)
