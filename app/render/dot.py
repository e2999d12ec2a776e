"""Graph -> DOT -> SVG / PNG / DOT bytes, laid out in-process by pygraphviz; label escaping and the colour legend.

Every string that a program can influence is escaped before it reaches DOT, and each SVG is checked before it
leaves (no script, event attributes, external links or foreignObject). Imports the engine's data, never the web.
"""

from __future__ import annotations

import hashlib
import re
import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict, deque
from itertools import repeat

import pygraphviz

from app.engine.graph_data import Graph, Node

FORMATS = ("svg", "png", "dot")
FONT = "DejaVu Sans"
LONG_EDGE_BUDGET = 800  # ranks crossed by all drawn edges together; see long_edges()
BIG_LAYOUT = 400  # nodes, drawn and hidden, above which the layout is bounded
PNG_MAX_INCHES = 30  # at 96 dpi: at most 2,880 pixels a side
MAX_TEXT = 60  # characters per label line; longer names are cut with an ellipsis

# kind -> (fill colour, style, legend text); colours follow torchviz's.
STYLES: dict[str, tuple[str, str, str]] = {
    "leaf": ("lightblue", "filled,rounded", "leaf tensor: .grad is filled here"),
    "op": ("lightgrey", "filled", "backward function (op)"),
    "output": ("darkolivegreen1", "filled", "output: a named result nothing consumes"),
    "saved": ("orange", "filled", "tensor saved for backward"),
    "constant": ("white", "filled,dashed", "no grad: cut off from the graph"),
    "summary": ("lightyellow", "filled,dotted", "nodes folded to stay within budget"),
}
_EDGE_STYLES = {
    "flow": "",
    "saved": ' dir=none style=dashed color="#d08000"',
    "summary": " style=dotted",
    "view": ' style=dotted color="#6b8e23"',
}
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LAYOUT_LOCK = threading.Lock()  # Graphviz keeps global state: one layout at a time per process

# Value and grad lines change with every seed; the rest of a label depends only on the program's structure.
# An SVG is therefore laid out with each such summary replaced by a marker: digits, as wide as one of a few
# width classes (every digit of DejaVu Sans has the same advance). The laid-out, checked SVG is kept per DOT
# text, and the summaries are filled in afterwards, so a new seed reuses the layout of the last. The bytes
# depend only on the request: the width class is a function of the summary itself.
SLOT_WIDTHS = (12, 36, 54)  # widths, in digits, reserved for a value or grad summary
LAYOUT_CACHE_BYTES = 16 * 2**20  # laid-out SVG templates kept per process
# Graphviz's advance widths for the label font, in digits, for the characters summaries use; others count as 2.
ADVANCE = {
    **dict.fromkeys("0123456789nupEbdghqABCS", 1.0),
    **dict.fromkeys(" .,:-fI", 0.5),
    **dict.fromkeys("()[]tr", 0.625),
    **dict.fromkeys("eaxoyTFkcv", 0.875),
    **dict.fromkeys("ilj", 0.375),
    "+": 1.25,
    "m": 1.5,
    "s": 0.75,
    "N": 1.125,
    "…": 1.5,
}
_SLOT = re.compile(r">(value|grad) (\d+)</text>")
_templates: OrderedDict[str, str | None] = OrderedDict()
_templates_bytes = 0
_TEMPLATES_LOCK = threading.Lock()


class UnsafeSvg(RuntimeError):
    """The laid-out SVG contained something that must never reach a browser."""


# Every label is HTML-like (label=<...>): plain-text labels go through Graphviz's escape-sequence handling, and
# one that starts with an empty line (as torchviz writes them) crashes the Graphviz 14 bundled with pygraphviz.
def text(value: object, limit: int = MAX_TEXT) -> str:
    """Escape text for an HTML-like DOT label: XML entities, and backslashes (Graphviz expands \\N, \\G...)."""
    s = _CONTROL.sub(" ", str(value))
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return s.replace("\\", "\\\\")


def _small(s: str) -> str:
    return f'<font point-size="9" color="#333333">{s}</font>'


def _lines(node: Node, slots: list[str] | None = None) -> list[str]:
    lines = []
    if node.kind == "summary":
        return [f"<b>{text(node.label)}</b>"]
    if node.variables:
        lines.append(f"<b>{text(', '.join(node.variables))}</b>")
    if node.kind == "saved":
        lines.append(f"saved: {text(node.label)}")
    elif node.kind == "constant":
        lines.append("no grad")
    elif node.kind in ("op", "output"):
        lines.extend(text(part) for part in node.label.split("\n"))
    elif not node.variables:
        lines.append("leaf")
    if node.shape is not None:
        shape = str(tuple(int(d) for d in node.shape)) if node.shape else "scalar"
        lines.append(_small(text(f"{shape} {node.dtype or ''}".strip())))
    if node.value is not None:
        lines.append(_summary("value", node.value, slots))
    if node.grad is not None:
        lines.append(_summary("grad", node.grad, slots))
    if node.line is not None and node.kind != "saved":
        lines.append(_small(f"line {int(node.line)}"))
    return lines


