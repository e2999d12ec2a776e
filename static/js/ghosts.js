// What the run options added to the program, as code: the answer's `inserted` entries and its extra backward
// passes turned into "ghost" lines for the editor, and the notes the output panel shows. No DOM here.

const PASS = /^Run backward, pass (\d+): /;

function isExtraPass(step) {
  return step.kind === "backward" && step.line === 0;
}

function indentOf(text) {
  return (text || "").match(/^\s*/)[0];
}

// The failed extra pass, from the error that says so: {pass, message} or null.
export function failedPass(result) {
  const error = result && result.error;
  if (!error || typeof error.message !== "string") return null;
  const match = error.message.match(PASS);
  return match ? { pass: Number(match[1]), message: error.message.slice(match[0].length) } : null;
}

// The extra passes that ran: the answer's last steps, with line 0.
export function passSteps(result) {
  const steps = result && Array.isArray(result.steps) ? result.steps : [];
  let first = steps.length;
  while (first > 0 && isExtraPass(steps[first - 1])) first -= 1;
  return steps.slice(first).map((step, i) => ({ step, index: first + i, pass: i + 1 }));
}

// The program as run, for the editor: `before[L]` ghost rows shown above line L, `inline[L]` an argument added
// to the call on line L, `after` the rows after the program. Each row: {text, kind, step?, title?}.
export function ghostsFor(result, lines, state) {
  const inserted = result && Array.isArray(result.inserted) ? result.inserted : [];
  const steps = result && Array.isArray(result.steps) ? result.steps : [];
  const before = new Map();
  const inline = new Map();
  const zeroAtEnd = [];
  inserted.forEach((item) => {
    if (item.option === "zero_grad" && item.line > 0) {
      const rows = before.get(item.line) || [];
      rows.push({
        text: `${indentOf(lines[item.line - 1])}${item.code}  # zero gradients option`,
        kind: "zero",
        title: `Added by "Zero gradients before backward": runs before the backward on line ${item.line}.`,
      });
      before.set(item.line, rows);
    } else if (item.option === "zero_grad") {
      zeroAtEnd.push(item.code);
    } else if (item.option === "backward" && item.line > 0) {
      const runs = steps.filter((s) => s.line === item.line && s.kind === "backward").length;
      inline.set(item.line, {
        code: item.code,
        note: runs > 1 ? '  # added by "Run backward", the last time it runs' : '  # added by "Run backward"',
        title: `Added by "Run backward": this backward keeps its graph so the extra passes can run.`,
      });
    }
  });
  const after = [];
  const zeroRows = () =>
    zeroAtEnd.map((code) => ({
      text: `${code}  # zero gradients option`,
      kind: "zero",
      title: 'Added by "Zero gradients before backward": runs before each extra pass.',
    }));
  const passes = passSteps(result);
  passes.forEach(({ step, index }) => {
    after.push(...zeroRows());
    after.push({ text: step.source, kind: "pass", step: index });
  });
  const failed = failedPass(result);
  if (failed) {
    after.push(...zeroRows());
    const target = (state && state.target) || "output";
    const gradient = state && state.gradient ? `${state.gradient}, ` : "";
    after.push({
      text: `${target}.backward(${gradient}retain_graph=True)  # pass ${failed.pass}, from "Run backward": failed`,
      kind: "failed",
      title: failed.message,
    });
  }
  return { before, inline, after, empty: before.size === 0 && inline.size === 0 && after.length === 0 };
}

// One sentence per line the zeroing changed, for the output panel.
export function zeroingNotes(result) {
  const inserted = result && Array.isArray(result.inserted) ? result.inserted : [];
  const steps = result && Array.isArray(result.steps) ? result.steps : [];
  const byLine = new Map();
  inserted
    .filter((item) => item.option === "zero_grad")
    .forEach((item) => byLine.set(item.line, [...(byLine.get(item.line) || []), item.code]));
  const lines = [...byLine.keys()].sort((a, b) => (a === 0) - (b === 0) || a - b); // the passes come last
  return lines.map((line) => {
    const code = byLine.get(line).join("; ");
    if (line === 0) return `Zero gradients: ${code} ran before each extra backward pass.`;
    const times = steps.filter((s) => s.line === line && s.kind === "backward").length;
    const each = times > 1 ? ` (each of the ${times} times it ran)` : "";
    return `Zero gradients: ${code} ran before the backward on line ${line}${each}, so its gradients did not add to earlier ones.`;
  });
}
