"""Read a policy document as CloudFormation deploys it: every ``Fn::If`` branch, text included.

A document may be an object, JSON text (CloudFormation accepts a string), or text built by
``Fn::Sub``/``Fn::Join`` (the usual way to template an EKS condition key in plain
CloudFormation); parts known only at deploy time read as :class:`Unknown`. Each combination
of the template conditions its ``Fn::If`` calls test is read, so a risky branch is seen.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from ._intrinsics import condition_names, resolve
from ._statements import Statement, parse_document
from ._text import MAX_DEPTH, parse_json_text
from ._values import Text

__all__ = [
    "MAX_CONDITIONS",
    "MAX_DEPTH",
    "PolicyReading",
    "parse_json_text",
    "parse_statements",
    "read_policy",
]

# Fn::If conditions read in every combination; more are read as unknown (and said so).
MAX_CONDITIONS: Final = 6


@dataclass(frozen=True)
class PolicyReading:
    """Describe what was read of one policy document.

    ``statements`` are those of every combination of template conditions (a statement that
    differs between combinations appears once per version, its ``when`` saying under which
    conditions); ``problems`` are one sentence each about a part that could not be read.
    """

    statements: tuple[Statement, ...]
    problems: tuple[str, ...]


def read_policy(
    document: Any,
    *,
    account_id: str | None = None,
    resources: Mapping[str, Any] | None = None,
) -> PolicyReading:
    """Return the statements of ``document`` (as written in a template) and the problems.

    ``account_id`` is the stack's own account when known; ``resources`` the template's
    resources by logical ID (a ``Ref``/``Fn::GetAtt`` to one is an identifier, and CDK's
    ``CfnJson`` values are read through). Never raises.
    """
    resources = resources or {}
    names = condition_names(document)
    problems: list[str] = []
    if len(names) > MAX_CONDITIONS:
        problems.append(
            f"{len(names)} template conditions are tested; the combinations of the first "
            f"{MAX_CONDITIONS} were read and the others' Fn::If values read as unknown"
        )
        names = names[:MAX_CONDITIONS]
    found: list[tuple[Statement, int]] = []  # statement, number of combinations with it
    combinations = list(itertools.product((True, False), repeat=len(names)))
    for values in combinations:
        conditions = dict(zip(names, values, strict=True))
        resolved = resolve(
            document,
            conditions=conditions,
            account_id=account_id,
            resources=resources,
        )
        statements, found_problems = parse_document(_document(resolved))
        for problem in found_problems:
            if problem not in problems:
                problems.append(problem)
        if len(combinations) == 1:
            found.extend((statement, 1) for statement in statements)
            continue
        when = _when(conditions)
        for statement in statements:
            for position, (seen, count) in enumerate(found):
                if seen == statement:
                    found[position] = (seen, count + 1)
                    break
            else:
                found.append((replace(statement, when=when), 1))
    return PolicyReading(
        statements=tuple(
            replace(s, when="") if s.when and count == len(combinations) else s
            for s, count in found
        ),
        problems=tuple(problems),
    )


def parse_statements(document: Any) -> list[Statement]:
    """Return the statements of a policy document as written in a template (no problems)."""
    return list(read_policy(document).statements)


def _when(conditions: Mapping[str, bool]) -> str:
    if not conditions:
        return ""
    parts = [f"{name} is {'true' if value else 'false'}" for name, value in conditions.items()]
    return "if " + " and ".join(parts)


def _document(resolved: Any) -> Any:
    """Return a resolved document, text documents parsed (unknown parts kept)."""
    if isinstance(resolved, str | Text):
        return parse_json_text(resolved)
    return resolved
