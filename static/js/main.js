// Wires the page together: reads the server-rendered run, then runs programs with fetch (never reloading),
// steps through them, and keeps the whole state in the URL.

import { createRunFetcher, runRequest } from "./api.js";
import { createBackward } from "./backward.js";
import { createChart } from "./chart.js";
import { createEditor } from "./editor.js";
import { createExampleMenu } from "./examplemenu.js";
import { createForm } from "./form.js";
import { ghostsFor, zeroingNotes } from "./ghosts.js";
import { GRAD_NORM, gradNormSeries } from "./gradnorms.js";
import { createGraphView } from "./graph.js";
import { attachMinimap, attachSearch } from "./graphnav.js";
import { attachPinch } from "./graphtouch.js";
import { createGuide, createShortcutSheet } from "./help.js";
import { createInspector } from "./inspector.js";
import { attachModuleToggles } from "./modules.js";
import { createWalk } from "./walk.js";
import { createGradCheck } from "./gradcheck.js";
import { createLoops, placeText } from "./loops.js";
import { createTimeline } from "./nodestate.js";
import { createOutput } from "./output.js";
import { createShare } from "./share.js";
import { createStepper } from "./stepper.js";
import { writeUrl } from "./urlstate.js";
import { renderLocals, renderVariables, snapshotOf } from "./variables.js";

const $ = (id) => document.getElementById(id);
const data = JSON.parse($("page-data").textContent);
// The server renders its own bound on backward passes into the input, so the page never restates it.
const timesBound = Number.parseInt($("times").max, 10);
const maxTimes = Number.isFinite(timesBound) ? timesBound : Infinity;

const state = { ...data.state };
let result = data.result;
let timeline = createTimeline(null, []); // the graph's node states step by step
let flowTarget = ""; // what the gradient flows shown differentiate; "" when the run has none
let loops = createLoops(null, []); // the run's calls and long loops, read from its steps
let inspected = null; // {kind: "node"|"variable"|"local", id}; a local is named `function.name`
let sequence = 0;
const fetchRun = createRunFetcher(); // remembers answers, so stepping back and forth never refetches

const editor = createEditor({
  textarea: $("source"),
  gutter: $("editor-gutter"),
  code: $("editor-code"),
  highlight: $("editor-highlight"),
  callHighlight: $("editor-call-line"),
  errorLine: $("editor-error-line"),
  errorBox: $("editor-error"),
  view: $("editor-view"),
  viewNote: $("editor-view-note"),
});
const output = createOutput($("output"));
const chart = createChart({
  panel: $("series-panel"),
  select: $("series-select"),
  logBox: $("series-log"),
  svg: $("series-chart"),
  caption: $("series-caption"),
  flat: (name) => GRAD_NORM.test(name),
});
const locals = { box: $("frame-locals"), heading: $("locals-heading"), table: $("locals") };
const graph = createGraphView({
  viewport: $("graph"),
  zoomIn: $("zoom-in"),
  zoomOut: $("zoom-out"),
  zoomReset: $("zoom-reset"),
  onSelect: (id) => inspect({ kind: "node", id }),
});
attachPinch($("graph"), graph.zoom);
attachMinimap($("graph-minimap"), graph);
attachSearch({ input: $("graph-search-input"), button: $("graph-search-go"), status: $("graph-search-status") }, graph);
const gradCheck = createGradCheck({
  panel: $("gradcheck"),
  leaf: $("gradcheck-leaf"),
  expected: $("gradcheck-expected"),
  button: $("gradcheck-run"),
  summary: $("gradcheck-summary"),
  table: $("gradcheck-table"),
});
const walk = createWalk({
  panel: $("walk"),
  counter: $("walk-counter"),
  prev: $("walk-prev"),
  next: $("walk-next"),
  body: $("walk-body"),
  viewport: $("graph"),
  jacobian: $("walk-jacobian"),
  why: { leaf: $("why-leaf"), index: $("why-index"), go: $("why-go"), lines: $("why-lines") },
});
attachModuleToggles($("graph"), {
  groups: () => (result && result.graph && result.graph.groups) || [],
  collapsed: () => state.collapse || [],
  folded: () =>
    ((result && result.graph && result.graph.nodes) || [])
      .filter((n) => n.kind === "module" && n.attrs && n.attrs.module)
      .map((n) => n.attrs.module),
  onChange: (paths) => {
    state.collapse = paths;
    run({ keepStep: true });
  },
});
const inspector = createInspector({
  panel: $("inspector"),
  heading: $("inspector-heading"),
  body: $("inspector-body"),
  close: $("inspector-close"),
  onClose: () => {
    inspected = null;
    graph.select(null);
  },
});
const backward = createBackward({
  select: $("target"),
  gradient: $("gradient"),
  gradientField: $("gradient-field"),
  passes: $("passes"),
});
const stepper = createStepper({
  root: $("stepper"),
  first: $("step-first"),
  prev: $("step-prev"),
  next: $("step-next"),
  last: $("step-last"),
  slider: $("step-slider"),
  label: $("step-label"),
  onChange: (i) => {
    state.step = i;
    showStep();
    writeUrl(state);
  },
});

