"""The shapes every rule shares: the ``Finding`` a rule reports and the ``Rule`` that reports it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ._context import ResourceContext, TemplateContext

__all__ = ["Finding", "Rule", "Severity"]

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")

# Names the JSON output uses, in order; tests check the output against this tuple.
FINDING_KEYS: tuple[str, ...] = ("rule", "severity", "template", "resource", "message")


@dataclass(frozen=True, kw_only=True, order=True)
class Finding:
    """Describe one rule broken by one resource of one template.

    ``resource`` is the logical ID, or ``""`` for a finding about the whole template
    (its size, its resource count). ``message`` says what is wrong, why it matters and
    how to fix it.
    """

    template: str
    resource: str
    rule: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, str]:
        """Return the finding as the JSON object ``sts-constructs check --format json`` prints."""
        return {key: getattr(self, key) for key in FINDING_KEYS}


ResourceCheck = Callable[["ResourceContext"], Iterable[str]]
TemplateCheck = Callable[["TemplateContext"], Iterable[tuple[str, str]]]


@dataclass(frozen=True, kw_only=True)
class Rule:
    """Describe one check: its ID, severity, one-line title, the AWS page behind it, and the code.

    A rule checks either each resource of ``resource_types`` (``check_resource`` yields one
    message per problem) or the template as a whole (``check_template`` yields
    ``(logical_id, message)`` pairs, with ``""`` for the template itself).
    """

    id: str
    severity: Severity
    title: str
    link: str
    resource_types: frozenset[str] = frozenset()
    check_resource: ResourceCheck | None = None
    check_template: TemplateCheck | None = None

    def __post_init__(self) -> None:
        if not self.id.startswith("STS-"):
            raise ValueError(f"id: {self.id!r} must start with 'STS-'")
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity: {self.severity!r} must be one of {SEVERITIES}")
        if (self.check_resource is None) == (self.check_template is None):
            raise ValueError(f"{self.id}: give exactly one of check_resource or check_template")
        if self.check_resource is not None and not self.resource_types:
            raise ValueError(f"{self.id}: a resource check needs resource_types")
