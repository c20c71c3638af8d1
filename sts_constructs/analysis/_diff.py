"""``graph --diff``: which edges two trust models add, remove, loosen or tighten."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._model import Edge, TrustModel
from ._render import edge_label

__all__ = ["Change", "TrustDiff", "diff_models"]


@dataclass(frozen=True)
class Change:
    """One edge that changed: what it was, what it is, and why that matters."""

    kind: str  # added, removed, loosened, tightened
    old: Edge | None
    new: Edge | None
    reasons: tuple[str, ...] = ()

    @property
    def edge(self) -> Edge:
        """Return the edge as it is now (or was, when removed)."""
        edge = self.new or self.old
        assert edge is not None
        return edge

    def to_json(self) -> dict[str, Any]:
        """Return the change as plain data."""
        return {
            "change": self.kind,
            "source": self.edge.source,
            "target": self.edge.target,
            "action": self.edge.action,
            "reasons": list(self.reasons),
            "old": None if self.old is None else self.old.to_json(),
            "new": None if self.new is None else self.new.to_json(),
        }


@dataclass
class TrustDiff:
    """The changes between two models; ``widened`` when access grew."""

    changes: list[Change] = field(default_factory=list)

    @property
    def widened(self) -> bool:
        """Return whether some edge was added or loosened (CI asks for a second review)."""
        return any(c.kind in ("added", "loosened") for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        """Return the diff as plain data."""
        return {"widened": self.widened, "changes": [c.to_json() for c in self.changes]}

    def to_text(self) -> str:
        """Return one line per change."""
        if not self.changes:
            return "No change in who can assume which role.\n"
        lines = []
        for change in self.changes:
            edge = change.edge
            why = f" ({'; '.join(change.reasons)})" if change.reasons else ""
            lines.append(f"{change.kind:9} {edge.source} -> {edge.target}: {edge_label(edge)}{why}")
        verdict = "Access widened." if self.widened else "Access did not widen."
        return "\n".join([*lines, verdict]) + "\n"

    def to_markdown(self) -> str:
        """Return a Markdown table for a pull-request comment."""
        if not self.changes:
            return "**Trust graph:** no change in who can assume which role.\n"
        head = (
            "**Trust graph: access widened, a second review is needed.**"
            if self.widened
            else "**Trust graph:** access did not widen."
        )
        rows = ["", "| change | principal | role | action | details |", "|---|---|---|---|---|"]
        for change in self.changes:
            edge = change.edge
            details = "; ".join(change.reasons) or edge_label(edge)
            cells = [change.kind, edge.source, edge.target, edge.action, details]
            rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        return head + "\n" + "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return "`" + text.replace("|", "\\|").replace("`", "'").replace("\n", " ") + "`"


def _assume_edges(model: TrustModel) -> dict[tuple[str, str, str, str], Edge]:
    return {e.key(): e for e in model.edges if e.kind == "assume" and e.usable and e.shown}


def _compare(old: Edge, new: Edge) -> tuple[list[str], list[str]]:
    """Return (loosening reasons, tightening reasons)."""
    looser: list[str] = []
    tighter: list[str] = []
    old_terms = {(t.operator, t.key.lower()): t for t in old.conditions}
    new_terms = {(t.operator, t.key.lower()): t for t in new.conditions}
    for key, term in old_terms.items():
        other = new_terms.get(key)
        if other is None:
            looser.append(f"dropped {term}")
        elif set(other.values) > set(term.values):
            added = sorted(set(other.values) - set(term.values))
            looser.append(f"widened {term.operator} {term.key}: +{added}")
        elif set(other.values) != set(term.values) and not set(other.values) < set(term.values):
            looser.append(f"changed {term.operator} {term.key} to {list(other.values)}")
        elif set(other.values) < set(term.values):
            tighter.append(f"narrowed {term.operator} {term.key}")
    for key, term in new_terms.items():
        if key not in old_terms:
            tighter.append(f"added {term}")
    if (new.max_session_seconds or 0) > (old.max_session_seconds or 0):
        looser.append(f"sessions up to {new.max_session_seconds}s (was {old.max_session_seconds}s)")
    elif (new.max_session_seconds or 0) < (old.max_session_seconds or 0):
        tighter.append(
            f"sessions up to {new.max_session_seconds}s (was {old.max_session_seconds}s)"
        )
    return looser, tighter


def diff_models(old: TrustModel, new: TrustModel) -> TrustDiff:
    """Return the edges ``new`` adds, removes, loosens or tightens compared with ``old``."""
    before = _assume_edges(old)
    after = _assume_edges(new)
    result = TrustDiff()
    for key in sorted(after.keys() - before.keys()):
        result.changes.append(Change("added", None, after[key]))
    for key in sorted(before.keys() - after.keys()):
        result.changes.append(Change("removed", before[key], None))
    for key in sorted(before.keys() & after.keys()):
        looser, tighter = _compare(before[key], after[key])
        if looser:
            result.changes.append(
                Change("loosened", before[key], after[key], tuple(looser + tighter))
            )
        elif tighter:
            result.changes.append(Change("tightened", before[key], after[key], tuple(tighter)))
    return result
