// The graph view: one Graphviz SVG for the whole run, laid out once (so nothing moves while stepping). Each step
// shows the nodes made by then, each drawn in its state at that step (nodelabel.js); cut edges are marked; wheel,
// drag and buttons pan and zoom by changing the viewBox; nodes are clickable. A fitted view never makes text
// smaller than MIN_TEXT_SCALE allows: a graph too big for that is shown around the current step's new nodes, and
// each step brings its new nodes into view (graphnav.js adds the minimap and the search).
// A run's drawing is parsed and indexed once, drawn for its step out of the page, then put in whole; a step
// toggles classes and rewrites the labels that changed. Nothing here reads the browser's layout on the way, and
// a view of a small part of a big drawing renders only what lies near it (cull).

import { drawCut, dropLegend, markCut } from "./graphmarks.js";
import { edgeEnds, layoutShift, nodeBox, partBox } from "./graphbox.js";
import { fitNode, paintNode, prepareNode } from "./nodelabel.js";

const SVG_NS = "http://www.w3.org/2000/svg";
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
  let nodeElements = new Map(); // node id -> its <g class="node">, in document order
  let edgeElements = []; // every <g class="edge">, in document order
  let parts = []; // [{g, box}] for every node and edge: where it lies, in viewBox units
  let nodeData = new Map(); // node id -> graph.nodes[i]
  let flowTarget = "";
  let focus = []; // ids of the nodes a fitted view of a big graph centres on: the current step's new ones
  // The drawing's size on screen: the viewport's content box (the SVG fills it), kept by a ResizeObserver, so
  // neither a step nor a new run forces a layout to learn it.
  let size = null;
  const viewListeners = [];

  function applyView() {
    const text = view ? `${view.x} ${view.y} ${view.w} ${view.h}` : null;
    // A new viewBox lays every label out again: set it only when it changes.
    if (svg && text && svg.getAttribute("viewBox") !== text) svg.setAttribute("viewBox", text);
    cull();
    viewListeners.forEach((listener) => listener(view, base));
  }

  // Nodes and edges more than a view's width or height away from the view are left out of the rendering
  // (is-far: display none, app.css); they come back as the view nears them. The selected node and the one with
  // the keyboard's focus always stay.
  function cull() {
    if (!svg || !view) return;
    const x0 = view.x - view.w;
    const x1 = view.x + 2 * view.w;
    const y0 = view.y - view.h;
    const y1 = view.y + 2 * view.h;
    const active = document.activeElement;
    parts.forEach(({ g, box }) => {
      const far = (box.x > x1 || box.x + box.w < x0 || box.y > y1 || box.y + box.h < y0) &&
        g.id !== selected && !g.contains(active);
      if (far !== g.classList.contains("is-far")) g.classList.toggle("is-far", far);
    });
  }

  // Measured once, when first needed; the ResizeObserver keeps it from then on.
  function measure() {
    if (size) return size;
    const rect = viewport.getBoundingClientRect();
    size = { w: Math.max(0, rect.width - 2 * viewport.clientLeft), h: Math.max(0, rect.height - 2 * viewport.clientTop) };
    return size;
  }

  // Fit the whole drawing, widening the box to the viewport's aspect so zooming keeps the cursor fixed; when
  // that would make text unreadably small, show the current step's new nodes at a readable size instead.
  function tooBig() {
    const { w, h } = measure();
    return w > 0 && h > 0 && Math.min(w / base.w, h / base.h) < MIN_TEXT_SCALE;
  }

  function reset() {
    if (!svg || !base) return;
    const rect = measure();
    if (tooBig() && focusOn(focus)) {
      fitted = true;
      return;
    }
    const aspect = rect.w > 0 && rect.h > 0 ? rect.w / rect.h : base.w / base.h;
    let { x, y, w, h } = base;
    if (rect.w > 0 && Math.min(rect.w / w, rect.h / h) > MAX_FIT_SCALE) {
      const nw = rect.w / MAX_FIT_SCALE;
      const nh = rect.h / MAX_FIT_SCALE;
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
  function resized([entry]) {
    const box = entry.contentBoxSize && entry.contentBoxSize[0];
    size = box ? { w: box.inlineSize, h: box.blockSize } : { w: entry.contentRect.width, h: entry.contentRect.height };
    if (!svg || !view) return;
    if (fitted) {
      reset();
      return;
    }
    if (size.w === 0 || size.h === 0) return;
    const cy = view.y + view.h / 2;
    const h = view.w * (size.h / size.w);
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
      const g = nodeElements.get(id);
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
    const size = measure();
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
    nodeElements = new Map();
    edgeElements = [];
    parts = [];
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
      nodeElements.set(node.id, node);
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "button");
      const title = node.querySelector("title");
      const text = Array.from(node.querySelectorAll("text")).map((t) => t.textContent).join(" ");
      node.setAttribute("aria-label", text || (title ? title.textContent : node.id));
    });
    svg.querySelectorAll("g.edge").forEach((edge) => {
      edgeElements.push(edge);
      const ends = edgeEnds(edge);
      if (ends) {
        edge.dataset.source = ends[0];
        edge.dataset.target = ends[1];
      }
    });
    base = contentBox() || base;
    reset();
  }

  // Bounding box of every node and edge in viewBox units, read from their coordinates (the legend is gone).
  function contentBox() {
    const shift = layoutShift(svg);
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    [...nodeElements.values(), ...edgeElements].forEach((part) => {
      const b = partBox(part, shift);
      if (!b) return;
      parts.push({ g: part, box: b });
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.w);
      y1 = Math.max(y1, b.y + b.h);
    });
    if (!Number.isFinite(x0) || x1 - x0 <= 0 || y1 - y0 <= 0) return null;
    const pad = 8;
    return { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
  }

  // A run's drawing: parsed (by the HTML parser, as the page's own first drawing was) and made ready out of the
  // page; the next showStep draws its step and puts it in.
  function setSvg(text) {
    const holder = document.createElement("template");
    holder.innerHTML = text || "";
    const element = holder.content.firstElementChild;
    if (!element || element.localName !== "svg" || element.namespaceURI !== SVG_NS) {
      viewport.replaceChildren();
      adopt(null);
      return;
    }
    adopt(document.adoptNode(element));
  }

  function mount() {
    if (svg && svg.parentNode !== viewport) viewport.replaceChildren(svg);
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
      const g = nodeElements.get(n.id);
      const drawing = g ? prepareNode(g) : null;
      if (drawing) drawings.set(n.id, drawing);
    });
    const edgeById = new Map(edgeElements.map((g) => [g.id, g]));
    edges.forEach((edge, i) => {
      if (edge.kind !== "cut") return;
      let g = edgeById.get(`e${i}`);
      if (!g) {
        g = drawCut(svg, i, edge);
        if (g) edgeElements.push(g); // not among `parts`: never culled
      }
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
    nodeElements.forEach((node, id) => {
      const shown = visible === null || visible.has(id);
      node.classList.toggle("is-hidden", !shown);
      node.classList.toggle("is-new", shown && fresh.has(id));
      const drawing = drawings.get(id);
      const state = shown && drawing ? stateOf(id) : null;
      if (state && paintNode(drawing, nodeData.get(id), state, flowTarget)) {
        fitNode(drawing);
        drawing.g.setAttribute("aria-label", drawing.order.map((t) => t.textContent).join(" "));
      }
    });
    edgeElements.forEach((edge) => {
      const { source, target } = edge.dataset;
      const shown = visible === null || (visible.has(source) && visible.has(target));
      edge.classList.toggle("is-hidden", !shown);
    });
    follow(fresh.size ? [...fresh] : latestOf(visible));
    mount();
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
    const before = selected && nodeElements.get(selected);
    if (before) before.classList.remove("is-selected");
    selected = id;
    if (id) {
      const node = nodeElements.get(id);
      if (node) node.classList.add("is-selected");
      if (node) node.classList.remove("is-far");
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
    // The drawn <g class="node"> of node `id`, or null.
    nodeElement(id) {
      return nodeElements.get(id) || null;
    },
    get selected() {
      return selected;
    },
    viewBox() {
      return view ? { ...view } : null;
    },
  };
}
