// Tensor values as the API sends them (nested lists; non-finite numbers as "NaN"/"Infinity"/"-Infinity"):
// number formatting, a short text preview, and a table view with a colour scale. No page state here.

const MAX_SLICES = 12;

export function toNumber(v) {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  return Number(v);
}

export function isFloating(dtype) {
  return typeof dtype === "string" && /float|complex/.test(dtype);
}

// Like torch prints: integers plainly, floating-point values with four decimals (2.0000, not 2).
export function fmt(v, floating = true) {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  const n = toNumber(v);
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (Number.isInteger(n) && Math.abs(n) < 1e6) return floating ? n.toFixed(4) : String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return n.toExponential(3);
  return n.toFixed(4);
}

export function flatten(v, out = []) {
  if (Array.isArray(v)) v.forEach((item) => flatten(item, out));
  else out.push(v);
  return out;
}

export function shapeOf(v) {
  const shape = [];
  let cur = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

export function preview(v, dtype = "float32", max = 8) {
  const floating = isFloating(dtype);
  if (v === null || v === undefined) return "None";
  if (!Array.isArray(v)) return fmt(v, floating);
  const flat = flatten(v);
  const shown = flat.slice(0, max).map((x) => fmt(x, floating)).join(", ");
  return `[${shown}${flat.length > max ? ", …" : ""}]`;
}

export function shapeText(shape) {
  if (!Array.isArray(shape)) return "";
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

// A flat list of values back into nested lists of `shape` (a 0-D shape gives the lone value).
export function reshape(flat, shape) {
  if (!Array.isArray(shape) || shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => reshape(flat.slice(i * size, (i + 1) * size), rest));
}

// Elementwise a - b for two nested lists of the same shape (null when they do not match).
export function difference(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return null;
    const out = a.map((item, i) => difference(item, b[i]));
    return out.includes(null) ? null : out;
  }
  if (Array.isArray(a) || Array.isArray(b)) return null;
  return toNumber(a) - toNumber(b);
}

// Diverging scale: blue below zero, orange above, white at zero. Light enough that black text stays readable.
export function colourFor(n, maxAbs) {
  if (Number.isNaN(n)) return "rgb(220, 220, 220)";
  if (!Number.isFinite(n)) return n > 0 ? "rgb(250, 170, 100)" : "rgb(150, 185, 235)";
  const t = maxAbs > 0 ? Math.min(1, Math.abs(n) / maxAbs) * 0.7 : 0;
  const [r, g, b] = n < 0 ? [70, 130, 220] : [240, 140, 40];
  const mix = (c) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function matrixTable(rows, maxAbs, floating, caption) {
  const table = el("table", "tensor");
  if (caption) table.append(el("caption", null, caption));
  const head = el("tr");
  head.append(el("th", "corner"));
  rows[0].forEach((_, j) => {
    const th = el("th", null, String(j));
    th.scope = "col";
    head.append(th);
  });
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  rows.forEach((row, i) => {
    const tr = el("tr");
    const th = el("th", null, String(i));
    th.scope = "row";
    tr.append(th);
    row.forEach((v) => {
      const td = el("td", "num", fmt(v, floating));
      td.dataset.value = String(v);
      td.style.backgroundColor = colourFor(toNumber(v), maxAbs);
      tr.append(td);
    });
    tbody.append(tr);
  });
  table.append(thead, tbody);
  return table;
}

// A table for 0-D/1-D/2-D values; for N-D one 2-D table per leading index ("[0, 1, :, :]").
export function tensorView(value, label, dtype = "float32") {
  const floating = isFloating(dtype);
  const box = el("div", "tensor-view");
  if (value === null || value === undefined) {
    box.append(el("p", "muted", `${label}: None`));
    return box;
  }
  const flat = flatten(value).map(toNumber).filter(Number.isFinite);
  const maxAbs = flat.reduce((m, n) => Math.max(m, Math.abs(n)), 0);
  const shape = shapeOf(value);
  const heading = el("p", "tensor-label", label);
  box.append(heading);
  if (shape.length === 0) box.append(matrixTable([[value]], maxAbs, floating));
  else if (shape.length === 1) box.append(matrixTable([value], maxAbs, floating));
  else if (shape.length === 2) box.append(matrixTable(value, maxAbs, floating));
  else {
    const slices = [];
    const walk = (v, prefix) => {
      if (slices.length >= MAX_SLICES) return;
      if (shapeOf(v).length === 2) slices.push([prefix, v]);
      else v.forEach((item, i) => walk(item, prefix.concat(i)));
    };
    walk(value, []);
    slices.forEach(([prefix, rows]) => {
      box.append(matrixTable(rows, maxAbs, floating, `[${prefix.join(", ")}, :, :]`));
    });
    const total = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    if (total > slices.length) box.append(el("p", "muted", `${total - slices.length} more slices not shown.`));
  }
  return box;
}
