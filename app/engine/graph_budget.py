"""Which nodes a graph over its budget keeps: what the program's variables hold at the end (the outputs, `loss`)
and where each backward started, the leaves they reach, then the path down from them and the first nodes found,
in turn, so the part folded into the summary node is the middle. Imports the standard library only.

Everything here is linear in the nodes and arrows walked, and the same walk always keeps the same nodes.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Kept:
    """The nodes kept, in discovery order, and whether the arrow budget (not the node budget) stopped it."""

    nodes: tuple[str, ...]
    arrows_full: bool


def kept_nodes(
    found: list[str],
    leaves: set[str],
    edges: list[tuple[str, str]],
    anchors: list[str],
    most_nodes: int,
    most_edges: int,
) -> Kept:
    """Keep at most `most_nodes` of `found` (discovery order) and, past the anchors, at most `most_edges` arrows
    between them. `edges` go from input to consumer; `anchors` are always kept (the first `most_nodes` of them)."""
    inputs: defaultdict[str, list[str]] = defaultdict(list)
    near: defaultdict[str, list[str]] = defaultdict(list)
    for s, t in edges:
        inputs[t].append(s)
        near[s].append(t)
        near[t].append(s)
    down = _down_from(anchors, inputs)
    reached_leaves = [n for n in down if n in leaves][: max(most_nodes // 4, 1)]
    forced = set(anchors[:most_nodes])
    order = [*anchors[:most_nodes], *reached_leaves, *_alternate(down, found)]
    kept: set[str] = set()
    arrows = 0
    full = False
    for nid in order:
        if nid in kept:
            continue
        if len(kept) >= most_nodes:
            break
        new = 0
        for m in near.get(nid, ()):
            if m in kept:
                new += 1
        if nid not in forced and arrows + new > most_edges:
            full = True
            break
        kept.add(nid)
        arrows += new
    return Kept(tuple(n for n in found if n in kept), full)


def _down_from(anchors: list[str], inputs: dict[str, list[str]]) -> list[str]:
    """Breadth first from the anchors towards the leaves: the nodes nearest the outputs first."""
    seen = set(anchors)
    queue = deque(anchors)
    out = []
    while queue:
        nid = queue.popleft()
        out.append(nid)
        for u in inputs.get(nid, ()):
            if u not in seen:
                seen.add(u)
                queue.append(u)
    return out


def _alternate(a: list[str], b: list[str]) -> list[str]:
    """a[0], b[0], a[1], b[1], ...: the path down from the outputs and the start of the graph grow together."""
    out = []
    for i in range(max(len(a), len(b))):
        if i < len(a):
            out.append(a[i])
        if i < len(b):
            out.append(b[i])
    return out


def folded_text(parts: list[tuple[str, int]]) -> str:
    """What a summary node holds, from (what, line) of each folded node: `MulBackward0 × 403, line 4`."""
    counts: dict[str, int] = {}
    for what, _line in parts:
        counts[what] = counts.get(what, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{what} × {n:,}" for what, n in top[:3]) + (
        f" and {len(top) - 3:,} more kinds" if len(top) > 3 else ""
    )
    lines = [line for _what, line in parts if line]
    if not lines:
        return shown
    low, high = min(lines), max(lines)
    return f"{shown}, line {low}" if low == high else f"{shown}, lines {low}–{high}"
