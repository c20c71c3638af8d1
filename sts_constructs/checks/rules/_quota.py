"""Helpers the limit rules share: a policy's size as IAM counts it, a principal's own quota."""

from __future__ import annotations

from typing import Any

from ...template import estimate_policy_chars
from .._context import ResourceContext, TemplateContext
from .._limits import Limits

__all__ = ["document_chars", "kind_quota", "policy_chars", "policy_over", "principal_quota"]


def document_chars(template: TemplateContext, document: Any) -> int:
    """Return the estimated size of a policy document of ``template``, in the characters IAM
    counts (values known only at deploy time at their estimated length)."""
    return estimate_policy_chars(document, unresolved_chars=template.limits.unresolved_value_chars)


def policy_chars(resource: ResourceContext, document: Any) -> int:
    """Return the estimated size of a policy document of the resource's template, in the
    characters IAM counts (values known only at deploy time at their estimated length)."""
    return document_chars(resource.template, document)


def policy_over(resource: ResourceContext, key: str, quota: int) -> int | None:
    """Return the size of the policy document in property ``key`` when over ``quota``, else
    ``None`` (no such property, or within the quota)."""
    document = resource.properties.get(key)
    if document is None:
        return None
    size = policy_chars(resource, document)
    return size if size > quota else None


def kind_quota(limits: Limits, field: str, kind: str) -> int:
    """Return the field of ``limits`` named ``field`` with ``{kind}`` (``role``, ``user``,
    ``group``) filled in: ``kind_quota(limits, "{kind}_inline_policy_chars", "user")``."""
    quota: int = getattr(limits, field.format(kind=kind))
    return quota


def principal_quota(resource: ResourceContext, field: str) -> tuple[str, int]:
    """Return a role's, user's or group's kind (``role``, ``user``, ``group``) and its quota:
    the field of :class:`Limits` named ``field`` with ``{kind}`` filled in
    (``"{kind}_inline_policy_chars"``, ``"managed_policies_per_{kind}"``)."""
    kind = resource.type.rsplit("::", 1)[1].lower()
    return kind, kind_quota(resource.template.limits, field, kind)
