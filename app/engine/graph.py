"""Autograd walk -> Graph: the real backward graph of a run as plain data (nodes, edges, stable ids, names, lines).

Imports torch and the standard library only; drawing (Graphviz) lives in app/render/.

Budget: a graph holds at most `max_nodes` nodes. The walk finds every node first (it stops after `WALK_CAP`
objects, so even a huge graph costs a bounded walk); when there are more, `max_nodes - 1` are kept and the others
are folded into a single "summary" node ("N more nodes not drawn", with what they were), with edges to and from
the kept nodes it touches, and a note says so. The nodes kept are those the program's variables hold at the end
(the outputs, `loss`) and where each backward started, the leaves they reach, then the path down from them and the
first nodes found, in turn (graph_budget.py): a long loop loses its middle, never its output. An op with more
than `FAN_IN` inputs (a stack of a thousand tensors) shows `FAN_IN - 1` of them; the others become one "N more
inputs not drawn" summary node.

A graph also holds at most about `max_edges` arrows, since the layout's cost grows with them (150 stacks of the
same 150 drawn leaves are 22,500 arrows between 300 nodes). Past them, no more nodes are kept than the variables'
and backward's own; arrows between those past the budget are left out, and a note says how many. Arrows to and
from the summary node are one per drawn node at most, so a graph never holds more than `max_edges` plus twice its
nodes.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch

from app.engine import loop_groups, module_groups
from app.engine import walk as walk_rules
from app.engine.graph_budget import folded_text, kept_nodes
from app.engine.graph_data import STATE_FIELDS, Edge, Graph, Node, NodeChange, StepChange, names_text
from app.engine.result import RunResult, TensorView
from app.engine.snapshot import INVALID, dtype_name, grad_fn_of, value_summary, version_of

WALK_CAP = 100_000
FAN_IN = 25
SAVED_PREFIX = "_saved_"  # torch exposes what a backward function saved as `_saved_<name>` attributes
# Saved tensors that are a backend's scratch space, not values: (backward function, saved name) -> whose. Their
# bytes are partly never written, so they differ from run to run; they are drawn with what they are instead.
SCRATCH_SAVED = {("MkldnnRnnLayerBackward0", "result3"): "oneDNN's workspace for the LSTM/GRU cell"}


@dataclass(frozen=True)
class Traced:
    """A graph plus `index`: id() of every grad_fn / tensor walked -> node id, to compare with other tools.

    `objects` keeps those objects referenced, so the ids stay valid while this value is alive.
    """

    graph: Graph
    index: dict[int, str]
    objects: tuple[Any, ...] = ()


@dataclass(slots=True)
class _Draft:
    kind: str
    label: str
    op: str | None
    line: int
    step: int
    tensor: torch.Tensor | None = None
    group: str | None = None  # the module that made it (an op) or holds it (a parameter)
    variables: tuple[str, ...] = ()  # a tuple of strings, which the garbage collector soon stops tracking
    attrs: tuple[tuple[str, str], ...] = ()
    freed: bool = False
    freed_step: int | None = None  # the step whose backward freed it (a saved tensor)
    freed_line: int | None = None
    scratch: str | None = None  # a saved tensor that is scratch space (SCRATCH_SAVED): whose


class _Walker:
    def __init__(self, result: RunResult, show_saved: bool, max_nodes: int, max_edges: int) -> None:
        self.result = result
        self.show_saved = show_saved
        self.limit = max(max_nodes, 2) - 1  # one slot is kept for the summary node
        self.max_edges = max_edges
        self.arrows_full = False  # max_edges reached: later nodes are folded, later arrows between drawn ones left out
        self.left_out = 0
        self.drafts: dict[str, _Draft] = {}
        self.index: dict[int, str] = {}
        self.alive: list[Any] = []  # every keyed object stays referenced, so no id() is reused mid-walk
        self.expanded: set[int] = set()
        self.edges: dict[tuple[str, str], str] = {}
        self.summary: str | None = None
        self.hidden = 0
        self.hidden_names: list[str] = []
        self.capped = False
        self.fan_notes: list[str] = []
        self.step = self.line = 0
        self.bound: dict[str, str] = {}  # each name -> the node its latest binding holds
        self.found: dict[str, _Draft] = {}  # every node walked, before folding (names for the walks' rules)
        self.found_index: dict[int, str] = {}
        # No module followed, no backward node marked: ops need not be asked which module made them.
        self.marked = bool(result.module_groups)

    # --- nodes -----------------------------------------------------------------------------------------
    def _new(self, obj: Any, kind: str, label: str, op: str | None, tensor: torch.Tensor | None) -> str:
        """A new node for `obj` (None: a node no object stands for), which its caller found not drawn yet."""
        nid = f"n{len(self.drafts)}"
        if tensor is not None:
            group = self.result.parameter_group.get(id(tensor))
        else:
            group = module_groups.group_of(obj) if op is not None and self.marked else None
        self.drafts[nid] = _Draft(kind, label, op, self.line, self.step, tensor, group)
        if obj is not None:
            self.index[id(obj)] = nid
            self.alive.append(obj)
        return nid

    def _tensor_node(self, t: torch.Tensor, kind: str) -> str:
        known = self.index.get(id(t))
        return known if known is not None else self._new(t, kind, "", "AccumulateGrad" if kind == "leaf" else None, t)

    def _fn_node(self, fn: Any) -> str:
        known = self.index.get(id(fn))
        if known is not None:
            return known
        if hasattr(fn, "variable"):  # AccumulateGrad: torchviz draws its leaf tensor in its place
            nid = self._tensor_node(fn.variable, "leaf")
            if self.drafts[nid].kind == "constant":  # used while it required grad, then requires_grad_(False)
                self.drafts[nid].kind = "leaf"
            self.index[id(fn)] = nid
            self.alive.append(fn)
            return nid
        return self._new(fn, "op", type(fn).__name__, type(fn).__name__, None)

    def _name(self, nid: str, name: str) -> None:
        draft = self.drafts[nid]
        if draft.kind == "summary":
            self.hidden_names.append(name)
        elif name not in draft.variables:
            draft.variables += (name,)

    def _edge(self, source: str, target: str, kind: str = "flow") -> None:
        if source == target or (source, target) in self.edges:
            return
        folded = "summary" in (self.drafts[source].kind, self.drafts[target].kind)
        self.edges[(source, target)] = "summary" if folded else kind

    # --- walk ------------------------------------------------------------------------------------------
    def bind(self, step: int, line: int, name: str, t: torch.Tensor) -> None:
        self.step, self.line = step, line
        fn = grad_fn_of(t)
        if not t.requires_grad or fn is INVALID:  # INVALID: made under no_grad, its base since changed in place
            self._bound(name, self._tensor_node(t, "constant"))
            return
        if fn is None:
            self._bound(name, self._tensor_node(t, "leaf"))
            return
        nid = self._fn_node(fn)
        self.index.setdefault(id(t), nid)
        self.alive.append(t)
        draft = self.drafts[nid]
        if draft.tensor is None and draft.kind != "summary":
            draft.tensor = t
        self._bound(name, nid)
        self._walk(fn)
        if t._is_view() and t._base is not None:
            self._view(t._base, nid)

    def _bound(self, name: str, nid: str) -> None:
        self._name(nid, name)
        self.bound.pop(name, None)  # re-inserted: the order is that of the latest bindings
        self.bound[name] = nid

    def _view(self, base: torch.Tensor, nid: str) -> None:
        """Like torchviz, link a named view to its base tensor (they share memory), when the base is drawn."""
        key = id(base) if id(base) in self.index else id(base.grad_fn)
        if key in self.index:
            self.index.setdefault(id(base), self.index[key])
            self.alive.append(base)
            self._edge(self.index[key], nid, "view")

    def _walk(self, root: Any) -> None:
        expanded, index = self.expanded, self.index
        if id(root) in expanded:  # bound again, or reached from an earlier binding: walked already
            return
        stack = [root]  # explicit stack: chains of tens of thousands of ops must not hit the recursion limit
        while stack:
            fn = stack.pop()
            if id(fn) in expanded:
                continue
            if len(self.alive) > WALK_CAP or len(self.edges) > WALK_CAP:
                self.capped = True
                return
            expanded.add(id(fn))
            target = index.get(id(fn)) or self._fn_node(fn)  # looked up first: most were met as an input
            if self.show_saved and self.drafts[target].kind == "op" and target != self.summary:
                self._saved(fn, target)
            inputs = [u for u, _ in getattr(fn, "next_functions", ()) if u is not None]
            if len(inputs) > FAN_IN and target != self.summary:
                inputs = self._fold_inputs(fn, inputs, target)
            for u in inputs:
                self._edge(index.get(id(u)) or self._fn_node(u), target)
            stack.extend(reversed([u for u in inputs if id(u) not in expanded]))

    def _fold_inputs(self, fn: Any, inputs: list[Any], target: str) -> list[Any]:
        """Keep inputs already drawn and the first FAN_IN - 1 new ones; fold the rest into one node."""
        keep: list[Any] = []
        rest: list[Any] = []
        for u in inputs:
            new = id(u) not in self.index and id(getattr(u, "variable", None)) not in self.index
            (rest if new and len(keep) >= FAN_IN - 1 else keep).append(u)
        if rest:
            fold = self._new(None, "summary", f"{len(rest):,} more inputs not drawn", None, None)
            for u in rest:
                self.index.setdefault(id(u), fold)
                self.alive.append(u)
            self._edge(fold, target, "summary")
            self.fan_notes.append(
                f"{type(fn).__name__} has {len(inputs):,} inputs: {len(keep):,} are drawn and "
                f"{len(rest):,} are folded into one node."
            )
        return keep

    def _saved(self, fn: Any, target: str) -> None:
        draft = self.drafts[target]
        for attr in dir(fn):
            if not attr.startswith(SAVED_PREFIX):
                continue
            name = attr[len(SAVED_PREFIX) :]
            try:
                value = getattr(fn, attr)
            except RuntimeError:  # backward already ran and freed it (unless retain_graph=True)
                self._saved_node(target, name, None, self.result.freed_at.get(id(fn)))
                continue
            if torch.is_tensor(value):
                self._saved_node(target, name, value, scratch=SCRATCH_SAVED.get((type(fn).__name__, name)))
            elif isinstance(value, tuple | list) and any(torch.is_tensor(v) for v in value):
                for i, v in enumerate(value):
                    if torch.is_tensor(v):
                        self._saved_node(target, f"{name}[{i}]", v)
            else:
                draft.attrs += ((name, _short(str(value))),)
                draft.label += f"\n{name}: {_short(str(value))}"

    def _saved_node(
        self,
        target: str,
        name: str,
        t: torch.Tensor | None,
        freed_by: tuple[int, int] | None = None,
        scratch: str | None = None,
    ) -> None:
        nid = self._new(None, "saved", name, None, t)
        if nid != self.summary:
            self.drafts[nid].freed = t is None
            self.drafts[nid].scratch = scratch
            self.drafts[nid].freed_step, self.drafts[nid].freed_line = freed_by if freed_by else (None, None)
        self._edge(target, nid, "saved")

    # --- result ----------------------------------------------------------------------------------------
    def finish(self) -> Traced:
        # Folding replaces the two, never changes them: what was found stays as it was.
        self.found, self.found_index = self.drafts, self.index
        self._fold_over_budget()
        titles = {**self.result.module_groups, **self._group_loops()}
        consumers = {s for (s, _t), kind in self.edges.items() if kind in ("flow", "summary")}
        nodes = []
        for nid, d in self.drafts.items():
            kind = d.kind
            if kind == "op" and d.variables and nid not in consumers:
                kind = "output"
            nodes.append(self._node(nid, kind, d))
        edges = (*[Edge(s, t, k) for (s, t), k in self.edges.items()], *self._cut_edges())
        has_flow = any(n.grad_flow is not None for n in nodes)
        changes = step_changes(nodes, edges, self.drafts, self.result)
        graph = Graph(
            tuple(nodes),
            edges,
            tuple(dict.fromkeys(self.fan_notes)),
            self._fold_notes(),
            self.result.flow_target if has_flow else "",
            changes,
            _groups(nodes, titles),
            tuple(self._walked(w) for w in self.result.walks),
        )
        return Traced(graph, self.index, tuple(self.alive))

    def _fold_over_budget(self) -> None:
        """Past the budget, keep what graph_budget picks and fold the others into one summary node, renumbering
        the kept nodes n0, n1, ... in discovery order (the summary comes last)."""
        if len(self.drafts) <= self.limit and len(self.edges) <= self.max_edges:
            return
        edges = list(self.edges)
        roots = [self.index.get(id(w.steps[0].fn)) for w in self.result.walks if w.steps]
        anchors = list(dict.fromkeys([*reversed(self.bound.values()), *(r for r in roots if r is not None)]))
        leaves = {nid for nid, d in self.drafts.items() if d.kind == "leaf"}
        kept = kept_nodes(list(self.drafts), leaves, edges, anchors, self.limit, self.max_edges)
        self.arrows_full = kept.arrows_full
        renamed = {old: f"n{i}" for i, old in enumerate(kept.nodes)}
        folded = [nid for nid in self.drafts if nid not in renamed]
        drafts = {renamed[old]: self.drafts[old] for old in kept.nodes}
        if folded:
            self.summary = summary = f"n{len(kept.nodes)}"
            first = min(folded, key=lambda nid: self.drafts[nid].step)
            parts = [(d.op or d.kind, d.line) for d in (self.drafts[nid] for nid in folded)]
            drafts[summary] = _Draft("summary", "", None, self.drafts[first].line, self.drafts[first].step)
            drafts[summary].attrs = (("folded", folded_text(parts)),)
            self.hidden = len(folded)
            drawn = {v for d in drafts.values() for v in d.variables}
            self.hidden_names = [v for nid in folded for v in self.drafts[nid].variables if v not in drawn]
            renamed.update(dict.fromkeys(folded, summary))
        arrows: dict[tuple[str, str], str] = {}
        between = 0  # arrows between kept nodes
        for (s, t), kind in self.edges.items():
            a, b = renamed[s], renamed[t]
            if a == b or (a, b) in arrows:
                continue
            if self.summary in (a, b):
                kind = "summary"
            elif between >= self.max_edges:
                self.left_out += 1
                continue
            else:
                between += 1
            arrows[(a, b)] = kind
        self.drafts, self.edges = drafts, arrows
        self.index = {key: renamed[nid] for key, nid in self.index.items()}

    def _group_loops(self) -> dict[str, str]:
        """Put the nodes a long loop made, outside any module, in the loop's group; its path -> its title."""
        free = [d for d in self.drafts.values() if d.group is None]
        if len(free) < loop_groups.MIN_NODES:  # no loop can have made enough of them: the source need not be read
            return {}
        bound = Counter(b.line for b in self.result.bindings)
        lines: Counter[int | None] = Counter(d.line for d in free)
        titles = {}
        for loop in loop_groups.loop_groups(self.result.source, bound, lines, set(self.result.module_groups)):
            for d in free:
                if loop.holds(d.line):
                    d.group = loop.path
            titles[loop.path] = loop.title(loop_groups.passes(loop, bound))
        return titles

    def _node(self, nid: str, kind: str, d: _Draft) -> Node:
        t = d.tensor
        label = d.label
        if kind in ("leaf", "constant"):
            label = ", ".join(d.variables) or kind
        elif nid == self.summary:
            label = f"{self.hidden:,}{'+' if self.capped else ''} more nodes not drawn"
        if t is None:
            return Node(
                id=nid,
                kind=kind,
                label=label,
                op=d.op,
                variables=d.variables,
                line=d.line,
                first_step=d.step,
                attrs=d.attrs,
                freed=d.freed,
                freed_line=d.freed_line,
                group=d.group,
            )
        grad = flow = requires = version = None
        optimizer: tuple[tuple[str, str], ...] = ()
        if kind != "saved":
            g = self.result.grad_of(t)
            grad = value_summary(g) if g is not None else None
            f = self.result.grad_flow_of(t) if d.variables else None
            flow = value_summary(f) if f is not None else None
            requires, version = t.requires_grad, version_of(t)
            views = self.result.timeline.get(id(t))
            if views:
                optimizer = views[-1][1].optimizer
        # Every field in Node's order, unnamed: naming nineteen arguments costs more than the rest of a node.
        return Node(
            nid,
            kind,
            label,
            d.op,
            d.variables,
            d.line,
            d.step,
            tuple(t.shape),
            _dtype_name(t.dtype),
            value_summary(t) if d.scratch is None else f"{d.scratch}: scratch bytes, not values",
            grad,
            flow,
            d.attrs,
            d.freed,
            requires,
            d.freed_line,
            version,
            optimizer,
            d.group,
        )

    def _walked(self, walk: Any) -> dict[str, Any]:
        """A walked backward call as plain data, its nodes by their ids in this graph (None: not drawn)."""
        order = []
        for s in walk.steps:
            inputs = [f for f, _ in getattr(s.fn, "next_functions", ())]
            a = self._walk_name(inputs[0], "a") if inputs else "a"
            b = self._walk_name(inputs[1], "b") if len(inputs) > 1 else "b"
            c = self._walk_name(inputs[2], "c") if len(inputs) > 2 else "c"
            rule = s.rule.replace(walk_rules.OUT, self._walk_name(s.fn, "out")).replace(walk_rules.C, c)
            order.append(
                {
                    "node": self.index.get(id(s.fn)),
                    "op": type(s.fn).__name__,
                    "arrived": s.arrived,
                    "rule": rule.replace(walk_rules.A, a).replace(walk_rules.B, b),
                    "sent": [{"to": self.index.get(id(f)) if f is not None else None, "grad": g} for f, g in s.sent],
                    "grad_before": s.grad_before,
                    "grad_after": s.grad_after,
                    "arrived_values": _values(s.arrived_values),
                    "sent_values": [_values(v) for v in s.sent_values],
                }
            )
        jacobians = [{"leaf": self.index.get(id(j.leaf)), "rows": j.rows, "vjp": j.vjp} for j in walk.jacobians]
        return {
            "step": walk.step,
            "line": walk.line,
            "target": walk.target,
            "order": order,
            "vector": walk.vector,
            "jacobians": jacobians,
        }

    def _walk_name(self, fn: Any, otherwise: str) -> str:
        """What the program calls the tensor backward node `fn` stands for, in a walk's rules."""
        nid = self.found_index.get(id(fn)) if fn is not None else None
        draft = self.found.get(nid) if nid is not None else None
        return draft.variables[0] if draft is not None and draft.variables else otherwise

    def _cut_edges(self) -> tuple[Edge, ...]:
        """A tensor that holds another's values outside its graph: a marked edge from where they came from."""
        cuts: dict[tuple[str, str], Edge] = {}
        for origin, made, how, line in self.result.cuts:
            target = self.index.get(id(made))
            source = self.index.get(id(origin))
            origin_fn = grad_fn_of(origin)
            if source is None and origin_fn is not None and origin_fn is not INVALID:
                source = self.index.get(id(origin_fn))
            if target is None or source is None or source == target or self.drafts[target].kind != "constant":
                continue
            cuts.setdefault((source, target), Edge(source, target, "cut", f"cut by {how} at line {line}"))
        return tuple(cuts.values())

    def _fold_notes(self) -> tuple[str, ...]:
        notes = []
        if self.arrows_full or self.left_out:
            notes.append(self._arrows_note())
        elif self.summary is not None:
            more = f"{self.hidden:,}{' or more' if self.capped else ''}"
            notes.append(
                f"The graph is larger than {self.limit + 1:,} nodes: {len(self.drafts) - 1:,} are drawn (what the "
                f"variables hold at the end, where backward starts, the path between and the first nodes found) "
                f"and {more} more are folded into one summary node."
            )
        if self.hidden_names:
            notes.append(f"Variables not drawn: {names_text(list(dict.fromkeys(self.hidden_names)))}.")
        return tuple(notes)

    def _arrows_note(self) -> str:
        drawn = sum(1 for d in self.drafts.values() if d.kind != "summary")
        folded = []
        if self.summary is not None:
            more = f"{self.hidden:,}{' or more' if self.capped else ''}"
            folded.append(f"{drawn:,} nodes are drawn and {more} more are folded into one summary node")
        if self.left_out:
            folded.append(f"{self.left_out:,} more arrows between drawn nodes are left out")
        return f"The graph has more than {self.max_edges:,} arrows: " + (", and ".join(folded) or "all are drawn") + "."


