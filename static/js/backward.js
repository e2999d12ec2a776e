// The backward controls: which output to differentiate (tensors that require grad), the gradient expression
// for a non-scalar output, and the "passes" panel comparing each .grad with the previous pass. The panel tells
// only what the answer shows happened: a failed pass is a failure, and passes after it are not claimed.

import { failedPass, passSteps } from "./ghosts.js";
import { difference, flatten, preview, reshape, toNumber } from "./tensor.js";
import { flowTitle } from "./variables.js";

function isTensor(snap) {
  return snap && Array.isArray(snap.shape);
}

// The passes asked for with the run are its last steps; no line of the program has number 0.
function isExtraPass(step) {
  return step.kind === "backward" && step.line === 0;
}

// The variables once `passes` of the extra backward passes had run, read from the answer's own steps: each
// step before the last pass holds one pass fewer. null when the run never got that far.
export function variablesAfterPasses(result, passes) {
  const list = result && Array.isArray(result.steps) ? result.steps : [];
  if (result && result.error && result.error.line !== 0) return null; // a line of the program failed: no pass ran
  let done = 0;
  while (done < list.length && isExtraPass(list[list.length - 1 - done])) done += 1;
  const at = list.length - 1 - (done - passes);
  return passes >= 0 && passes <= done && at >= 0 ? list[at].variables || {} : null;
}

// Once an answer's budget of values is spent, its steps keep only a summary of each gradient; a summary
// holding every value (a small tensor) still gives the gradient back.
function gradOf(snap) {
  if (!snap) return null;
  if (snap.grad !== null && snap.grad !== undefined) return snap.grad;
  const s = snap.grad_summary;
  return s && Array.isArray(s.head) && s.head.length === s.numel ? reshape(s.head, snap.shape) : null;
}

export function createBackward({ select, gradient, gradientField, passes }) {
  let variables = {};

  function targetShape() {
    const snap = variables[select.value];
    return isTensor(snap) ? snap.shape : null;
  }

  function syncGradientField() {
    const shape = targetShape();
    const nonScalar = Boolean(shape && shape.length > 0);
    gradientField.hidden = !nonScalar && !gradient.value;
    if (nonScalar) gradient.placeholder = `torch.ones(${shape.join(",")})`;
    return nonScalar;
  }

  select.addEventListener("change", () => {
    // A non-scalar output needs a gradient; offer ones of the right shape as a starting point.
    if (syncGradientField() && !gradient.value) gradient.value = gradient.placeholder;
    if (!targetShape() || targetShape().length === 0) gradient.value = "";
    syncGradientField();
  });

  function row(dl, term, text, cls) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = text;
    if (cls) dd.className = cls;
    dl.append(dt, dd);
  }

  return {
    // Offer every tensor variable that requires grad; keep the chosen one even if it is gone.
    update(result, state) {
      variables = (result && result.variables) || {};
      const names = Object.entries(variables)
        .filter(([, snap]) => isTensor(snap) && snap.requires_grad)
        .map(([name]) => name);
      if (state.target && !names.includes(state.target)) names.push(state.target);
      const options = [new Option("(none)", "")].concat(names.map((n) => new Option(n, n)));
      select.replaceChildren(...options);
      select.value = state.target || "";
      gradient.value = state.gradient || "";
      syncGradientField();
    },

    // Each .grad after the last pass that ran next to the one after the pass before, both from the answer.
    showPasses(result, state) {
      passes.replaceChildren();
      if (!state.target || state.times < 1 || !result || !result.variables) {
        passes.hidden = true;
        return;
      }
      passes.hidden = false;
      const para = (cls, text) => {
        const p = document.createElement("p");
        p.className = cls;
        p.textContent = text;
        passes.append(p);
        return p;
      };
      const done = passSteps(result).length;
      const failed = failedPass(result);
      if (result.error && !failed) {
        para("pass-failed", "The program stopped with an error before the extra passes: none ran.");
        return;
      }
      const mode = state.zero_grad ? "zeroed before each pass" : "accumulating";
      if (done > 0) para("passes-heading", `After ${done} backward pass${done === 1 ? "" : "es"} (${mode})`);
      (result.inserted || [])
        .filter((item) => item.option === "backward" && item.line > 0)
        .forEach((item) =>
          para(
            "hint retain-note",
            `The program's last backward on ${state.target} (line ${item.line}) ran with ${item.code}, so that ` +
              "its graph was kept for the passes.",
          ),
        );
      if (failed) {
        para("pass-failed", `Pass ${failed.pass} failed: ${failed.message}`);
        para(
          "hint",
          failed.pass < state.times
            ? `Passes ${failed.pass} to ${state.times} did not happen.`
            : `Pass ${failed.pass} did not happen: no gradient changed.`,
        );
      }
      if (done === 0) return;
      const before = variablesAfterPasses(result, done - 1) || {};
      let shown = 0;
      Object.entries(result.variables)
        .filter(([, snap]) => isTensor(snap) && snap.grad !== null && snap.grad !== undefined)
        .forEach(([name, snap]) => {
          const item = document.createElement("dl");
          item.className = "pass";
          item.dataset.name = name;
          const old = gradOf(before[name]);
          const summary = old === null && before[name] ? before[name].grad_summary : null;
          row(item, `${name}.grad`, preview(snap.grad, snap.dtype), "num pass-now");
          row(item, "previous pass", preview(summary ? summary.head : old, snap.dtype), "num pass-before");
          let change = summary ? "not known: the answer kept only the first values" : "first gradient";
          let cls = "pass-change is-changed";
          if (old !== null) {
            const diff = difference(snap.grad, old);
            const zero = diff !== null && flatten(diff).every((v) => toNumber(v) === 0);
            change = diff === null ? "shape changed" : zero ? "unchanged" : `+ ${preview(diff, snap.dtype)}`;
            cls = zero ? "pass-change" : "pass-change is-changed";
          }
          row(item, "change", change, `num ${cls}`);
          passes.append(item);
          shown += 1;
        });
      if (shown === 0) para("muted", "No variable has a .grad.");
      // What flowed through the non-leaves in the last pass: PyTorch passes it on without keeping it.
      const target = (result.graph && result.graph.flow_target) || state.target;
      Object.entries(result.variables)
        .filter(([, snap]) => isTensor(snap) && (snap.grad_flow ?? snap.grad_flow_summary ?? null) !== null)
        .forEach(([name, snap]) => {
          const flow = snap.grad_flow ?? null;
          const head = flow === null && snap.grad_flow_summary ? snap.grad_flow_summary.head : null;
          const item = document.createElement("dl");
          item.className = "pass-flow";
          item.dataset.name = name;
          item.title = flowTitle(target, name);
          row(item, `${name}.grad`, preview(snap.grad, snap.dtype), "num");
          row(item, `∂${target}/∂${name}`, preview(flow ?? head, snap.dtype), "num flow-now");
          passes.append(item);
        });
    },
  };
}
