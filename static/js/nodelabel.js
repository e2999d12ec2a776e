// One graph node drawn as it stands at a step. The SVG is laid out once, from the run's final state; here each
// node's box becomes a plain <rect> whose colour and dash come from its kind class (app.css), and the label
// lines that depend on the step (kind, value, grad, ∂, freed) are rewritten from the node's state at that step.
// The lines that never change (names, shape, source line, notes) stay where Graphviz put them.

const SVG_NS = "http://www.w3.org/2000/svg";
export const KINDS = ["leaf", "op", "output", "saved", "constant", "summary"];
const STATE_LINE = /^(value |grad |∂|freed by )/;
const TAIL_LINE = /^(line \d+$|↖)/;
const NAME_CHARS = 16; // as app/render/dot.py's _flow_name
const RETAIN_GRAPH =
  "a backward frees the tensors its graph saved unless it is called with retain_graph=True; another backward " +
  "through the same graph then fails.";

function numbers(text) {
  return (text || "").match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)?.map(Number) || [];
}

// The bounding box of a Graphviz polygon or path: every coordinate pair of its outline lies within it. A box
// needs some width and height; `flat` also takes a straight line (an edge's path).
export function outlineBox(shape, flat = false) {
  const list = numbers(shape.getAttribute("points") || shape.getAttribute("d"));
  if (list.length < 4) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i + 1 < list.length; i += 2) {
    x0 = Math.min(x0, list[i]);
    x1 = Math.max(x1, list[i]);
    y0 = Math.min(y0, list[i + 1]);
    y1 = Math.max(y1, list[i + 1]);
  }
  const box = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  return (flat ? box.w >= 0 && box.h >= 0 : box.w > 0 && box.h > 0) ? box : null;
}

function fontSize(text) {
  const size = parseFloat(text.getAttribute("font-size"));
  return Number.isFinite(size) ? size : 10;
}

function shortName(name) {
  return name.length <= NAME_CHARS ? name : `${name.slice(0, NAME_CHARS - 1)}…`;
}

// The node's lines as Graphviz drew them, sorted into what stays and what each step rewrites. Its children are
// read in one pass: a big graph prepares hundreds of nodes before its first step is drawn.
export function prepareNode(g) {
  const kind = KINDS.find((k) => g.classList.contains(k)) || "op";
  if (kind === "summary") return null;
  let shape = null;
  const texts = [];
  for (let child = g.firstElementChild; child; child = child.nextElementSibling) {
    const tag = child.localName;
    if (tag === "text") texts.push(child);
    else if (!shape && (tag === "polygon" || tag === "path" || tag === "ellipse")) shape = child;
  }
  if (!shape || texts.length === 0) return null;
  const box = outlineBox(shape);
  if (!box) return null;
  const rect = document.createElementNS(SVG_NS, "rect");
  rect.setAttribute("class", "node-shape");
  ["x", "y"].forEach((a) => rect.setAttribute(a, String(box[a])));
  rect.setAttribute("width", String(box.w));
  rect.setAttribute("height", String(box.h));
  shape.replaceWith(rect);

  const names = [];
  const middle = [];
  const tail = [];
  let smallTemplate = null;
  let plainTemplate = null;
  texts.forEach((t) => {
    const text = t.textContent.trim();
    const bold = t.getAttribute("font-weight") === "bold";
    const small = fontSize(t) < 10;
    if (small && !smallTemplate) smallTemplate = t;
    if (!small && !bold && !plainTemplate) plainTemplate = t;
    if (bold && middle.length === 0 && tail.length === 0) names.push(t);
    else if (!bold && !small) t.remove(); // the kind line(s): "no grad", "leaf", "saved: …", the op's label
    else if (small && STATE_LINE.test(text)) t.remove();
    else if (tail.length || TAIL_LINE.test(text)) tail.push(t);
    else middle.push(t);
  });
  const first = texts[0];
  const last = texts[texts.length - 1];
  const span = parseFloat(last.getAttribute("y")) - parseFloat(first.getAttribute("y")) + fontSize(first);
  return {
    g,
    rect,
    box,
    x: first.getAttribute("x"),
    topEdge: parseFloat(first.getAttribute("y")) - fontSize(first),
    span,
    names,
    middle,
    tail,
    // New lines are shallow clones of these: a line the step drew only ever changes its y, which each clone
    // gets anew, so the lines themselves serve.
    small: smallTemplate,
    plain: plainTemplate,
    made: [],
    order: texts.filter((t) => t.parentNode === g), // the lines in document order, for the node's aria-label
    signature: null,
  };
}

