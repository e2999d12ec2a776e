"""The graph of a run as plain data: nodes, edges and notes, with stable ids. Built by app/engine/graph.py,
drawn by app/render/, sent as JSON by the API.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("leaf", "op", "output", "saved", "constant", "summary")
EDGE_KINDS = ("flow", "saved", "summary", "view")


@dataclass(frozen=True)
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
            "grad": self.grad,
            "grad_flow": self.grad_flow,
            "attrs": {k: v for k, v in self.attrs},
            "freed": self.freed,
        }


@dataclass(frozen=True)
class Edge:
    """Drawn like torchviz, from input towards the consumer (gradient flows back along it).

    kind: "flow" (autograd), "saved" (op -> a tensor it saved), "summary" (to/from a folded node),
    "view" (torchviz's dotted link from a view's base to the named view).
    """

    source: str
    target: str
    kind: str = "flow"

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "target": self.target, "kind": self.kind}


@dataclass(frozen=True)
class Graph:
    """The graph of one run, in discovery order."""

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    notes: tuple[str, ...] = ()
    flow_target: str = ""  # what the latest backward differentiated: grad_flow is d(flow_target)/d(node)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
            "notes": list(self.notes),
            "flow_target": self.flow_target,
        }

    def nodes_after_step(self, step: int) -> list[str]:
        """Ids of the nodes that exist once step `step` has run."""
        return [n.id for n in self.nodes if n.first_step is not None and n.first_step <= step]
