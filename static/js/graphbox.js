// Where things are in a Graphviz drawing, read from the SVG's own attributes: the layout's offset, a node's box,
// an edge's ends. Nothing here needs the browser's layout, so a step can ask without forcing one.

import { outlineBox, textBox } from "./nodelabel.js";

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

// The box around a node or an edge (its path, arrowheads and label), in viewBox units, from its coordinates.
export function partBox(g, shift) {
  if (g.classList.contains("node")) return nodeBox(g, shift);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  g.querySelectorAll("path, polygon, polyline, text").forEach((part) => {
    const b = part.localName === "text" ? textBox(part) : outlineBox(part, true);
    if (!b) return;
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  });
  if (!Number.isFinite(x0)) return null;
  return { x: x0 + shift[0], y: y0 + shift[1], w: x1 - x0, h: y1 - y0 };
}

export function edgeEnds(edge) {
  const title = edge.querySelector("title");
  if (!title) return null;
  const parts = title.textContent.split("->");
  if (parts.length !== 2) return null;
  // Graphviz may add a port ("n3:out"); the node id is what precedes it.
  return parts.map((p) => p.trim().split(":")[0]);
}
