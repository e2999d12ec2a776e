// A loop's gradient norms, pass by pass, read from the steps the page already has: for each leaf that gets a
// .grad, the norm of that .grad right after the pass's last backward. Gradients zeroed every pass draw a flat
// line; a forgotten zero_grad() draws one that keeps growing. No DOM here.

export const GRAD_NORM = /^‖.*\.grad‖$/;

function normOf(snap) {
  if (!snap) return null;
  const summary = snap.grad_summary;
  if (summary && typeof summary.norm === "number") return summary.norm;
  if (snap.grad === null || snap.grad === undefined) return null;
  let sum = 0;
  for (const v of [snap.grad].flat(Infinity)) {
    if (typeof v !== "number") return null; // "NaN", "Infinity": a gap in the line
    sum += v * v;
  }
  return Math.sqrt(sum);
}

// steps: the answer's steps; loops: createLoops(...) of the same answer; passCount: the loop's passes.
export function gradNormSeries(steps, loops, passCount) {
  if (!loops.counter || !passCount) return {};
  const atPass = new Array(passCount).fill(null); // the step of each pass's last backward
  steps.forEach((step, i) => {
    if (step.kind !== "backward" || !loops.inLoop(i)) return;
    const pass = loops.passOf(i);
    if (pass !== null) atPass[pass] = i;
  });
  const names = [];
  atPass.forEach((i) => {
    if (i === null) return;
    Object.entries(steps[i].variables || {}).forEach(([name, snap]) => {
      const leaf = snap && snap.is_leaf && snap.requires_grad;
      if (leaf && normOf(snap) !== null && !names.includes(name)) names.push(name);
    });
  });
  const series = {};
  names.forEach((name) => {
    series[`‖${name}.grad‖`] = atPass.map((i) => (i === null ? null : normOf(steps[i].variables[name])));
  });
  return series;
}