function steps() {
  return result && Array.isArray(result.steps) ? result.steps : [];
}

function describe(i) {
  const step = steps()[i];
  const iteration = loops.iterationText(i);
  const where = iteration ? `${placeText(step)} · ${iteration}` : placeText(step);
  const stopped = result.error && i === steps().length - 1 ? " (the run stopped after this step)" : "";
  return `Step ${i + 1} of ${steps().length} · ${where} · ${step.kind}: ${step.source}${stopped}`;
}

// The graph nodes that exist once step i has run: a node appears at its first step and stays
// (null, "show them all", when the answer has no graph).
function nodesAt(i) {
  const step = steps()[i];
  if (!step || !(result.graph && Array.isArray(result.graph.nodes))) return null;
  return new Set(timeline.nodes.filter((n) => timeline.exists(n.id, i)).map((n) => n.id));
}

function inspect(target) {
  inspected = target;
  const i = stepper.index;
  const step = steps()[i];
  const variables = (step ? step.variables : result.variables) || {};
  if (target.kind === "node") {
    const node = timeline.node(target.id);
    if (!node) return;
    graph.select(node.id);
    // The variable's full tensors belong to this node only while its name still stands for it.
    const names = Array.isArray(node.variables) ? node.variables : [];
    const current = (n) => snapshotOf(step, n, result.variables) && (timeline.nodeOf(n, i) || {}).id === node.id;
    const name = names.find(current);
    inspector.showNode({
      node,
      state: step ? timeline.stateAt(node.id, i) : null,
      snap: name ? snapshotOf(step, name, result.variables) : null,
      lines: editor.lines(),
      flowTarget,
    });
  } else if (target.kind === "local") {
    graph.select(null);
    const frame = (step && step.frame) || null;
    const name = target.id.slice(target.id.indexOf(".") + 1);
    const local = frame && target.id === `${frame.function}.${name}` ? (frame.variables || {})[name] : null;
    inspector.showVariable(target.id, local || null, flowTarget);
  } else {
    graph.select(null);
    inspector.showVariable(target.id, variables[target.id] || null, flowTarget);
  }
}

function showStep() {
  const list = steps();
  const i = stepper.index;
  const step = list[i];
  if (!step) {
    editor.setCurrentLine(null);
    output.show(-1);
    graph.showStep(new Set(), new Set());
    renderVariables($("variables"), null, null, () => {});
    renderLocals(locals, null, null, () => {});
    chart.mark(null);
    walk.show(null, -1);
    return;
  }
  // The editor and the output measure themselves to scroll; they go before the graph changes, so what they
  // measure is laid out without it.
  editor.setCurrentLine(step.line, step.line === 0 ? i : null, step.frame ? step.frame.call_line : null);
  output.show(i);
  const visible = nodesAt(i);
  const before = i > 0 ? nodesAt(i - 1) : new Set();
  const fresh = new Set(visible ? [...visible].filter((id) => !before || !before.has(id)) : []);
  graph.showStep(visible, fresh, (id) => timeline.stateAt(id, i));
  const previous = i > 0 ? list[i - 1] : null;
  renderVariables($("variables"), step, previous, (name) => inspect({ kind: "variable", id: name }), flowTarget);
  const local = (name) => inspect({ kind: "local", id: `${step.frame.function}.${name}` });
  renderLocals(locals, step, previous, local, flowTarget);
  chart.mark(loops.passOf(i), loops.inLoop(i));
  walk.show(result.graph, i);
  if (inspected && inspector.open) inspect(inspected);
}

function showNotes(list, items) {
  list.replaceChildren(
    ...items.map((n) => {
      const li = document.createElement("li");
      li.textContent = n;
      return li;
    }),
  );
}

function showResult(svgText) {
  editor.setError(result.error || null);
  if (svgText !== undefined) graph.setSvg(svgText || "");
  timeline = createTimeline(result.graph, steps());
  graph.setData(result.graph);
  const flows = steps().some((s) => Object.values(s.variables || {}).some((v) => v && v.grad_flow != null));
  flowTarget = flows ? (result.graph && result.graph.flow_target) || "output" : "";
  editor.setGhosts(ghostsFor(result, state.source.split("\n"), state), state.source);
  output.set(steps(), result.output || "");
  loops = createLoops(result, (typeof result.source === "string" ? result.source : state.source).split(/\r?\n/));
  const sampling = loops.samplingText();
  $("step-sampling").textContent = sampling;
  $("step-sampling").hidden = !sampling;
  const passCount = loops.counter ? result.series[loops.counter].length : 0;
  chart.set({ ...result.series, ...gradNormSeries(steps(), loops, passCount) }, loops.counter);
  showNotes($("graph-notes"), (result.graph && result.graph.notes) || []);
  showNotes($("output-notes"), zeroingNotes(result));
  const count = steps().length;
  const at = state.step === null || state.step === undefined ? count - 1 : state.step;
  stepper.set(count, at, describe);
  state.step = count ? stepper.index : null;
  backward.update(result, state);
  backward.showPasses(result, state);
  gradCheck.update(result, state);
  $("backward-button").disabled = state.times >= maxTimes;
  if (inspected && inspected.kind === "node") {
    const exists = ((result.graph && result.graph.nodes) || []).some((n) => n.id === inspected.id);
    if (!exists) {
      inspected = null;
      inspector.hide();
    }
  }
  showStep();
}

