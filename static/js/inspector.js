// The side panel for one graph node (or one variable): its names, kind, op, source line, shape, and its
// value and gradient as tables with a colour scale.

import { shapeText, tensorView } from "./tensor.js";

function row(dl, term, text) {
  if (text === undefined || text === null || text === "") return;
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = typeof text === "boolean" ? (text ? "True" : "False") : String(text);
  dl.append(dt, dd);
}

function valueSection(body, snap, name) {
  const suffix = name ? ` of ${name} at this step` : "";
  if (snap.value !== undefined) body.append(tensorView(snap.value, `value${suffix}`, snap.dtype));
  if (snap.grad !== undefined) body.append(tensorView(snap.grad, `grad${suffix}`, snap.dtype));
  if (snap.summary && typeof snap.summary === "object") {
    const dl = document.createElement("dl");
    dl.className = "facts";
    Object.entries(snap.summary).forEach(([k, v]) => row(dl, k, typeof v === "object" ? JSON.stringify(v) : v));
    const p = document.createElement("p");
    p.className = "tensor-label";
    p.textContent = "summary";
    body.append(p, dl);
  }
}

export function createInspector({ panel, heading, body, close, onClose }) {
  function open(title) {
    heading.textContent = title;
    panel.hidden = false;
  }

  close.addEventListener("click", () => {
    panel.hidden = true;
    onClose();
  });

  return {
    // node: a graph node; variables: the step's variables; lines: the program's lines;
    // exists: whether the node has been created by the current step.
    showNode(node, variables, lines, exists) {
      body.replaceChildren();
      if (!exists) {
        const note = document.createElement("p");
        note.className = "hint inspector-note";
        note.textContent = "Not created yet at this step.";
        body.append(note);
      }
      const names = Array.isArray(node.variables) ? node.variables : [];
      open(names.length ? names.join(", ") : node.label || node.id);
      const dl = document.createElement("dl");
      dl.className = "facts";
      row(dl, "node", node.id);
      row(dl, "kind", node.kind);
      row(dl, "op", node.op);
      row(dl, "label", node.label);
      row(dl, "variables", names.join(", "));
      row(dl, "shape", shapeText(node.shape));
      if (node.line) row(dl, "line", `${node.line}: ${(lines[node.line - 1] || "").trim()}`);
      row(dl, "dtype", node.dtype);
      if (node.first_step !== undefined && node.first_step !== null) row(dl, "created at step", node.first_step + 1);
      // The graph carries a short text of the value and gradient; the full tensors come from the variable.
      row(dl, "value", node.value);
      row(dl, "grad", node.grad);
      Object.entries(node.attrs || {}).forEach(([k, v]) => row(dl, k, v));
      if (node.freed) row(dl, "buffers", "freed by backward");
      body.append(dl);
      const name = names.find((n) => variables && variables[n]);
      if (name) valueSection(body, variables[name], name);
    },
    // snap: the variable's snapshot at the current step, or null before it is assigned.
    showVariable(name, snap) {
      body.replaceChildren();
      open(name);
      if (!snap) {
        const note = document.createElement("p");
        note.className = "hint inspector-note";
        note.textContent = "Not assigned yet at this step.";
        body.append(note);
        return;
      }
      const dl = document.createElement("dl");
      dl.className = "facts";
      row(dl, "shape", shapeText(snap.shape));
      row(dl, "dtype", snap.dtype);
      row(dl, "requires_grad", snap.requires_grad);
      row(dl, "is_leaf", snap.is_leaf);
      row(dl, "grad_fn", snap.grad_fn || "None");
      body.append(dl);
      valueSection(body, snap, "");
    },
    hide() {
      panel.hidden = true;
    },
    get open() {
      return !panel.hidden;
    },
  };
}
