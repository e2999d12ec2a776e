// Finding one's way in a big graph: a minimap (the whole drawing small, the part shown framed; a click there
// moves the view) shown whenever the view holds only part of the drawing, and a search box that centres the
// node a variable names at the current step.

import { layoutShift, nodeBox } from "./graphbox.js";

export function attachMinimap(box, graph) {
  let canvas = null;
  let boxes = [];
  let shownFor = null;
  let pending = null;
  let place = null; // viewBox units -> canvas pixels: { s, ox, oy }, for drawing and for clicks

  // Each node as a plain box on a canvas: cheap to draw however big the graph, unlike a second copy of it.
  function build(svg) {
    const shift = layoutShift(svg);
    boxes = Array.from(svg.querySelectorAll("g.node"), (g) => nodeBox(g, shift)).filter(Boolean);
    canvas = document.createElement("canvas");
    canvas.setAttribute("aria-hidden", "true");
    canvas.dataset.nodes = String(boxes.length);
    box.replaceChildren(canvas);
    shownFor = svg;
  }

  // Whether the view holds the whole drawing, so the minimap has nothing to add.
  function whole() {
    const view = graph.viewBox();
    const base = graph.base;
    if (!graph.svg || !view || !base) return true;
    return view.x <= base.x + 1 && view.y <= base.y + 1 && view.x + view.w >= base.x + base.w - 1 &&
      view.y + view.h >= base.y + base.h - 1;
  }

  function draw() {
    pending = null;
    const svg = graph.svg;
    const view = graph.viewBox();
    const base = graph.base;
    if (whole()) return;
    if (shownFor !== svg || !canvas) build(svg);
    const ratio = window.devicePixelRatio || 1;
    const width = box.clientWidth;
    const height = box.clientHeight;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const s = Math.min(width / base.w, height / base.h);
    place = { s, ox: (width - base.w * s) / 2 - base.x * s, oy: (height - base.h * s) / 2 - base.y * s };
    const c = canvas.getContext("2d");
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.fillStyle = "#9aa5b1";
    // At least a pixel each, so a thin chain of nodes still shows.
    boxes.forEach((b) => c.fillRect(place.ox + b.x * s, place.oy + b.y * s, Math.max(b.w * s, 1), Math.max(b.h * s, 1)));
    const frame = [place.ox + view.x * s, place.oy + view.y * s, Math.max(view.w * s, 3), Math.max(view.h * s, 3)];
    c.fillStyle = "rgb(30 100 200 / 15%)";
    c.fillRect(...frame);
    c.strokeStyle = "#1e64c8";
    c.lineWidth = 1.5;
    c.strokeRect(...frame);
    canvas.dataset.view = [view.x, view.y, view.w, view.h].map((v) => v.toFixed(1)).join(" ");
  }

  // Shown or hidden at once; drawn once the frame that paints the graph is done, so it never delays it.
  graph.onView(() => {
    box.hidden = whole();
    if (pending === null) pending = requestAnimationFrame(() => setTimeout(draw));
  });

  box.addEventListener("click", (event) => {
    if (!canvas || !place) return;
    const r = canvas.getBoundingClientRect();
    graph.centreAt((event.clientX - r.left - place.ox) / place.s, (event.clientY - r.top - place.oy) / place.s);
  });
}

// The node `name` holds at the current step: among the nodes drawn now that carry the name, the latest made.
function nodeNamed(graph, name) {
  let found = null;
  graph.nodes.forEach((node, id) => {
    const g = graph.nodeElement(id);
    if (!g || g.classList.contains("is-hidden")) return;
    if (!(node.variables || []).includes(name)) return;
    if (!found || (node.first_step ?? -1) >= (found.first_step ?? -1)) found = node;
  });
  return found;
}

export function attachSearch({ input, button, status }, graph) {
  function find() {
    const name = input.value.trim();
    if (!name) return;
    const node = nodeNamed(graph, name);
    if (!node) {
      status.textContent = `No node named ${name} at this step.`;
      return;
    }
    graph.select(node.id);
    graph.focusOn([node.id]);
    status.textContent = `${name}: ${(node.label || "").split("\n")[0]}${node.line ? `, line ${node.line}` : ""}`;
  }
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // the search sits in the run's form: Enter finds, it does not run
    find();
  });
  button.addEventListener("click", find);
}