function setBusy(busy, text = "") {
  // data-run-state lets anything outside (tests, assistive scripts) wait for the answer.
  document.body.dataset.runState = busy ? "busy" : "ready";
  document.body.classList.toggle("is-busy", busy);
  $("run-button").setAttribute("aria-busy", String(busy));
  $("run-status").textContent = text;
}

// Run the current state; `keepStep` keeps the step index (clamped), otherwise the last step is shown.
async function run({ keepStep = false } = {}) {
  const mine = ++sequence;
  if (!keepStep) state.step = null;
  setBusy(true, "Running…");
  const response = await fetchRun(runRequest(state));
  if (mine !== sequence) return; // a newer run has started; its answer wins
  // Marks for scripts/bench_page.py: where the time from the answer to the page ready goes.
  performance.mark("run:read");
  result = response;
  showResult(result.svg || "");
  performance.mark("run:drawn");
  await writeUrl(state);
  if (mine !== sequence) return;
  setBusy(false, result.error ? "" : "Done.");
}

const form = createForm({
  seed: $("seed"),
  zeroGrad: $("zero-grad"),
  showSaved: $("show-saved"),
  target: $("target"),
  gradient: $("gradient"),
  times: $("times"),
});
const readForm = () => form.read(state, editor.value);
const writeForm = () => form.write(state);

$("run-form").addEventListener("submit", (event) => {
  event.preventDefault();
  readForm();
  run();
});

$("backward-button").addEventListener("click", () => {
  readForm();
  if (!state.target) {
    $("backward-message").textContent = "Choose the output to differentiate first.";
    $("target").focus();
    return;
  }
  $("backward-message").textContent = "";
  state.times = Math.min(maxTimes, state.times + 1);
  writeForm();
  run();
});

$("backward-reset").addEventListener("click", () => {
  readForm();
  state.times = 0;
  writeForm();
  run();
});

$("show-saved").addEventListener("change", () => {
  readForm();
  run({ keepStep: true });
});

// The backward target and gradient are redrawn from the state when an answer arrives: a choice made while a run
// is in flight goes into the state at once, or that run's answer would put the old one back.
$("target").addEventListener("change", () => {
  state.target = $("target").value;
});
$("gradient").addEventListener("input", () => {
  state.gradient = $("gradient").value.trim();
});

// Zeroing changes the program's own backward calls too, so it always re-runs.
$("zero-grad").addEventListener("change", () => {
  readForm();
  run({ keepStep: true });
});

function loadExample() {
  const example = data.examples.find((e) => e.id === $("example").value);
  if (!example) return;
  editor.value = example.source;
  Object.assign(state, { source: example.source, target: "", gradient: "", times: 0, step: null });
  inspected = null;
  inspector.hide();
  writeForm();
  exampleMenu.refresh();
  run();
}

// Ctrl+Enter (Cmd+Enter) runs from inside the editor (Tab indents there; Esc then Tab leaves it: editkeys.js).
$("source").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    $("run-form").requestSubmit();
  }
});

const exampleMenu = createExampleMenu({
  select: $("example"),
  examples: data.examples,
  source: () => editor.value,
});
$("source").addEventListener("input", () => exampleMenu.refresh());
createGuide({ root: $("guide"), close: $("guide-close") });
createShare({
  copyLink: $("copy-link"),
  copyPython: $("copy-python"),
  status: $("share-status"),
  box: $("share-text"),
  downloads: $("downloads"),
  state,
  answer: () => result,
  step: () => stepper.index,
});
createShortcutSheet({ dialog: $("shortcuts"), button: $("shortcuts-button") });

$("examples-form").addEventListener("submit", (event) => {
  event.preventDefault();
  loadExample();
});
$("example").addEventListener("change", loadExample);

// The JS-only controls appear once this script runs; without it the form submits and reloads instead.
["zoom-buttons", "graph-search", "backward-button", "backward-reset"].forEach((id) => {
  $(id).hidden = false;
});
$("backward-help").textContent =
  "Each press of Run backward adds one pass on the output (its last backward keeps the graph). " +
  "Gradients add up unless zeroed.";

graph.adopt($("graph").querySelector("svg"));
// A page opened without a step starts at the first one, so the graph is seen growing from its first node.
if (state.step === null || state.step === undefined) state.step = 0;
showResult(undefined);
exampleMenu.refresh();
await writeUrl(state);
document.body.dataset.runState = "ready";