function line(drawing, text, small) {
  const template = small ? drawing.small : drawing.plain;
  const t = template ? template.cloneNode(false) : document.createElementNS(SVG_NS, "text");
  if (!template) {
    t.setAttribute("text-anchor", "start");
    t.setAttribute("font-family", "DejaVu Sans");
    t.setAttribute("font-size", small ? "9.00" : "10.00");
    if (small) t.setAttribute("fill", "#333333");
  }
  t.removeAttribute("font-weight");
  t.removeAttribute("textLength");
  t.removeAttribute("lengthAdjust");
  t.setAttribute("x", drawing.x);
  t.classList.add("step-line");
  t.textContent = text;
  return t;
}

// The lines that change with the step, as app/render/dot.py's _label_lines writes them.
function kindLines(node, state) {
  const kind = state.kind || node.kind;
  if (kind === "saved") return [`saved: ${node.label}${state.freed ? " (freed)" : ""}`];
  if (kind === "constant") return ["no grad"];
  if (kind === "op" || kind === "output") return String(node.label || node.op || "").split("\n");
  if (kind === "leaf" && !(node.variables || []).length) return ["leaf"];
  return [];
}

function stateLines(node, state, flowTarget) {
  const out = [];
  if (state.value !== null && state.value !== undefined) out.push({ text: `value ${state.value}`, cls: "value-text" });
  if (state.grad !== null && state.grad !== undefined) out.push({ text: `grad ${state.grad}`, cls: "grad-text" });
  if (state.grad_flow !== null && state.grad_flow !== undefined) {
    const of = shortName(flowTarget || "output");
    const wrt = shortName((node.variables || [])[0] || "this");
    out.push({ text: `∂${of}/∂${wrt} ${state.grad_flow}`, cls: "flow-text" });
  }
  const freedLine = node.freed_line;
  if (state.freed && freedLine !== null && freedLine !== undefined) {
    const by = freedLine > 0 ? `backward at line ${freedLine}` : 'the "Run backward" pass';
    out.push({ text: `freed by ${by}`, cls: "freed-text" });
  }
  return out;
}

// A line's width in SVG units, measured on a canvas in the line's own font: asking the SVG instead would make
// the browser lay the whole drawing out again for every line measured. One canvas per font: setting a canvas's
// font parses it anew, and a node's lines alternate between two fonts.
const rulers = new Map(); // font -> a canvas context set to it
const widths = new Map(); // font and text -> width: a long loop's nodes repeat their lines

function fontOf(t) {
  const family = t.getAttribute("font-family") || "DejaVu Sans";
  const weight = t.getAttribute("font-weight") === "bold" ? "bold " : "";
  // Italic (the ∂ line, by app.css) keeps the upright advances in DejaVu Sans, so the upright face measures it.
  return `${weight}${fontSize(t)}px "${family}"`;
}

function rulerFor(font) {
  let ruler = rulers.get(font);
  if (!ruler) {
    ruler = document.createElement("canvas").getContext("2d");
    ruler.font = font;
    rulers.set(font, ruler);
  }
  return ruler;
}