def _summary(prefix: str, value: str, slots: list[str] | None) -> str:
    """A value or grad line; with `slots`, a marker of digits stands for the summary, which joins `slots`."""
    if slots is None:
        return _small(f"{prefix} {text(value)}")
    shown, width = fit(value)
    slots.append(shown)
    return _small(f"{prefix} {len(slots) - 1:0{width}d}")


def fit(value: str) -> tuple[str, int]:
    """A summary as drawn (control characters blanked, cut to the widest class) and its width class."""
    shown = _CONTROL.sub(" ", value)
    width = sum(map(ADVANCE.get, shown, repeat(2.0)))
    if width > SLOT_WIDTHS[-1]:
        while shown and width + ADVANCE["…"] > SLOT_WIDTHS[-1]:
            width -= ADVANCE.get(shown[-1], 2.0)
            shown = shown[:-1]
        shown += "…"
        width += ADVANCE["…"]
    return shown, next(w for w in SLOT_WIDTHS if width <= w)


def _node_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"not a graph node id: {value!r}")
    return value


def _legend(graph: Graph) -> str:
    kinds = [k for k in STYLES if k != "summary" or any(n.kind == "summary" for n in graph.nodes)]
    rows = "".join(
        f'<tr><td bgcolor="{STYLES[k][0]}" border="1" width="16"> </td><td align="left">{STYLES[k][2]}</td></tr>'
        for k in kinds
    )
    return (
        '<<table border="0" cellspacing="2" cellpadding="2"><tr><td colspan="2" align="left">'
        f"<b>Colours</b></td></tr>{rows}</table>>"
    )


def _ranks(graph: Graph) -> dict[str, int]:
    """Layers as late as possible (each node just above its first consumer), near what dot's ranking picks.

    Summary edges are left out: a folded part can sit both above and below a drawn node, making a cycle.
    """
    preds: dict[str, list[str]] = {n.id: [] for n in graph.nodes}
    outdegree = dict.fromkeys(preds, 0)
    for e in graph.edges:
        if e.kind != "summary" and e.source in preds and e.target in preds and e.source != e.target:
            preds[e.target].append(e.source)
            outdegree[e.source] += 1
    depth = dict.fromkeys(preds, 0)  # longest path down to a node nothing consumes
    queue = deque(n for n, d in outdegree.items() if d == 0)
    while queue:
        v = queue.popleft()
        for u in preds[v]:
            depth[u] = max(depth[u], depth[v] + 1)
            outdegree[u] -= 1
            if outdegree[u] == 0:
                queue.append(u)
    return {n: -d for n, d in depth.items()}


def long_edges(graph: Graph) -> tuple[set[int], int]:
    """Indices of edges left out of the drawing: the longest first, until the rest cross few enough ranks.

    Dot lays an edge across k ranks as k - 1 hidden nodes; a tensor used at every step of a long loop makes
    tens of thousands of them and minutes of layout. The target of a left-out edge names its source instead.
    Also returns how many hidden nodes the drawn edges still make.
    """
    rank = _ranks(graph)
    spans = [(max(abs(rank.get(e.target, 0) - rank.get(e.source, 0)) - 1, 0), i) for i, e in enumerate(graph.edges)]
    total = sum(span for span, _ in spans)
    dropped = set()
    for span, i in sorted(spans, key=lambda p: (-p[0], p[1])):
        if total <= LONG_EDGE_BUDGET or span == 0:
            break
        dropped.add(i)
        total -= span
    return dropped, total


def _from_lines(graph: Graph, dropped: set[int]) -> dict[str, list[str]]:
    names = {n.id: ", ".join(n.variables) or n.label.split("\n")[0] for n in graph.nodes}
    sources: dict[str, list[str]] = {}
    for i in sorted(dropped):
        edge = graph.edges[i]
        sources.setdefault(edge.target, []).append(names.get(edge.source, edge.source))
    lines = {}
    for target, found in sources.items():
        shown = ", ".join(found[:3]) + (f" and {len(found) - 3:,} more" if len(found) > 3 else "")
        lines[target] = [_small("↖ input " + text(shown) + " (arrow left out)")]
    return lines


