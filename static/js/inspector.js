// The side panel for one graph node (or one variable) at the current step: its names, kind, op, source line,
// shape, and its value, .grad and the gradient that flowed through it, as tables with a colour scale. A node
// is shown as itself: an earlier loop iteration's node shows its own tensor, not the latest of the same name.

import { shapeText, tensorView } from "./tensor.js";
import { flowTitle } from "./variables.js";

const RETAIN_HELP =
  "A backward frees the tensors its graph saved unless it is called with retain_graph=True; another backward " +
  "through the same graph then fails.";

function row(dl, term, text, title) {
  if (text === undefined || text === null || text === "") return;
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = typeof text === "boolean" ? (text ? "True" : "False") : String(text);
  if (title) dd.title = title;
  dl.append(dt, dd);
}

function note(body, text, cls = "hint inspector-note") {
  const p = document.createElement("p");
  p.className = cls;
  p.textContent = text;
  body.append(p);
  return p;
}

function valueSection(body, snap, name, flowTarget) {
  const suffix = name ? ` of ${name} at this step` : "";
  if (snap.value !== undefined) body.append(tensorView(snap.value, `value${suffix}`, snap.dtype));
  if (snap.grad !== undefined) body.append(tensorView(snap.grad, `${name || "this"}.grad at this step`, snap.dtype));
  if (snap.grad_flow !== undefined && snap.grad_flow !== null) {
    const label = `∂${flowTarget || "output"}/∂${name || "this"}`;
    body.append(tensorView(snap.grad_flow, `${label} in the last backward`, snap.dtype));
    note(body, flowTitle(flowTarget || "output", name || "this"), "hint flow-help");
  }
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
    // node: graph.nodes[i]; state: its state at this step (null before it exists); snap: the step's variable
    // snapshot when this node is what its name stands for now (null otherwise); lines: the program's lines.
    showNode({ node, state, snap, lines, flowTarget }) {
      body.replaceChildren();
      const names = Array.isArray(node.variables) ? node.variables : [];
      open(names.length ? names.join(", ") : node.label || node.id);
      if (!state) note(body, "Not created yet at this step.");
      else if (names.length && !snap) {
        const made = node.first_step !== null && node.first_step !== undefined ? ` at step ${node.first_step + 1}` : "";
        note(
          body,
          `An earlier ${names[0]}: this node was made${made}${node.line ? ` (line ${node.line})` : ""}; the name ` +
            `${names[0]} now stands for a later tensor. Shown: this node's own tensor at this step.`,
          "hint inspector-note earlier-node",
        );
      }
      const now = state || {};
      const kind = now.kind || node.kind;
      const dl = document.createElement("dl");
      dl.className = "facts";
      row(dl, "node", node.id);
      row(dl, "kind", kind);
      row(dl, "op", node.op);
      row(dl, "label", node.label);
      row(dl, "variables", names.join(", "));
      row(dl, "shape", shapeText(node.shape));
      if (node.line) row(dl, "line", `${node.line}: ${(lines[node.line - 1] || "").trim()}`);
      row(dl, "dtype", node.dtype);
      if (node.first_step !== undefined && node.first_step !== null) row(dl, "created at step", node.first_step + 1);
      if (state) {
        // The graph carries a short text of each; the full tensors come from the variable, when it is this node.
        const tensor = node.shape !== null && node.shape !== undefined && kind !== "saved";
        if (tensor) row(dl, "requires_grad", now.requires_grad);
        row(dl, "value", now.value);
        if (tensor) row(dl, ".grad", now.grad === null || now.grad === undefined ? "None" : now.grad);
        if (now.grad_flow !== null && now.grad_flow !== undefined) {
          const wrt = names[0] || "this";
          row(dl, `∂${flowTarget || "output"}/∂${wrt}`, now.grad_flow, flowTitle(flowTarget || "output", wrt));
        }
        // An optimizer step changes a parameter in place: torch counts it in the tensor's version.
        if (tensor && now.version) row(dl, "version", now.version, "in-place changes so far (each optimizer step is one)");
        Object.entries(now.optimizer || {}).forEach(([k, v]) => row(dl, k, v, "what the optimizer holds for it"));
      }
      Object.entries(node.attrs || {}).forEach(([k, v]) => row(dl, k, v));
      if (kind === "saved" && state) {
        const where =
          node.freed_line === null || node.freed_line === undefined
            ? "by backward"
            : node.freed_line > 0
              ? `by backward at line ${node.freed_line}`
              : 'by the "Run backward" pass';
        row(dl, "buffers", now.freed ? `freed ${where}` : "kept");
      }
      body.append(dl);
      if (kind === "saved" && state) note(body, RETAIN_HELP, "hint retain-help");
      if (state && !snap && now.grad_flow !== null && now.grad_flow !== undefined) {
        note(body, flowTitle(flowTarget || "output", names[0] || "this"), "hint flow-help");
      }
      if (snap) valueSection(body, snap, names.find(Boolean) || "", flowTarget);
    },
    // snap: the variable's snapshot at the current step, or null before it is assigned.
    showVariable(name, snap, flowTarget) {
      body.replaceChildren();
      open(name);
      if (!snap) {
        note(body, "Not assigned yet at this step.");
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
      valueSection(body, snap, name, flowTarget);
    },
    hide() {
      panel.hidden = true;
    },
    get open() {
      return !panel.hidden;
    },
  };
}