function textWidth(t) {
  const font = fontOf(t);
  const text = t.textContent;
  const key = `${font}\n${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    width = rulerFor(font).measureText(text).width;
    if (widths.size > 20000) widths.clear();
    widths.set(key, width);
  }
  return width;
}

// The box a line of text takes, from its anchor and its measured width.
export function textBox(t) {
  const x = parseFloat(t.getAttribute("x"));
  const y = parseFloat(t.getAttribute("y"));
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  const size = fontSize(t);
  const w = textWidth(t);
  const anchor = t.getAttribute("text-anchor");
  const left = anchor === "middle" ? x - w / 2 : anchor === "end" ? x - w : x;
  return { x: left, y: y - size, w, h: size * 1.25 };
}

// Whether a line of printable ASCII surely fits in `room`: the sum of its characters' own advances, with room to
// spare for kerning, is far cheaper to know than the line's shaped width, and most lines fit by a wide margin.
const PRINTABLE = /^[\x20-\x7e]*$/;
const advances = new Map(); // font -> character -> advance
function surelyFits(t, room) {
  const text = t.textContent;
  if (!PRINTABLE.test(text)) return false;
  const font = fontOf(t);
  let sizes = advances.get(font);
  if (!sizes) advances.set(font, (sizes = new Map()));
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    let w = sizes.get(c);
    if (w === undefined) sizes.set(c, (w = rulerFor(font).measureText(c).width));
    sum += w;
  }
  return sum * 1.1 + 1 <= room;
}

// Squeeze a line that outgrows its box: cut it, then let the renderer fit the rest.
function fit(t, room) {
  if (surelyFits(t, room)) return;
  const width = textWidth(t);
  if (!(width > room) || room <= 0) return;
  const text = t.textContent;
  if (width > room * 1.25) {
    const keep = Math.max(1, Math.floor((text.length * room) / width) - 1);
    t.textContent = `${text.slice(0, keep)}…`;
    t.setAttribute("data-full", text);
  }
  if (textWidth(t) > room) {
    t.setAttribute("textLength", String(room));
    t.setAttribute("lengthAdjust", "spacingAndGlyphs");
  }
}

// Draw `drawing` (from prepareNode) for `node` (graph.nodes[i]) in `state` (its state at the step). Returns
// whether anything changed; the new lines are then squeezed into the box by fitNode.
export function paintNode(drawing, node, state, flowTarget) {
  const kind = KINDS.includes(state.kind) ? state.kind : node.kind;
  const kinds = kindLines(node, state);
  const extra = stateLines(node, state, flowTarget);
  const signature = JSON.stringify([kind, kinds, extra.map((l) => l.text)]);
  const { g } = drawing;
  KINDS.forEach((k) => g.classList.toggle(k, k === kind));
  if (signature === drawing.signature) return false;
  drawing.signature = signature;
  drawing.made.forEach((t) => t.remove());
  const title = g.querySelector(":scope > title");
  if (title && kind === "saved") {
    // The tooltip says why it matters: a second backward through this graph needs what was saved.
    title.textContent = `${state.freed ? "Freed" : "Kept"}: ${RETAIN_GRAPH}`;
  }
  const madeKinds = kinds.map((text) => line(drawing, text, false));
  const madeState = extra.map((l) => {
    const t = line(drawing, l.text, true);
    t.classList.add(l.cls);
    return t;
  });
  drawing.made = [...madeKinds, ...madeState];
  const order = [...drawing.names, ...madeKinds, ...drawing.middle, ...madeState, ...drawing.tail];
  order.forEach((t) => g.appendChild(t)); // document order is reading order
  drawing.order = order;

  // Keep the label's middle where Graphviz put it; a label taller than the box grows the box both ways.
  const sizes = order.map(fontSize);
  const span = sizes.reduce((a, b) => a + b, 0);
  let y = drawing.topEdge + (drawing.span - span) / 2;
  order.forEach((t, i) => {
    y += sizes[i];
    t.setAttribute("y", y.toFixed(2));
  });
  const grow = Math.max(0, span - drawing.span);
  const { box, rect } = drawing;
  rect.setAttribute("y", String(box.y - grow / 2));
  rect.setAttribute("height", String(box.h + grow));
  return true;
}

export function fitNode(drawing) {
  const { box } = drawing;
  const room = box.w - 2 * (parseFloat(drawing.x) - box.x);
  drawing.made.forEach((t) => fit(t, room));
}