def to_dot(graph: Graph, *, max_inches: int | None = None, slots: list[str] | None = None) -> str:
    """The DOT source: deterministic, every label HTML-like and escaped, SVG ids equal to node ids.

    `max_inches` scales a larger drawing down to fit (for bitmaps, whose cost grows with their area).
    With `slots`, value and grad summaries are markers (see SLOT_WIDTHS) and the summaries go to `slots`.
    """
    dropped, hidden = long_edges(graph)
    extra = _from_lines(graph, dropped)
    # Bounds dot's x-placement (network simplex) on big layouts, where it dominates; small ones stay exact.
    bound = "nslimit=0.1 " if len(graph.nodes) + hidden > BIG_LAYOUT else ""
    if max_inches is not None:
        bound += f'size="{int(max_inches)},{int(max_inches)}" '

    out = [
        "digraph autograd {",
        f'  graph [{bound}newrank=true rankdir=TB fontname="{FONT}" fontsize=9 nodesep=0.3 ranksep=0.35 '
        f'labelloc=b labeljust=l id="autograd" label={_legend(graph)}];',
        f'  node [shape=box fontname="{FONT}" fontsize=10 margin="0.10,0.05" penwidth=0.8];',
        '  edge [color="#444444" arrowsize=0.7];',
    ]
    for node in graph.nodes:
        fill, style, _ = STYLES[node.kind]
        nid = _node_id(node.id)
        label = '<br align="left"/>'.join(_lines(node, slots) + extra.get(node.id, [])) + '<br align="left"/>'
        out.append(f'  {nid} [id="{nid}" class="{node.kind}" style="{style}" fillcolor="{fill}" label=<{label}>];')
    for i, edge in enumerate(graph.edges):
        if i in dropped:
            continue
        src, dst = _node_id(edge.source), _node_id(edge.target)
        out.append(f'  {src} -> {dst} [id="e{i}"{_EDGE_STYLES[edge.kind]}];')
    out.append("}")
    return "\n".join(out) + "\n"


def _layout(dot: str, fmt: str) -> bytes:
    with _LAYOUT_LOCK:
        return pygraphviz.AGraph(string=dot).draw(format=fmt, prog="dot")


_PROLOGUE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)
_SVG = "{http://www.w3.org/2000/svg}"


def clean_svg(raw: bytes) -> bytes:
    """Drop the prologue and comments (they name the Graphviz version), then refuse anything active."""
    svg = _PROLOGUE.sub("", raw.decode("utf-8"))
    svg = re.sub(r"\n\s*\n", "\n", svg).strip() + "\n"
    check_svg(svg)
    return svg.encode("utf-8")


def check_svg(svg: str) -> None:
    """Raise UnsafeSvg if the document could run code or fetch anything."""
    root = ET.fromstring(svg)
    if root.tag != f"{_SVG}svg":
        raise UnsafeSvg(f"root element is {root.tag}")
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag.lower() in ("script", "foreignobject", "iframe", "object", "embed"):
            raise UnsafeSvg(f"<{tag}> element")
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise UnsafeSvg(f"event attribute {local}")
            if local == "href" and not value.startswith("#"):
                raise UnsafeSvg("external link")
            if "url(" in value.lower() and not re.fullmatch(r"url\(#[\w-]+\)", value.strip()):
                raise UnsafeSvg("external url() reference")


def render(graph: Graph, fmt: str = "svg") -> bytes:
    """Draw the graph as "svg", "png" or "dot" bytes; the same graph always gives the same bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "svg":
        slots: list[str] = []
        template = _template(to_dot(graph, slots=slots), len(slots))
        if template is not None:
            return _SLOT.sub(lambda m: f">{m[1]} {_xml(slots[int(m[2])])}</text>", template).encode("utf-8")
    dot = to_dot(graph, max_inches=PNG_MAX_INCHES if fmt == "png" else None)
    if fmt == "dot":
        return dot.encode("utf-8")
    raw = _layout(dot, fmt)
    return clean_svg(raw) if fmt == "svg" else raw


def _template(dot: str, slots: int) -> str | None:
    """The checked SVG of `dot`, from the cache or laid out now; None if its markers are not all found once."""
    global _templates_bytes
    key = hashlib.sha256(dot.encode("utf-8")).hexdigest()  # SHA-NI: the quickest hash here
    with _TEMPLATES_LOCK:
        if key in _templates:
            _templates.move_to_end(key)
            return _templates[key]
    svg = clean_svg(_layout(dot, "svg")).decode("utf-8")
    found = sorted(int(m[2]) for m in _SLOT.finditer(svg))
    entry = svg if found == list(range(slots)) else None
    with _TEMPLATES_LOCK:
        if key not in _templates and len(svg) <= LAYOUT_CACHE_BYTES // 8:
            _templates[key] = entry  # None too: such a graph is then laid out with its values, never retried
            _templates_bytes += len(entry or "")
            while _templates_bytes > LAYOUT_CACHE_BYTES:
                _, dropped = _templates.popitem(last=False)
                _templates_bytes -= len(dropped or "")
    return entry


def clear_layouts() -> None:
    """Forget every kept layout (benchmarks time the first layout of a graph with this)."""
    global _templates_bytes
    with _TEMPLATES_LOCK:
        _templates.clear()
        _templates_bytes = 0


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
