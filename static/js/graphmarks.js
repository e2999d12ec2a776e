// What the page adds to or takes from Graphviz's drawing: its own legend out, cut edges marked (and drawn when
// the drawing left them out). Works on the SVG alone; knows nothing of steps or runs.

const SVG_NS = "http://www.w3.org/2000/svg";

// Graphviz draws the graph's own label (the colour legend) straight under the root group; the page has its
// own legend, so that one goes.
export function dropLegend(svg) {
  const root = svg.querySelector("g.graph");
  if (!root) return;
  let background = true;
  Array.from(root.children).forEach((child) => {
    const tag = child.tagName.toLowerCase();
    if (tag === "polygon" && background) background = false; // the first polygon is the page's white
    else if (tag === "text" || tag === "polygon" || tag === "polyline") child.remove();
  });
}

// A cut edge the drawing left out: a straight line from the bottom of one box to the top of the other.
export function drawCut(svg, index, edge) {
  const box = (id) => {
    const rect = svg.querySelector(`g.node[id="${CSS.escape(id)}"] > rect.node-shape`);
    if (!rect) return null;
    const [x, y, w, h] = ["x", "y", "width", "height"].map((a) => parseFloat(rect.getAttribute(a)));
    return { x, y, w, h };
  };
  const a = box(edge.source);
  const b = box(edge.target);
  const root = svg.querySelector("g.graph");
  if (!a || !b || !root) return null;
  const down = a.y + a.h <= b.y;
  const from = { x: a.x + a.w / 2, y: down ? a.y + a.h : a.y };
  const to = { x: b.x + b.w / 2, y: down ? b.y : b.y + b.h };
  const g = document.createElementNS(SVG_NS, "g");
  g.setAttribute("id", `e${index}`);
  g.setAttribute("class", "edge");
  const title = document.createElementNS(SVG_NS, "title");
  title.textContent = `${edge.source}->${edge.target}`;
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("fill", "none");
  path.setAttribute("d", `M${from.x},${from.y}L${to.x},${to.y}`);
  g.append(title, path);
  const firstNode = root.querySelector(":scope > g.node");
  root.insertBefore(g, firstNode);
  return g;
}

// The cut's mark: a small cross at the middle of the edge, and its label if the drawing has none.
export function markCut(g, edge) {
  g.classList.add("is-cut");
  const path = g.querySelector("path");
  if (!path || g.querySelector(".cut-mark")) return;
  let mid = null;
  try {
    const length = path.getTotalLength();
    mid = path.getPointAtLength(length / 2);
  } catch {
    mid = null;
  }
  if (!mid) return;
  const mark = document.createElementNS(SVG_NS, "path");
  mark.setAttribute("class", "cut-mark");
  mark.setAttribute("d", `M${mid.x - 4},${mid.y - 4}L${mid.x + 4},${mid.y + 4}M${mid.x - 4},${mid.y + 4}L${mid.x + 4},${mid.y - 4}`);
  g.append(mark);
  if (edge.label && !g.querySelector("text")) {
    const text = document.createElementNS(SVG_NS, "text");
    text.setAttribute("class", "cut-label");
    text.setAttribute("x", String(mid.x + 7));
    text.setAttribute("y", String(mid.y + 3));
    text.setAttribute("font-size", "9");
    text.textContent = edge.label;
    g.append(text);
  }
  const title = g.querySelector("title");
  if (title && edge.label) title.textContent = edge.label;
}
