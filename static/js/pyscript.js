// "Copy as Python": the program as it ran, as a script real Python runs to the same numbers — the seed as
// torch.manual_seed, the zeroing option as the `.grad.zero_()` lines the answer's `inserted` list names, the
// retain_graph=True the extra passes needed, and the extra backward passes themselves. No DOM here.

import { backwardCall } from "./editor.js";
import { failedPass, passSteps } from "./ghosts.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function indentOf(text) {
  return (text || "").match(/^\s*/)[0];
}

// `x.grad.zero_(); w.grad.zero_()` -> the zeroing lines, guarded: in a loop, the first pass has no .grad yet.
function zeroLines(code, indent) {
  return code
    .split(";")
    .map((part) => part.trim().replace(/\.grad\.zero_\(\)$/, ""))
    .map((name) =>
      NAME.test(name)
        ? `${indent}if ${name}.grad is not None:\n${indent}    ${name}.grad.zero_()  # the zero gradients option`
        : `${indent}# the zero gradients option also zeroed ${name}'s .grad here`,
    );
}

export function pythonScript(result, state) {
  const lines = state.source.replace(/\r\n/g, "\n").replace(/\n+$/, "").split("\n");
  const inserted = result && Array.isArray(result.inserted) ? result.inserted : [];
  const zeroBefore = new Map();
  let zeroPasses = null;
  let retainLine = null;
  inserted.forEach((item) => {
    if (item.option === "zero_grad" && item.line > 0) zeroBefore.set(item.line, item.code);
    else if (item.option === "zero_grad") zeroPasses = item.code;
    else if (item.option === "backward") retainLine = item.line;
  });
  const seed = state.seed || 0;
  const out = ["import torch", "", `torch.manual_seed(${seed})`];
  // The engine seeds a program's random and np.random with the run's seed too.
  if (/^\s*(import random\b|from random import)/m.test(state.source)) out.push("import random", `random.seed(${seed})`);
  if (/^\s*(import numpy\b|from numpy\b)/m.test(state.source)) out.push("import numpy", `numpy.random.seed(${seed})`);
  out.push("");
  lines.forEach((text, i) => {
    if (zeroBefore.has(i + 1)) out.push(...zeroLines(zeroBefore.get(i + 1), indentOf(text)));
    const call = i + 1 === retainLine ? backwardCall(text) : null;
    if (call) {
      const [head, args, rest] = call;
      out.push(`${head}${args}${args.trim() ? ", " : ""}retain_graph=True${rest}  # kept for "Run backward"`);
    } else {
      out.push(text);
    }
  });
  const passes = passSteps(result).map(({ step }) => step.source);
  const failed = failedPass(result);
  if (failed && state.target) {
    const gradient = state.gradient ? `${state.gradient}, ` : "";
    passes.push(`${state.target}.backward(${gradient}retain_graph=True)  # pass ${failed.pass}: fails, as it did`);
  }
  if (passes.length) out.push("", '# The extra backward passes of "Run backward"');
  passes.forEach((code) => {
    if (zeroPasses) out.push(...zeroLines(zeroPasses, ""));
    out.push(code);
  });
  return `${out.join("\n")}\n`;
}
