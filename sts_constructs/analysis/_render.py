"""Draw a trust model: Mermaid, Graphviz DOT, and a self-contained HTML page.

Labels come from templates (names, conditions): every format escapes them, and the HTML
page embeds the graph as JSON that no ``</script>`` can end, with a Content-Security-Policy
that allows no network request at all.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ._assembly import MEMBER_ACCOUNTS, UNKNOWN_ACCOUNT
from ._model import Edge, Node, TrustModel

__all__ = ["edge_label", "to_dot", "to_html", "to_mermaid"]

# Each node kind's shape: in Graphviz DOT, and the brackets Mermaid draws it with.
_SHAPES: dict[str, tuple[str, str, str]] = {
    "role": ("box", '["', '"]'),
    "user": ("ellipse", '(["', '"])'),
    "group": ("folder", '[/"', '"/]'),
    "service": ("hexagon", '{{"', '"}}'),
    "oidc-provider": ("component", '[["', '"]]'),
    "saml-provider": ("component", '[["', '"]]'),
    "account": ("house", '[("', '")]'),
    "anyone": ("doubleoctagon", '(("', '"))'),
    "instance-profile": ("box3d", '[["', '"]]'),
    "federated-user": ("ellipse", '(["', '"])'),
}
_DEFAULT_SHAPE = _SHAPES["role"]


def _duration(seconds: int | None) -> str:
    if not seconds:
        return ""
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h" if not rest else f"{seconds}s"


def edge_label(edge: Edge) -> str:
    """Return a short label: the action, the conditions' keys, the session cap, a gap."""
    if edge.kind != "assume":
        return edge.kind
    parts = [edge.action.removeprefix("sts:")]
    if edge.conditions:
        keys = sorted({term.key for term in edge.conditions})
        parts.append("if " + ", ".join(keys))
    if edge.max_session_seconds:
        parts.append("max " + _duration(edge.max_session_seconds))
    if edge.missing:
        parts.append(f"MISSING {edge.missing}")
    return "; ".join(parts)


def node_label(node: Node) -> str:
    """Return the node's label with its kind."""
    return f"{node.label} ({node.kind})"


def _edges(model: TrustModel) -> list[Edge]:
    return [e for e in model.edges if e.shown]


def _nodes_in_use(model: TrustModel) -> list[Node]:
    used = {e.source for e in _edges(model)} | {e.target for e in _edges(model)}
    return sorted(
        (n for n in model.nodes.values() if n.id in used or n.kind in ("role", "user")),
        key=lambda n: n.id,
    )


_MERMAID_UNSAFE = re.compile(r'["<>`#&|{}\[\]\n\r]')


def _mermaid_text(text: str) -> str:
    return _MERMAID_UNSAFE.sub(lambda m: f"#{ord(m.group(0))};", text)


def to_mermaid(model: TrustModel) -> str:
    """Return a Mermaid ``flowchart`` of the model (READMEs and pull requests render it)."""
    nodes = _nodes_in_use(model)
    ids = {node.id: f"n{index}" for index, node in enumerate(nodes)}
    lines = ["flowchart LR"]
    for node in nodes:
        _, opening, closing = _SHAPES.get(node.kind, _DEFAULT_SHAPE)
        lines.append(f"    {ids[node.id]}{opening}{_mermaid_text(node_label(node))}{closing}")
    for edge in _edges(model):
        if edge.source not in ids or edge.target not in ids:
            continue
        arrow = "-.->" if edge.missing or edge.kind != "assume" else "-->"
        label = _mermaid_text(edge_label(edge))
        lines.append(f'    {ids[edge.source]} {arrow}|"{label}"| {ids[edge.target]}')
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(model: TrustModel) -> str:
    """Return a Graphviz DOT digraph of the model."""
    lines = [
        "digraph trust {",
        "    rankdir=LR;",
        '    node [fontname="Helvetica", fontsize=11];',
        '    edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in _nodes_in_use(model):
        shape = _SHAPES.get(node.kind, _DEFAULT_SHAPE)[0]
        lines.append(
            f'    "{_dot_text(node.id)}" [label="{_dot_text(node_label(node))}", shape={shape}];'
        )
    for edge in _edges(model):
        style = "dashed" if edge.missing or edge.kind != "assume" else "solid"
        color = ', color="red"' if edge.missing else ""
        lines.append(
            f'    "{_dot_text(edge.source)}" -> "{_dot_text(edge.target)}" '
            f'[label="{_dot_text(edge_label(edge))}", style={style}{color}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _account_text(account: str | None) -> str | None:
    if account == UNKNOWN_ACCOUNT:
        return "this account"
    if account == MEMBER_ACCOUNTS:
        return "member accounts"
    return account


def _graph_json(model: TrustModel) -> str:
    data: dict[str, Any] = {
        "nodes": [
            {"id": n.id, "label": n.label, "kind": n.kind, "account": _account_text(n.account)}
            for n in _nodes_in_use(model)
        ],
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "label": edge_label(e),
                "missing": e.missing,
                "kind": e.kind,
                "conditions": [str(c) for c in e.conditions],
            }
            for e in _edges(model)
        ],
    }
    text = json.dumps(data, sort_keys=True)
    # Inside <script>: no "</script>", no "<!--", no HTML entity can break out.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>__TITLE__</title>
