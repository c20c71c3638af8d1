"""STS-READ3: a template, or an IAM resource in it, whose shape the checks cannot read.

A template without ``Resources``, a resource that is not an object or has no ``Type``, and
an IAM resource whose properties have the wrong type (``Policies`` that is not a list, a
``PolicyDocument`` that is a number) are said, not skipped: CloudFormation refuses most of
them, and none of them was checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from ...template import is_intrinsic
from .._context import TemplateContext
from .._finding import Rule

_DOCUMENT: Final = "a policy document (object or JSON text)"
_LIST: Final = "a list"
_TEXT: Final = "a string"
# Property -> expected shape, for the IAM resources the rules read.
_PROPERTY_SHAPES: Final[Mapping[str, Mapping[str, str]]] = {
    "AWS::IAM::Role": {
        "AssumeRolePolicyDocument": _DOCUMENT,
        "Policies": _LIST,
        "ManagedPolicyArns": _LIST,
        "RoleName": _TEXT,
        "Path": _TEXT,
    },
    "AWS::IAM::User": {"Policies": _LIST, "ManagedPolicyArns": _LIST, "Groups": _LIST},
    "AWS::IAM::Group": {"Policies": _LIST, "ManagedPolicyArns": _LIST},
    "AWS::IAM::Policy": {"PolicyDocument": _DOCUMENT, "Roles": _LIST, "Users": _LIST},
    "AWS::IAM::ManagedPolicy": {"PolicyDocument": _DOCUMENT, "Roles": _LIST, "Users": _LIST},
    "AWS::IAM::RolePolicy": {"PolicyDocument": _DOCUMENT},
    "AWS::IAM::UserPolicy": {"PolicyDocument": _DOCUMENT},
    "AWS::IAM::GroupPolicy": {"PolicyDocument": _DOCUMENT},
}


def _fits(value: Any, shape: str) -> bool:
    if is_intrinsic(value):
        return True
    if shape == _DOCUMENT:
        return isinstance(value, dict | str)
    if shape == _LIST:
        return isinstance(value, list)
    return isinstance(value, str)


def check(template: TemplateContext) -> Iterator[tuple[str, str]]:
    """Yield ``(logical ID, message)`` per part of the template that cannot be read."""
    raw = template.template.get("Resources")
    if not raw:
        yield (
            "",
            "The template has no Resources, so nothing was checked (and CloudFormation "
            "refuses a template without resources). Is this the template you meant?",
        )
        return
    for logical_id, resource in raw.items() if isinstance(raw, dict) else ():
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            yield (
                str(logical_id),
                "The resource is not an object with a Type, so it was not checked "
                "(CloudFormation refuses it).",
            )
            continue
        shapes = _PROPERTY_SHAPES.get(resource["Type"])
        properties = resource.get("Properties")
        if shapes is None or properties is None:
            continue
        if not isinstance(properties, dict) or is_intrinsic(properties):
            yield (
                str(logical_id),
                "Properties is not an object, so this IAM resource was not checked.",
            )
            continue
        for name, shape in shapes.items():
            if name in properties and not _fits(properties[name], shape):
                yield (
                    str(logical_id),
                    f"{name} must be {shape}, not {type(properties[name]).__name__}, so it "
                    "was not checked (and CloudFormation refuses it).",
                )


RULE = Rule(
    id="STS-READ3",
    severity="warning",
    title="Template or IAM resource of a shape the checks cannot read",
    link="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html",
    check_template=check,
)
