// The variables table for one step: shape, dtype, requires_grad, is_leaf, grad_fn, value and .grad of every tensor
// variable, the gradient that flowed through a non-leaf (its own column, never called grad), then the program's
// plain numbers, booleans and short lists. What changed since the previous step is marked; clicking a tensor's
// name opens it in the inspector.

import { preview, shapeText } from "./tensor.js";

const FIELDS = ["shape", "dtype", "requires_grad", "is_leaf", "grad_fn", "value", "grad", "grad_flow"];

// Once an answer's budget of values is spent, a tensor keeps only a summary; show that rather than None.
function summaryText(summary) {
  if (!summary || typeof summary !== "object") return null;
  const parts = ["mean", "min", "max"].filter((k) => summary[k] !== undefined).map((k) => `${k} ${summary[k]}`);
  return parts.length ? parts.join(", ") : null;
}

function cellText(field, snap) {
  const v = snap[field];
  if (field === "shape") return shapeText(v);
  if (field === "value" || field === "grad" || field === "grad_flow") {
    const summary = { value: snap.summary, grad: snap.grad_summary, grad_flow: snap.grad_flow_summary }[field];
    if ((v === null || v === undefined) && summaryText(summary)) return summaryText(summary);
    if (field === "grad_flow" && (v === null || v === undefined)) return "";
    return preview(v, snap.dtype);
  }
  if (v === null || v === undefined) return field === "grad_fn" ? "None" : "";
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

// A plain value as Python prints it: True/False, None, numbers, lists of them.
export function plainText(v) {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Array.isArray(v)) return `[${v.map(plainText).join(", ")}]`;
  if (v === "NaN") return "nan";
  if (v === "Infinity") return "inf";
  if (v === "-Infinity") return "-inf";
  return String(v);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// Explains the flow column: PyTorch passes that gradient through the tensor without keeping it.
export function flowTitle(target, name) {
  return (
    `∂${target}/∂${name}: the gradient of ${target} with respect to ${name} in the last backward. PyTorch passes ` +
    `this gradient through ${name} without keeping it; call ${name}.retain_grad() to keep it in ${name}.grad.`
  );
}

function nameCell(name, onInspect) {
  const th = document.createElement("th");
  th.scope = "row";
  if (!onInspect) {
    th.textContent = name;
    return th;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link";
  button.textContent = name;
  button.setAttribute("aria-label", `Inspect ${name}`);
  button.addEventListener("click", () => onInspect(name));
  th.append(button);
  return th;
}

// step / previous: steps[k] and steps[k - 1] (or null); flowTarget: what the flow column differentiates, "" to
// leave that column out.
export function renderVariables(table, step, previous, onInspect, flowTarget = "") {
  const tbody = table.tBodies[0];
  const variables = (step && step.variables) || {};
  const before = previous ? previous.variables || {} : null;
  const showFlow = Boolean(flowTarget);
  const head = table.querySelector('thead th[data-field="grad_flow"]');
  if (head) {
    head.hidden = !showFlow;
    head.textContent = `∂${flowTarget || "output"}/∂name`;
    head.title = showFlow ? flowTitle(flowTarget, "name") : "";
  }
  const fields = showFlow ? FIELDS : FIELDS.filter((f) => f !== "grad_flow");
  const rows = Object.entries(variables).map(([name, snap]) => {
    const tr = document.createElement("tr");
    tr.dataset.name = name;
    const old = before ? before[name] : undefined;
    if (old === undefined) tr.classList.add("is-new");
    tr.append(nameCell(name, onInspect));
    let changed = old === undefined;
    fields.forEach((field) => {
      const td = document.createElement("td");
      td.dataset.field = field;
      if (field === "value" || field === "grad" || field === "grad_flow") td.className = "num";
      td.textContent = cellText(field, snap || {});
      if (field === "grad_flow" && td.textContent) td.title = flowTitle(flowTarget, name);
      if (old !== undefined && !same(old[field], snap[field])) {
        td.classList.add("is-changed");
        changed = true;
      }
      tr.append(td);
    });
    if (changed) tr.classList.add("is-changed");
    return tr;
  });
  // Loop counters, a learning rate: not tensors, so only a value.
  const values = (step && step.values) || {};
  const oldValues = previous ? previous.values || {} : null;
  Object.entries(values).forEach(([name, v]) => {
    if (name in variables) return;
    const tr = document.createElement("tr");
    tr.dataset.name = name;
    tr.classList.add("is-plain");
    const isNew = !oldValues || !(name in oldValues);
    if (isNew) tr.classList.add("is-new");
    tr.append(nameCell(name, null));
    fields.forEach((field) => {
      const td = document.createElement("td");
      td.dataset.field = field;
      if (field === "value") {
        td.className = "num";
        td.textContent = plainText(v);
        if (!isNew && !same(oldValues[name], v)) {
          td.classList.add("is-changed");
          tr.classList.add("is-changed");
        }
      }
      tr.append(td);
    });
    if (isNew) tr.classList.add("is-changed");
    rows.push(tr);
  });
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = fields.length + 1;
    td.className = "muted";
    td.textContent = "No variables yet.";
    tr.append(td);
    rows.push(tr);
  }
  tbody.replaceChildren(...rows);
}

function sameCall(a, b) {
  return Boolean(a && b) && a.function === b.function && a.call_line === b.call_line && a.depth === b.depth;
}

// The locals of the call a step is in (step.frame), in their own table headed by the function's name, above the
// globals; hidden while the step is at the top level. previous: the step before (or null).
export function renderLocals({ box, heading, table }, step, previous, onInspect, flowTarget = "") {
  const frame = step && step.frame;
  box.hidden = !frame;
  if (!frame) return;
  const from = frame.call_line ? ` (called from line ${frame.call_line})` : "";
  heading.textContent = `In ${frame.function}${from}: local variables`;
  const prior = previous && sameCall(previous.frame, frame) ? previous.frame : null;
  renderVariables(table, frame, prior, onInspect, flowTarget);
}

// The tensor a name stands for at a step: a global, or `loss_fn.pred` for a local of the call the step is in.
// final: the run's final variables, for when there is no step.
export function snapshotOf(step, name, final = {}) {
  const variables = (step ? step.variables : final) || {};
  if (variables[name]) return variables[name];
  const frame = step && step.frame;
  const prefix = frame ? `${frame.function}.` : null;
  if (!prefix || !name.startsWith(prefix)) return null;
  return (frame.variables || {})[name.slice(prefix.length)] || null;
}
