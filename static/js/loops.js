// What the steps say about the program's calls and its long loops: where a step is (in which function, called
// from which line), which iteration of a loop it belongs to, and how a long loop was recorded by sample. Plain
// data in, plain text out: no DOM here.

// Whole numbers that go up (or down) by the same amount at every pass: a loop counter such as `epoch`.
export function isCounter(list) {
  if (!Array.isArray(list) || list.length < 2) return false;
  const step = list[1] - list[0];
  return step !== 0 && list.every((v, i) => Number.isInteger(v) && v === list[0] + i * step);
}

function indent(text) {
  return text.length - text.trimStart().length;
}

function escapeName(name) {
  return name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The lines {first, last, kind} of the top-level loop that drives `counter` (kind "for": its `for` names it;
// "while": its body assigns it), or null. Series only come from loops at the top of the program.
export function loopLines(lines, counter) {
  if (!counter) return null;
  const word = new RegExp(`\\b${escapeName(counter)}\\b`);
  const assigned = new RegExp(`^\\s+${escapeName(counter)}\\s*[-+*]?=[^=]`);
  for (let i = 0; i < lines.length; i += 1) {
    const header = /^(for|while)\b(.*)$/.exec(lines[i]);
    if (!header) continue;
    let last = i;
    for (let j = i + 1; j < lines.length; j += 1) {
      const text = lines[j];
      if (!text.trim() || text.trimStart().startsWith("#")) continue;
      if (indent(text) === 0) break;
      last = j;
    }
    const target = header[1] === "for" ? / (.*?) in /.exec(header[2] + " ") : null;
    const body = lines.slice(i + 1, last + 1);
    if (target && word.test(target[1])) return { first: i + 1, last: last + 1, kind: "for" };
    if (body.some((text) => assigned.test(text))) return { first: i + 1, last: last + 1, kind: "while" };
    i = last;
  }
  return null;
}

// For each step, the line of the top-level statement it belongs to: its own, or, inside a call of the
// program's own function, the line of the statement that made the call (recorded once the call returns).
function topLines(steps) {
  const tops = new Array(steps.length).fill(0);
  let top = 0;
  for (let i = steps.length - 1; i >= 0; i -= 1) {
    if (!steps[i].frame) top = steps[i].line;
    tops[i] = top;
  }
  return tops;
}

const COUNT = new Intl.NumberFormat("en-US");

export function count(n) {
  return COUNT.format(n);
}

export function ordinal(n) {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : { 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th";
  return `${n}${suffix}`;
}

// The loops of one answer: `result` as POST /api/v1/run sends it, `lines` the program it ran.
export function createLoops(result, lines) {
  const steps = (result && Array.isArray(result.steps) && result.steps) || [];
  const series = (result && result.series) || {};
  // The loop's counter: a series that counts the passes and that a top-level loop of the program drives. A
  // loss can go up by the same amount at every pass too, and JSON does not tell 2.0 from 2.
  const counter = Object.keys(series).find((name) => isCounter(series[name]) && loopLines(lines, name)) || "";
  const block = loopLines(lines, counter);
  const tops = topLines(steps);
  const passes = counter ? series[counter] : [];

  // The pass of the loop that step i belongs to, counted from 0 (null: none is known): the counter's value in
  // the step's values, placed among the values it took pass by pass. Only a `for` counter holds one value all
  // through a pass; a `while` loop's changes somewhere in its body.
  function passOf(i) {
    const step = steps[i];
    const value = step && step.values ? step.values[counter] : undefined;
    if (!block || block.kind !== "for" || !Number.isInteger(value)) return null;
    const pass = (value - passes[0]) / (passes[1] - passes[0]);
    return Number.isInteger(pass) && pass >= 0 && pass < passes.length ? pass : null;
  }

  // The step the engine adds when the run's last statements were not recorded stands for the end of the run,
  // not for a statement of the loop.
  const endStep = steps.length > 0 && /^\.\.\. [\d,]+ more statements ran/.test(steps[steps.length - 1].source);

  function inLoop(i) {
    if (endStep && i === steps.length - 1) return false;
    return Boolean(block) && tops[i] > block.first && tops[i] <= block.last;
  }

  // How a long loop was recorded, in words; "" when every statement that ran is a step.
  function samplingText() {
    const executed = Number(result && result.executed) || 0;
    const unrecorded = Number(result && result.unrecorded) || 0;
    if (unrecorded <= 0) return "";
    const statements =
      `Of ${count(executed)} statements run, ${count(executed - unrecorded)} are steps here; the other ` +
      `${count(unrecorded)} ran without being recorded.`;
    if (!block || block.kind !== "for") {
      const how = "its first iterations, its last, and a sample in between";
      return `A long loop was recorded by sample: ${how}. ${statements}`;
    }
    const shown = [...new Set(steps.map((_, i) => (inLoop(i) ? passOf(i) : null)).filter((p) => p !== null))];
    shown.sort((a, b) => a - b);
    const n = passes.length;
    const every = shown.length > 2 ? shown[2] : 0;
    const expected = new Set([0, 1, n - 1]);
    for (let p = 0; every > 1 && p < n; p += every) expected.add(p);
    const regular = every > 1 && shown.length === expected.size && shown.every((p) => expected.has(p));
    const reached = shown.length ? shown[shown.length - 1] + 1 : 0;
    let how = "a sample spread over the loop, from its first iterations to its last";
    if (regular) how = `the first two, the last, and every ${ordinal(every)}`;
    else if (reached < n) how = `a sample of the first ${count(reached)}; the steps' budget was spent there`;
    return `${count(n)} iterations ran; ${count(shown.length)} are shown: ${how}. ${statements}`;
  }

  return {
    counter,
    passOf,
    inLoop,
    samplingText,
    // The loop's iteration at step i as `epoch = 15`, or "" outside the loop.
    iterationText(i) {
      if (!inLoop(i) || !steps[i].values) return "";
      const value = steps[i].values[counter];
      return value === undefined ? "" : `${counter} = ${value}`;
    },
  };
}

// Where a step is: `line 11 in loss_fn (called from line 17)`, `line 5 in model (called from line 8, 2 calls
// deep)` for a call made inside another, or `line 4` at the top level.
export function placeText(step) {
  const where = step.line ? `line ${step.line}` : "after the program";
  const frame = step.frame;
  if (!frame || !frame.function) return where;
  const deep = frame.depth > 1 ? `, ${frame.depth} calls deep` : "";
  const from = frame.call_line ? ` (called from line ${frame.call_line}${deep})` : "";
  return `${where} in ${frame.function}${from}`;
}