<style>
  body { font: 13px Helvetica, Arial, sans-serif; margin: 16px; color: #1f2328; }
  h1 { font-size: 18px; }
  .node rect { stroke: #57606a; stroke-width: 1.2; rx: 8; }
  .node.role rect { fill: #ddf4ff; }
  .node.user rect, .node.federated-user rect { fill: #dafbe1; }
  .node.group rect { fill: #eef1f4; }
  .node.service rect { fill: #fff8c5; }
  .node.oidc-provider rect, .node.saml-provider rect { fill: #fbefff; }
  .node.account rect, .node.anyone rect { fill: #ffebe9; }
  .node.instance-profile rect { fill: #f6f8fa; }
  .node text { font-size: 12px; }
  .node .kind { font-size: 10px; fill: #57606a; }
  .edge path { fill: none; stroke: #0969da; stroke-width: 1.4; }
  .edge.missing path { stroke: #cf222e; stroke-dasharray: 5 4; }
  .edge.member path, .edge.contains path { stroke: #8c959f; stroke-dasharray: 2 3; }
  .edge text { font-size: 10px; fill: #424a53; paint-order: stroke; stroke: #fff;
               stroke-width: 3px; }
  #details { white-space: pre-wrap; font-family: monospace; margin-top: 8px; }
</style>
</head>
<body>
<h1>__TITLE__</h1>
<p>Solid arrows: the principal may assume the role. Red dashed: one half (trust or grant) is
missing. Grey dotted: group membership and instance profiles. Click a node or an arrow for
its details.</p>
<svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="trust graph"></svg>
<div id="details"></div>
<script type="application/json" id="graph-data">__DATA__</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svg = document.getElementById("graph");
  var NS = "http://www.w3.org/2000/svg";
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; n.rank = 0; });
  // Layered layout: a node sits one column right of its rightmost predecessor.
  for (var pass = 0; pass < data.nodes.length; pass++) {
    var changed = false;
    data.edges.forEach(function (e) {
      var s = byId[e.source], t = byId[e.target];
      if (s && t && s !== t && t.rank < s.rank + 1 && s.rank + 1 < data.nodes.length) {
        t.rank = s.rank + 1; changed = true;
      }
    });
    if (!changed) { break; }
  }
  var columns = {};
  data.nodes.forEach(function (n) { (columns[n.rank] = columns[n.rank] || []).push(n); });
  var ranks = Object.keys(columns).map(Number).sort(function (a, b) { return a - b; });
  function place(nodes) { nodes.forEach(function (n, i) { n.order = i; }); }
  ranks.forEach(function (r) {
    columns[r].sort(function (a, b) { return a.label < b.label ? -1 : 1; });
    place(columns[r]);
  });
  // Fewer crossings: order each column by the mean position of its neighbours (barycenter).
  function sweep(rank, neighbour) {
    columns[rank].forEach(function (n) {
      var sum = 0, count = 0;
      data.edges.forEach(function (e) {
        var other = neighbour(e, n);
        if (other) { sum += other.order; count += 1; }
      });
      n.weight = count ? sum / count : n.order;
    });
    columns[rank].sort(function (a, b) {
      return a.weight - b.weight || (a.label < b.label ? -1 : 1);
    });
    place(columns[rank]);
  }
  for (var round = 0; round < 4; round++) {
    ranks.slice(1).forEach(function (r) {
      sweep(r, function (e, n) {
        var s = byId[e.source];
        return e.target === n.id && s && s.rank < n.rank ? s : null;
      });
    });
    ranks.slice(0, -1).reverse().forEach(function (r) {
      sweep(r, function (e, n) {
        var t = byId[e.target];
        return e.source === n.id && t && t.rank > n.rank ? t : null;
      });
    });
  }
  var W = 230, H = 46, GX = 190, GY = 34, maxRows = 0, maxRank = 0;
  ranks.forEach(function (rank) {
    var nodes = columns[rank];
    nodes.forEach(function (n, i) {
      n.x = 20 + Number(rank) * (W + GX);
      n.y = 20 + i * (H + GY);
    });
    maxRows = Math.max(maxRows, nodes.length);
    maxRank = Math.max(maxRank, Number(rank));
  });
  var width = 40 + (maxRank + 1) * (W + GX), height = 40 + maxRows * (H + GY);
  svg.setAttribute("width", width); svg.setAttribute("height", height);
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  var defs = document.createElementNS(NS, "defs");
  defs.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" ' +
    'markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
    '<path d="M 0 0 L 10 5 L 0 10 z" fill="#57606a"/></marker>';
  svg.appendChild(defs);
  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    parent.appendChild(node);
    return node;
  }
  function clip(text, n) { return text.length > n ? text.slice(0, n - 1) + "\\u2026" : text; }
  var details = document.getElementById("details");
  data.edges.forEach(function (e) {
    var s = byId[e.source], t = byId[e.target];
    if (!s || !t) { return; }
    var g = el("g", {"class": "edge " + e.kind + (e.missing ? " missing" : ""),
                     "data-source": e.source, "data-target": e.target}, svg);
    var x1 = s.x + W, y1 = s.y + H / 2, x2 = t.x, y2 = t.y + H / 2;
    if (t.rank <= s.rank) { x2 = t.x + W / 2; y2 = t.y + (t.y > s.y ? 0 : H); }
    var mx = (x1 + x2) / 2;
    el("path", {d: "M" + x1 + "," + y1 + " C" + mx + "," + y1 + " " + mx + "," + y2 + " " +
                x2 + "," + y2, "marker-end": "url(#arrow)"}, g);
    // The label sits above the arrow's last stretch, where arrows into one node part.
    var lx = 0.4 * x1 + 0.6 * x2, ly = 0.1 * y1 + 0.9 * y2 - 6;
    var label = el("text", {x: lx, y: ly, "text-anchor": "middle"}, g);
    label.textContent = clip(e.label, 34);
    g.addEventListener("click", function () {
      details.textContent = e.source + " -> " + e.target + "\\n" + e.label +
        (e.conditions.length ? "\\n" + e.conditions.join("\\n") : "");
    });
  });
  data.nodes.forEach(function (n) {
    var g = el("g", {"class": "node " + n.kind, "data-id": n.id,
                     transform: "translate(" + n.x + "," + n.y + ")"}, svg);
    el("rect", {width: W, height: H}, g);
    var title = el("text", {x: 10, y: 19, "class": "label"}, g);
    title.textContent = clip(n.label, 34);
    var kind = el("text", {x: 10, y: 36, "class": "kind"}, g);
    kind.textContent = n.kind + (n.account ? " \\u00b7 " + n.account : "");
    g.addEventListener("click", function () { details.textContent = n.kind + " " + n.id; });
  });
  svg.setAttribute("data-rendered", String(data.nodes.length));
}());
</script>
</body>
</html>
"""


def _html_text(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def to_html(model: TrustModel, *, title: str = "Trust graph") -> str:
    """Return a self-contained HTML page that draws the model with inline JS and SVG.

    Nothing is fetched: the renderer and the data are inline, and the page's
    Content-Security-Policy forbids any network request.
    """
    return _HTML.replace("__TITLE__", _html_text(title)).replace("__DATA__", _graph_json(model))