_dtype_name = functools.cache(dtype_name)  # a handful of dtypes, named for every node


def _values(v: tuple[list[int], list[float]] | None) -> dict[str, Any] | None:
    return None if v is None else {"shape": v[0], "values": v[1]}


def _groups(nodes: list[Node], titles: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The modules the drawn nodes belong to, with the modules around them, outer ones first."""
    paths: set[str] = set()
    for group in {n.group for n in nodes}:
        if group is not None:
            parts = group.split(".")
            paths.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return tuple((p, titles[p]) for p in sorted(paths, key=lambda p: (p.count("."), p)) if p in titles)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def step_changes(
    nodes: list[Node], edges: tuple[Edge, ...], drafts: dict[str, _Draft], result: RunResult
) -> tuple[StepChange, ...]:
    """How every node's state went from its first step to the end of the run, as changes per step.

    A named tensor's value, .grad and gradient flow come from the run's timeline of it; a leaf is a "constant"
    at a step where it does not require grad and no op uses it yet; a named op is an "output" until an op uses
    it; a saved tensor is freed from the step of the backward that freed it. Tensors nobody names (nor any
    backward reached) keep their last state throughout.

    A state changes only where a view of the timeline starts, where the first op uses the node, and where a
    backward frees it: those steps alone are looked at."""
    first = {n.id: n.first_step for n in nodes}
    first_use: dict[str, int] = {}  # node id -> the first step of an op that uses it
    for e in edges:
        step = first.get(e.target)
        if step is not None and e.kind in ("flow", "summary"):
            used = first_use.get(e.source)
            if used is None or step < used:
                first_use[e.source] = step
    timeline = result.timeline
    by_step: dict[int, list[NodeChange]] = {}
    for node in nodes:
        start = node.first_step
        if start is None:
            continue
        draft = drafts[node.id]
        t = draft.tensor
        views = timeline.get(id(t), ()) if t is not None and node.kind != "saved" else ()
        used = first_use.get(node.id)
        freed = draft.freed_step
        events = [start]
        if views:
            events.extend(s for s, _ in views if s > start)
        if used is not None and used > start:
            events.append(used)
        if freed is not None and freed > start:
            events.append(freed)
        previous: tuple[Any, ...] = ()
        for step in sorted(set(events)) if len(events) > 1 else events:
            state = _state_at(node, step, views, used, freed)
            changed = (
                {k: v for k, v, was in zip(STATE_FIELDS, state, previous, strict=True) if was != v}
                if previous
                else dict(zip(STATE_FIELDS, state, strict=True))
            )
            if changed:
                by_step.setdefault(step, []).append(NodeChange(node.id, changed))
            previous = state
    return tuple(StepChange(step, tuple(by_step[step])) for step in sorted(by_step))


def _state_at(
    node: Node, step: int, views: Sequence[tuple[int, TensorView]], used: int | None, freed: int | None
) -> tuple[Any, ...]:
    """A node's state right after `step` (the values of STATE_FIELDS): its last view by then, or its state at the
    end if it has none. `used`: the first step an op uses it."""
    view = None
    for at, v in views:
        if at > step:
            break
        view = v
    requires: bool | None
    version: int | None
    if view is not None:
        value, grad, flow, requires, version, optimizer = (
            view.value,
            view.grad,
            view.grad_flow,
            view.requires_grad,
            view.version,
            view.optimizer,
        )
    elif views:  # followed only from a later step (a leaf first seen by a backward): it had no gradient before then
        view = views[0][1]
        value, grad, flow, requires, version, optimizer = (
            view.value,
            None,
            None,
            view.requires_grad,
            view.version,
            view.optimizer,
        )
    else:
        value, grad, flow, requires, version, optimizer = (
            node.value,
            node.grad,
            node.grad_flow,
            node.requires_grad,
            node.version,
            node.optimizer,
        )
    in_use = used is not None and used <= step
    kind = node.kind
    if kind in ("leaf", "constant"):
        kind = "leaf" if requires or in_use else "constant"
    elif kind in ("op", "output"):
        kind = "output" if node.variables and not in_use else "op"
    if node.kind == "saved":
        return (kind, value, requires, grad, flow, freed is not None and freed <= step, node.version, ())
    return (kind, value, requires, grad, flow, node.freed, version, optimizer)


def trace_graph(result: RunResult, *, show_saved: bool = False, max_nodes: int = 600, max_edges: int = 2_000) -> Traced:
    """Walk the autograd graph of every bound tensor, in binding order; also return the object index."""
    walker = _Walker(result, show_saved, max_nodes, max_edges)
    for b in result.bindings:
        if walker.capped:
            break
        walker.bind(b.step, b.line, b.name, b.tensor)
    return walker.finish()


def build_graph(result: RunResult, *, show_saved: bool = False, max_nodes: int = 600, max_edges: int = 2_000) -> Graph:
    """The autograd graph of a run, as plain data with stable ids ("n0", "n1", ... in discovery order)."""
    return trace_graph(result, show_saved=show_saved, max_nodes=max_nodes, max_edges=max_edges).graph
