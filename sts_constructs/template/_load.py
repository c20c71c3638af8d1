"""Load CloudFormation templates written in JSON or YAML, intrinsic functions left unresolved.

YAML short forms become the long JSON forms (``!Ref X`` -> ``{"Ref": "X"}``,
``!GetAtt A.B`` -> ``{"Fn::GetAtt": ["A", "B"]}``), and dates stay strings, so
``Version: 2012-10-17`` reads as the string IAM expects.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


def parse_template(text: str, *, source: str = "<template>") -> dict[str, Any]:
    """Parse template text (JSON, or YAML with short-form tags) into a dict.

    Raises ``TemplateError`` naming ``source`` when the text is not a template.
    """
    stripped = text.lstrip()
    try:
        # A SafeLoader subclass: no arbitrary Python objects.
        document = json.loads(text) if stripped.startswith("{") else yaml.load(text, Loader=_Loader)
    except json.JSONDecodeError as error:
        raise TemplateError(
            f"{source}: not valid JSON (line {error.lineno}: {error.msg})"
        ) from error
    except yaml.YAMLError as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise TemplateError(f"{source}: not valid YAML ({first_line})") from error
    if not isinstance(document, dict):
        raise TemplateError(f"{source}: a template must be a JSON or YAML object (mapping)")
    resources = document.get("Resources", {})
    if not isinstance(resources, dict):
        raise TemplateError(f"{source}: 'Resources' must be a mapping of logical IDs")
    return document


def load_template(path: str | Path) -> dict[str, Any]:
    """Read the CloudFormation template at ``path`` (JSON or YAML) into a dict.

    Raises ``TemplateError`` with a one-line reason when the file cannot be read or parsed.
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise TemplateError(f"{source}: no such file") from error
    except IsADirectoryError as error:
        raise TemplateError(f"{source}: is a directory without a manifest.json") from error
    except UnicodeDecodeError as error:
        raise TemplateError(f"{source}: not UTF-8 text") from error
    except OSError as error:
        raise TemplateError(f"{source}: cannot read ({error.strerror or error})") from error
    return parse_template(text, source=source)
