// Where things are in a Graphviz drawing, read from the SVG's own attributes: the layout's offset, a node's box,
// an edge's ends. Nothing here needs the browser's layout, so a step can ask without forcing one.

import { outlineBox } from "./nodelabel.js";

// Where Graphviz's layout sits in the viewBox: its translate (the layout itself has y < 0).
export function layoutShift(svg) {
  const top = svg && svg.querySelector("g.graph");
  const m = top && top.transform.baseVal.consolidate();
  return m ? [m.matrix.e, m.matrix.f] : [0, 0];
}

// A node's box in viewBox units, read from its outline's own coordinates: no layout is needed, so reading it
// right after a step has shown and hidden nodes costs nothing.
export function nodeBox(g, [dx, dy]) {
  const shape = g.querySelector(":scope > rect.node-shape, :scope > polygon, :scope > path");
  if (!shape) return null;
  const b = shape.tagName.toLowerCase() === "rect"
    ? ["x", "y", "width", "height"].map((a) => parseFloat(shape.getAttribute(a)))
    : Object.values(outlineBox(shape) || {});
  if (b.length !== 4 || !b.every(Number.isFinite)) return null;
  return { x: b[0] + dx, y: b[1] + dy, w: b[2], h: b[3] };
}

export function edgeEnds(edge) {
  const title = edge.querySelector("title");
  if (!title) return null;
  const parts = title.textContent.split("->");
  if (parts.length !== 2) return null;
  // Graphviz may add a port ("n3:out"); the node id is what precedes it.
  return parts.map((p) => p.trim().split(":")[0]);
}
