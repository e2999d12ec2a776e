// The graph view: one Graphviz SVG for the whole run, laid out once (so nothing moves while stepping). Each step
// shows the nodes made by then, each drawn in its state at that step (nodelabel.js); cut edges are marked; wheel,
// drag and buttons pan and zoom by changing the viewBox; nodes are clickable. A fitted view never makes text
// smaller than MIN_TEXT_SCALE allows: a graph too big for that is shown around the current step's new nodes, and
// each step brings its new nodes into view (graphnav.js adds the minimap and the search).

import { drawCut, dropLegend, markCut } from "./graphmarks.js";
import { edgeEnds, layoutShift, nodeBox } from "./graphbox.js";
import { fitNode, paintNode, prepareNode } from "./nodelabel.js";

const ZOOM_STEP = 1.25;
const MAX_FIT_SCALE = 1.25; // screen pixels per SVG unit when fitting: a tiny graph is not blown up
// Graphviz's smallest text is 9 units (dot.py's small print): a little over one pixel per unit keeps it over
// 9 px on screen.
export const MIN_TEXT_SCALE = 1.05;

export function createGraphView({ viewport, zoomIn, zoomOut, zoomReset, onSelect }) {
  let svg = null;
  let base = null; // the box "reset" fits: the drawn nodes and edges, without the margin and legend
  let view = null;
  let selected = null;
  let fitted = false; // true until the user pans or zooms: a resized viewport then refits
  let drawings = new Map(); // node id -> its drawing (nodelabel.js), for nodes the answer describes
  let nodeData = new Map(); // node id -> graph.nodes[i]
  let flowTarget = "";
  let focus = []; // ids of the nodes a fitted view of a big graph centres on: the current step's new ones
  // The drawing's size on screen, measured when fitting or resizing: a step reads it without forcing a layout.
  let size = { w: 0, h: 0 };
  const viewListeners = [];

  function applyView() {
    if (svg && view) svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
    viewListeners.forEach((listener) => listener(view, base));
  }

  // Fit the whole drawing, widening the box to the viewport's aspect so zooming keeps the cursor fixed; when
  // that would make text unreadably small, show the current step's new nodes at a readable size instead.
  function tooBig() {
    return size.w > 0 && size.h > 0 && Math.min(size.w / base.w, size.h / base.h) < MIN_TEXT_SCALE;
  }

  function reset() {
    if (!svg || !base) return;
    const rect = viewport.getBoundingClientRect();
    const drawn = svg.getBoundingClientRect(); // inside the viewport's border
    size = { w: drawn.width, h: drawn.height };
    if (tooBig() && focusOn(focus)) {
      fitted = true;
      return;
    }
    const aspect = rect.width > 0 && rect.height > 0 ? rect.width / rect.height : base.w / base.h;
    let { x, y, w, h } = base;
    if (rect.width > 0 && Math.min(rect.width / w, rect.height / h) > MAX_FIT_SCALE) {
      const nw = rect.width / MAX_FIT_SCALE;
      const nh = rect.height / MAX_FIT_SCALE;
      x -= (nw - w) / 2;
      y -= (nh - h) / 2;
      w = nw;
      h = nh;
    }
    if (w / h < aspect) {
      const nw = h * aspect;
      x -= (nw - w) / 2;
      w = nw;
    } else {
      const nh = w / aspect;
      y -= (nh - h) / 2;
      h = nh;
    }
    view = { x, y, w, h };
    fitted = true;
    applyView();
  }

  // The viewport changed size (the node panel opened, the window was resized): refit, or keep the
  // user's centre and zoom while matching the new aspect.
  function resized() {
    if (!svg || !view) return;
    if (fitted) {
      reset();
      return;
    }
    const rect = viewport.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    const drawn = svg.getBoundingClientRect();
    size = { w: drawn.width, h: drawn.height };
    const cy = view.y + view.h / 2;
    const h = view.w * (rect.height / rect.width);
    view = { ...view, y: cy - h / 2, h };
    applyView();
  }

  // The box around the drawn nodes `ids` (hidden ones left out), in viewBox units; null if none is drawn.
  function boxOf(ids) {
    if (!svg) return null;
    const shift = layoutShift(svg);
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    ids.forEach((id) => {
      const g = svg.querySelector(`g.node[id="${CSS.escape(id)}"]`);
      const b = g && !g.classList.contains("is-hidden") ? nodeBox(g, shift) : null;
      if (!b) return;
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.w);
      y1 = Math.max(y1, b.y + b.h);
    });
    return Number.isFinite(x0) ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
  }

  // Centre the view on the nodes `ids` at MIN_TEXT_SCALE (the most of the graph around them that stays
  // readable), or at the present zoom. Whether any of them is drawn.
  function focusOn(ids, keepScale = false) {
    const box = ids.length ? boxOf(ids) : null;
    if (!box || size.w === 0 || size.h === 0) return false;
    const scale = keepScale ? size.w / view.w : MIN_TEXT_SCALE;
    const w = size.w / scale;
    const h = size.h / scale;
    view = { x: box.x + box.w / 2 - w / 2, y: box.y + box.h / 2 - h / 2, w, h };
    applyView();
    return true;
  }

  // The step's new nodes: a fitted big graph centres on them; a panned view moves (keeping its zoom) only when
  // one of them is out of sight.
  function follow(ids) {
    focus = ids;
    if (!svg || !view || ids.length === 0) return;
    if (fitted) {
      if (tooBig()) focusOn(ids);
      return;
    }
    const box = boxOf(ids);
    if (box && (box.x < view.x || box.y < view.y || box.x + box.w > view.x + view.w || box.y + box.h > view.y + view.h)) {
      focusOn(ids, true);
    }
  }

  function toUser(clientX, clientY) {
    const rect = svg.getBoundingClientRect();
    return {
      x: view.x + ((clientX - rect.left) / rect.width) * view.w,
      y: view.y + ((clientY - rect.top) / rect.height) * view.h,
    };
  }

  function zoom(factor, clientX, clientY) {
    if (!svg || !view) return;
    const rect = svg.getBoundingClientRect();
    const p = clientX === undefined
      ? { x: view.x + view.w / 2, y: view.y + view.h / 2 }
      : toUser(clientX, clientY);
    const w = Math.min(base.w * 20, Math.max(base.w / 50, view.w * factor));
    const f = w / view.w;
    view = { x: p.x - (p.x - view.x) * f, y: p.y - (p.y - view.y) * f, w, h: view.h * f };
    fitted = false;
    if (rect.width === 0) return;
    applyView();
  }

  function adopt(element) {
    svg = element;
    selected = null;
    drawings = new Map();
    nodeData = new Map();
    if (!svg) {
      base = view = null;
      return;
    }
    const vb = (svg.getAttribute("viewBox") || "").split(/[\s,]+/).map(Number);
    if (vb.length === 4 && vb.every(Number.isFinite) && vb[2] > 0 && vb[3] > 0) {
      base = { x: vb[0], y: vb[1], w: vb[2], h: vb[3] };
    } else {
      const w = parseFloat(svg.getAttribute("width")) || 100;
      const h = parseFloat(svg.getAttribute("height")) || 100;
      base = { x: 0, y: 0, w, h };
    }
    // The viewport decides the size; the viewBox decides what is shown.
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    svg.setAttribute("role", "group");
    dropLegend(svg);
    svg.querySelectorAll("g.node").forEach((node) => {
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "button");
      const title = node.querySelector("title");
      const text = Array.from(node.querySelectorAll("text")).map((t) => t.textContent).join(" ");
      node.setAttribute("aria-label", text || (title ? title.textContent : node.id));
    });
    svg.querySelectorAll("g.edge").forEach((edge) => {
      const ends = edgeEnds(edge);
      if (ends) {
        edge.dataset.source = ends[0];
        edge.dataset.target = ends[1];
      }
    });
    const whole = focus;
    focus = [];
    reset();
    base = contentBox() || base;
    focus = whole;
    reset();
  }

  // Bounding box of every node and edge in viewBox units, measured while the whole drawing is shown.
  function contentBox() {
    const parts = svg.querySelectorAll("g.node, g.edge");
    if (parts.length === 0 || !view) return null;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    parts.forEach((part) => {
      const r = part.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return;
      const a = toUser(r.left, r.top);
      const b = toUser(r.right, r.bottom);
      x0 = Math.min(x0, a.x);
      y0 = Math.min(y0, a.y);
      x1 = Math.max(x1, b.x);
      y1 = Math.max(y1, b.y);
    });
    if (!Number.isFinite(x0) || x1 - x0 <= 0 || y1 - y0 <= 0) return null;
    const pad = 8;
    return { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
  }

  function setSvg(text) {
    if (!text) {
      viewport.replaceChildren();
      adopt(null);
      return;
    }
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    if (root.nodeName.toLowerCase() !== "svg") {
      viewport.replaceChildren();
      adopt(null);
      return;
    }
    const element = document.importNode(root, true);
    viewport.replaceChildren(element);
    adopt(element);
  }

  // The answer's graph data for the drawing: which node is which, and which edges are cuts.
  function setData(graphData) {
    if (!svg) return;
    const nodes = graphData && Array.isArray(graphData.nodes) ? graphData.nodes : [];
    const edges = graphData && Array.isArray(graphData.edges) ? graphData.edges : [];
    flowTarget = (graphData && graphData.flow_target) || "";
    nodes.forEach((n) => {
      nodeData.set(n.id, n);
      if (drawings.has(n.id)) return;
      const g = svg.querySelector(`g.node[id="${CSS.escape(n.id)}"]`);
      const drawing = g ? prepareNode(g) : null;
      if (drawing) drawings.set(n.id, drawing);
    });
    edges.forEach((edge, i) => {
      let g = svg.querySelector(`g.edge[id="e${i}"]`);
      if (edge.kind !== "cut") return;
      if (!g) g = drawCut(svg, i, edge);
      if (!g) return;
      g.dataset.source = edge.source;
      g.dataset.target = edge.target;
      markCut(g, edge);
    });
  }

  // Show only the nodes in `visible` (a Set of ids; null: all) and the edges between them, mark `fresh`
  // ids, and draw each shown node in the state `stateOf(id)` gives (null: leave it as drawn).
  function showStep(visible, fresh, stateOf = () => null) {
    if (!svg) return;
    const painted = [];
    svg.querySelectorAll("g.node").forEach((node) => {
      const shown = visible === null || visible.has(node.id);
      node.classList.toggle("is-hidden", !shown);
      node.classList.toggle("is-new", shown && fresh.has(node.id));
      const drawing = drawings.get(node.id);
      const state = shown && drawing ? stateOf(node.id) : null;
      if (state && paintNode(drawing, nodeData.get(node.id), state, flowTarget)) painted.push(drawing);
    });
    painted.forEach((drawing) => {
      fitNode(drawing);
      const text = Array.from(drawing.g.querySelectorAll("text")).map((t) => t.textContent).join(" ");
      drawing.g.setAttribute("aria-label", text);
    });
    svg.querySelectorAll("g.edge").forEach((edge) => {
      const { source, target } = edge.dataset;
      const shown = visible === null || (visible.has(source) && visible.has(target));
      edge.classList.toggle("is-hidden", !shown);
    });
    follow(fresh.size ? [...fresh] : latestOf(visible));
  }

  // With no new node at a step (a print, a backward): the latest made of those shown.
  function latestOf(visible) {
    let latest = null;
    (visible || new Set(nodeData.keys())).forEach((id) => {
      const step = (nodeData.get(id) || {}).first_step;
      if (step !== null && step !== undefined && (latest === null || step >= latest.step)) latest = { id, step };
    });
    return latest ? [latest.id] : [];
  }

  function select(id) {
    if (!svg) return;
    svg.querySelectorAll("g.node.is-selected").forEach((n) => n.classList.remove("is-selected"));
    selected = id;
    if (id) {
      const node = svg.querySelector(`g.node[id="${CSS.escape(id)}"]`);
      if (node) node.classList.add("is-selected");
    }
  }

  // Drag to pan; a press that does not move is a click on whatever is under it. A finger never pans: its swipe
  // scrolls the page (touch-action in app.css), and two fingers pinch-zoom (graphtouch.js).
  let drag = null;
  viewport.addEventListener("pointerdown", (event) => {
    if (!svg || event.button !== 0) return;
    const touch = event.pointerType === "touch";
    drag = { x: event.clientX, y: event.clientY, view: { ...view }, moved: false, id: event.pointerId, touch };
  });
  viewport.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (drag.touch) {
      drag.moved = true; // a swipe, not a tap
      return;
    }
    if (!drag.moved) viewport.setPointerCapture(event.pointerId);
    drag.moved = true;
    fitted = false;
    viewport.classList.add("is-dragging");
    const rect = svg.getBoundingClientRect();
    view = {
      ...drag.view,
      x: drag.view.x - (dx / rect.width) * drag.view.w,
      y: drag.view.y - (dy / rect.height) * drag.view.h,
    };
    applyView();
  });
  const endDrag = (event) => {
    if (!drag) return;
    const wasClick = !drag.moved;
    drag = null;
    viewport.classList.remove("is-dragging");
    if (wasClick && event.type === "pointerup") {
      const node = event.target.closest && event.target.closest("g.node");
      if (node && !node.classList.contains("is-hidden")) {
        select(node.id);
        onSelect(node.id);
      }
    }
  };
  viewport.addEventListener("pointerup", endDrag);
  viewport.addEventListener("pointercancel", endDrag);
  viewport.addEventListener(
    "wheel",
    (event) => {
      if (!svg) return;
      event.preventDefault();
      zoom(Math.exp(event.deltaY * 0.0015), event.clientX, event.clientY);
    },
    { passive: false },
  );
  viewport.addEventListener("keydown", (event) => {
    const node = event.target.closest && event.target.closest("g.node");
    if (node && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(node.id);
      onSelect(node.id);
    } else if (event.key === "+" || event.key === "=") {
      zoom(1 / ZOOM_STEP);
    } else if (event.key === "-") {
      zoom(ZOOM_STEP);
    } else if (event.key === "0") {
      reset();
    }
  });
  zoomIn.addEventListener("click", () => zoom(1 / ZOOM_STEP));
  zoomOut.addEventListener("click", () => zoom(ZOOM_STEP));
  zoomReset.addEventListener("click", reset);
  new ResizeObserver(resized).observe(viewport);

  return {
    adopt,
    setSvg,
    setData,
    showStep,
    select,
    reset,
    zoom,
    focusOn,
    // Centre the view on the point (x, y) in viewBox units, keeping the zoom (the minimap's click).
    centreAt(x, y) {
      if (!svg || !view) return;
      view = { ...view, x: x - view.w / 2, y: y - view.h / 2 };
      fitted = false;
      applyView();
    },
    onView(listener) {
      viewListeners.push(listener);
    },
    get svg() {
      return svg;
    },
    get base() {
      return base ? { ...base } : null;
    },
    get nodes() {
      return nodeData;
    },
    get selected() {
      return selected;
    },
    viewBox() {
      return view ? { ...view } : null;
    },
  };
}
