"""The graph of a run as plain data: nodes, edges and notes, with stable ids. Built by app/engine/graph.py,
drawn by app/render/, sent as JSON by the API.

Imports the standard library and app.engine.loop_groups (the standard library only) only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from app.engine.loop_groups import EVERY_LOOP, is_loop

KINDS = ("leaf", "op", "output", "saved", "constant", "summary", "module")
# What can change about a node from one step to the next (see Graph.changes).
STATE_FIELDS = ("kind", "value", "requires_grad", "grad", "grad_flow", "freed", "version", "optimizer")
EDGE_KINDS = ("flow", "saved", "summary", "view", "cut")


@dataclass(frozen=True, slots=True)
class Node:
    """One drawn node: a backward function, a leaf, a saved tensor, a cut-off constant, or the summary."""

    id: str
    kind: str
    label: str
    op: str | None = None
    variables: tuple[str, ...] = ()
    line: int | None = None
    first_step: int | None = None
    shape: tuple[int, ...] | None = None
    dtype: str | None = None
    value: str | None = None
    grad: str | None = None  # exactly `.grad`: None where PyTorch's .grad is None
    grad_flow: str | None = None  # d(flow_target)/d(this tensor) in the latest backward, for named non-leaves
    attrs: tuple[tuple[str, str], ...] = ()
    freed: bool = False
    requires_grad: bool | None = None  # of the tensor the node stands for (None: an op nobody named)
    freed_line: int | None = None  # a freed saved tensor: the line of the backward that freed it (0: Run backward)
    version: int | None = None  # a tensor's version counter: in-place changes so far (an optimizer step is one)
    optimizer: tuple[tuple[str, str], ...] = ()  # what optimizers hold for this parameter (momentum, Adam's averages)
    group: str | None = None  # the path of the named module that made it or holds it ("model.fc1"), see Graph.groups

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "op": self.op,
            "variables": list(self.variables),
            "line": self.line,
            "first_step": self.first_step,
            "shape": None if self.shape is None else list(self.shape),
            "dtype": self.dtype,
            "value": self.value,
            "requires_grad": self.requires_grad,
            "grad": self.grad,
            "grad_flow": self.grad_flow,
            "attrs": dict(self.attrs),
            "freed": self.freed,
            "freed_line": self.freed_line,
            "group": self.group,
            "version": self.version,
            "optimizer": dict(self.optimizer),
        }


@dataclass(frozen=True, slots=True)
class Edge:
    """Drawn like torchviz, from input towards the consumer (gradient flows back along it).

    kind: "flow" (autograd), "saved" (op -> a tensor it saved), "summary" (to/from a folded node),
    "view" (torchviz's dotted link from a view's base to the named view), "cut" (no gradient flows: the target
    holds the source's values made outside its graph, `label` says how and where).
    """

    source: str
    target: str
    kind: str = "flow"
    label: str = ""

    def to_dict(self) -> dict[str, str]:
        out = {"source": self.source, "target": self.target, "kind": self.kind}
        if self.label:
            out["label"] = self.label
        return out


@dataclass(frozen=True, slots=True)
class NodeChange:
    """What changed about one node at a step: field -> new value, fields from STATE_FIELDS in their order."""

    id: str
    fields: dict[str, Any]


def _plain_fields(fields: dict[str, Any]) -> dict[str, Any]:
    plain = dict(fields)
    if "optimizer" in plain:  # kept in its place: a node's first change holds every field in order
        plain["optimizer"] = dict(plain["optimizer"])
    return plain


@dataclass(frozen=True, slots=True)
class StepChange:
    """The nodes that appeared or changed at one step; a node's first change holds its whole state."""

    step: int
    nodes: tuple[NodeChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "nodes": {c.id: _plain_fields(c.fields) for c in self.nodes}}


@dataclass(frozen=True, slots=True)
class Graph:
    """The graph of one run, in discovery order. `nodes` hold their state after the last step; `changes` say
    how each node's state went from its first step to there, so the graph as of any step can be rebuilt."""

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    fan_notes: tuple[str, ...] = ()  # ops with more inputs than are drawn
    fold_notes: tuple[str, ...] = ()  # the graph is larger than its node budget
    flow_target: str = ""  # what the latest backward differentiated: grad_flow is d(flow_target)/d(node)
    changes: tuple[StepChange, ...] = ()
    groups: tuple[tuple[str, str], ...] = ()  # (path, title) of each module a node belongs to, outer ones first
    # The latest backward calls walked node by node, as autograd ran them: {step, line, target, order: [{node,
    # op, arrived, rule, sent: [{to, grad}], grad_before, grad_after}]} (see app/engine/walk.py).
    walks: tuple[dict[str, Any], ...] = ()

    @property
    def notes(self) -> tuple[str, ...]:
        return (*self.fan_notes, *state_notes(self.nodes), *self.fold_notes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
            "notes": list(self.notes),
            "flow_target": self.flow_target,
            "changes": [c.to_dict() for c in self.changes],
            "groups": [{"path": p, "title": t} for p, t in self.groups],
            "walks": list(self.walks),
        }

    def nodes_after_step(self, step: int) -> list[str]:
        """Ids of the nodes that exist once step `step` has run."""
        return [n.id for n in self.nodes if n.first_step is not None and n.first_step <= step]

    def at_step(self, step: int) -> Graph:
        """The graph as it stands right after step `step`: only the nodes that exist by then, each in its state
        at that step (value, .grad, kind, ...), and the edges between them."""
        states: dict[str, dict[str, Any]] = {}
        for change in self.changes:
            if change.step > step:
                break
            for node in change.nodes:
                states.setdefault(node.id, {}).update(node.fields)
        nodes = tuple(
            replace(n, **states.get(n.id, {})) for n in self.nodes if n.first_step is not None and n.first_step <= step
        )
        ids = {n.id for n in nodes}
        edges = tuple(e for e in self.edges if e.source in ids and e.target in ids)
        flowing = any(n.grad_flow is not None for n in nodes)
        used = {n.group for n in nodes}
        groups = tuple((p, t) for p, t in self.groups if any(g and (g == p or g.startswith(p + ".")) for g in used))
        walks = tuple(w for w in self.walks if w["step"] <= step)
        return Graph(
            nodes,
            edges,
            self.fan_notes,
            self.fold_notes,
            self.flow_target if flowing else "",
            groups=groups,
            walks=walks,
        )


def module_id(path: str) -> str:
    """The id of a module's box and of its node when collapsed: `model.fc1` -> `model__fc1`."""
    return path.replace(".", "__")


def collapsed(graph: Graph, paths: tuple[str, ...]) -> Graph:
    """The graph with each module in `paths` drawn as one node ("fc1: Linear(3 → 4)"): its nodes and its
    submodules' folded into it, the edges that entered or left them now entering or leaving it. A loop's group
    is collapsed the same way; EVERY_LOOP in `paths` stands for every loop's."""
    titles = dict(graph.groups)
    if EVERY_LOOP in paths:
        paths = (*paths, *(p for p, title in graph.groups if is_loop(p, title)))
    chosen = sorted((p for p in dict.fromkeys(paths) if p in titles), key=lambda p: p.count("."))
    if not chosen:
        return graph

    def owner(group: str | None) -> str | None:
        return next((p for p in chosen if group is not None and (group == p or group.startswith(p + "."))), None)

    into: dict[str, str] = {}
    members: dict[str, list[Node]] = {}
    order: list[Node | str] = []
    for node in graph.nodes:
        path = owner(node.group)
        if path is None:
            order.append(node)
            continue
        into[node.id] = "m_" + module_id(path)
        if path not in members:
            members[path] = []
            order.append(path)
        members[path].append(node)
    nodes = []
    for item in order:
        if isinstance(item, Node):
            nodes.append(item)
            continue
        inside = members[item]
        parent = item.rsplit(".", 1)[0] if "." in item else None
        steps = [n.first_step for n in inside if n.first_step is not None]
        nodes.append(
            Node(
                id="m_" + module_id(item),
                kind="module",
                label=titles[item],
                group=parent if parent in titles else None,
                first_step=min(steps) if steps else None,
                line=min((n.line for n in inside if n.line), default=None),
                attrs=(("nodes", str(len(inside))), ("module", item)),
            )
        )
    edges: dict[tuple[str, str], Edge] = {}
    for e in graph.edges:
        source, target = into.get(e.source, e.source), into.get(e.target, e.target)
        if source != target and (source, target) not in edges:
            edges[(source, target)] = replace(e, source=source, target=target)
    changes = tuple(StepChange(c.step, tuple(n for n in c.nodes if n.id not in into)) for c in graph.changes)
    groups = tuple((p, t) for p, t in graph.groups if owner(p) is None)
    walks = tuple(_walk_into(w, into) for w in graph.walks)
    return replace(graph, nodes=tuple(nodes), edges=tuple(edges.values()), changes=changes, groups=groups, walks=walks)


def _walk_into(walk: dict[str, Any], into: dict[str, str]) -> dict[str, Any]:
    """A walk over a graph whose collapsed modules' nodes now stand as one node each."""
    order = [
        {
            **s,
            "node": into.get(s["node"], s["node"]),
            "sent": [{**e, "to": into.get(e["to"], e["to"])} for e in s["sent"]],
        }
        for s in walk["order"]
    ]
    jacobians = [{**j, "leaf": into.get(j["leaf"], j["leaf"])} for j in walk.get("jacobians", [])]
    return {**walk, "order": order, "jacobians": jacobians}


def state_notes(nodes: tuple[Node, ...]) -> list[str]:
    """What the learner should know about the nodes' present states: leaves that stopped requiring grad while
    graphs still reach them, and tensors no gradient flows into."""
    notes = []
    stale = [v for n in nodes if n.kind == "leaf" and n.requires_grad is False for v in n.variables]
    cut = list(dict.fromkeys(v for n in nodes if n.kind == "constant" for v in n.variables))
    if stale:
        one = len(stale) == 1
        notes.append(
            f"{names_text(stale)} no longer require{'s' if one else ''} grad: graphs built before still "
            f"reach {'it' if one else 'them'}, but backward no longer fills .grad."
        )
    if cut:
        they = "they do" if len(cut) > 1 else "it does"
        notes.append(
            f"No gradient flows into {names_text(cut)}: {they} not require grad (a constant, or made "
            "under torch.no_grad(), by detach() or after requires_grad_(False))."
        )
    return notes


def names_text(names: list[str], limit: int = 10) -> str:
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit:,} more"
