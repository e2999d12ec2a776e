// The backward controls: which output to differentiate (tensors that require grad), the gradient expression
// for a non-scalar output, and the "passes" panel comparing each gradient with the previous pass.

import { difference, flatten, preview, reshape, toNumber } from "./tensor.js";

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

    // Gradients after this pass next to the ones after the previous pass, both from the answer at hand.
    showPasses(result, state) {
      passes.replaceChildren();
      if (!state.target || state.times < 1 || !result || !result.variables) {
        passes.hidden = true;
        return;
      }
      const heading = document.createElement("p");
      heading.className = "passes-heading";
      const mode = state.zero_grad ? "zeroed before each pass" : "accumulating";
      heading.textContent = `After ${state.times} backward pass${state.times === 1 ? "" : "es"} (${mode})`;
      passes.append(heading);
      const before = variablesAfterPasses(result, state.times - 1) || {};
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
        });
      if (passes.children.length === 1) {
        const p = document.createElement("p");
        p.className = "muted";
        p.textContent = "No variable has a gradient.";
        passes.append(p);
      }
      passes.hidden = false;
    },
  };
}
