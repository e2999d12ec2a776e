// The variables table for one step: shape, dtype, requires_grad, is_leaf, grad_fn, value and grad of every
// variable, with what changed since the previous step marked. Clicking a name opens it in the inspector.

import { preview, shapeText } from "./tensor.js";

const FIELDS = ["shape", "dtype", "requires_grad", "is_leaf", "grad_fn", "value", "grad"];

function cellText(field, snap) {
  const v = snap[field];
  if (field === "shape") return shapeText(v);
  if (field === "value" || field === "grad") return preview(v, snap.dtype);
  if (v === null || v === undefined) return field === "grad_fn" ? "None" : "";
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function renderVariables(tbody, variables, previous, onInspect) {
  const rows = Object.entries(variables || {}).map(([name, snap]) => {
    const tr = document.createElement("tr");
    tr.dataset.name = name;
    const before = previous ? previous[name] : undefined;
    if (before === undefined) tr.classList.add("is-new");
    const th = document.createElement("th");
    th.scope = "row";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = name;
    button.setAttribute("aria-label", `Inspect ${name}`);
    button.addEventListener("click", () => onInspect(name));
    th.append(button);
    tr.append(th);
    let changed = before === undefined;
    FIELDS.forEach((field) => {
      const td = document.createElement("td");
      td.dataset.field = field;
      if (field === "value" || field === "grad") td.className = "num";
      td.textContent = cellText(field, snap || {});
      if (before !== undefined && !same(before[field], snap[field])) {
        td.classList.add("is-changed");
        changed = true;
      }
      tr.append(td);
    });
    if (changed) tr.classList.add("is-changed");
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = FIELDS.length + 1;
    td.className = "muted";
    td.textContent = "No variables yet.";
    tr.append(td);
    rows.push(tr);
  }
  tbody.replaceChildren(...rows);
}
