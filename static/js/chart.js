// A small line chart of one of the run's series (a loss after each pass of a training loop), drawn as inline
// SVG by hand: the learner picks the series, and the pass the current step belongs to is marked. A loss that
// falls by orders of magnitude is drawn on a log scale, or it would hug the axis after the first few passes.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 360;
const HEIGHT = 150;
const PAD = { left: 58, right: 10, top: 10, bottom: 24 };

// A series value as a number; null for a pass without one and for NaN or an infinity (a gap in the line).
function numeric(v) {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export function short(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(4)));
}

// The series worth a chart: numbers that change from pass to pass, other than the loop's counter; and those
// `flat` names even when they do not change (a gradient norm held steady by zeroing is the lesson itself).
export function plottable(series, counter = "", flat = () => false) {
  return Object.entries(series || {})
    .filter(([name, list]) => Array.isArray(list) && name !== counter)
    .filter(([name, list]) => {
      const known = list.map(numeric).filter((v) => v !== null);
      return new Set(known).size > 1 || (flat(name) && known.length > 1);
    })
    .map(([name]) => name);
}

export function defaultSeries(names) {
  return names.find((n) => /loss/i.test(n)) || names[0] || "";
}

function make(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, String(v)));
  if (text !== undefined) node.textContent = text;
  return node;
}

// Whether a log scale suits these values by default: all positive, spanning more than three decades.
export function wantsLog(values) {
  const known = values.filter((v) => v !== null);
  return known.length > 0 && known.every((v) => v > 0) && Math.max(...known) / Math.min(...known) > 1000;
}

export function createChart({ panel, select, logBox, svg, caption, flat = () => false }) {
  let series = {};
  let counter = "";
  let chosen = "";
  let pass = null;
  let during = true; // whether the step is inside the pass marked, or after the loop
  let scale = null; // {x(i), y(v)} of the chart drawn

  function values() {
    return (series[chosen] || []).map(numeric);
  }

  function describe() {
    const list = values();
    const known = list.filter((v) => v !== null);
    const first = known[0];
    const last = known[known.length - 1];
    const how = logBox.checked ? " (log scale)" : "";
    let text =
      `${chosen}${how} after each of ${list.length} passes of the loop: ${short(first)} after the first, ` +
      `${short(last)} after the last.`;
    if (pass !== null && pass < list.length) {
      const label = counter ? `${counter} = ${series[counter][pass]}` : `pass ${pass + 1}`;
      text += during ? ` This step is in the pass marked (${label})` : ` Marked: the pass before this step (${label})`;
      text += list[pass] === null ? "." : `, where ${chosen} ends at ${short(list[pass])}.`;
    }
    caption.textContent = text;
  }

  function drawMarker() {
    svg.querySelectorAll(".chart-marker").forEach((n) => n.remove());
    const list = values();
    if (!scale || pass === null || pass >= list.length) return;
    const x = scale.x(pass);
    const group = make("g", { class: "chart-marker" });
    group.append(make("line", { x1: x, x2: x, y1: PAD.top, y2: HEIGHT - PAD.bottom }));
    if (list[pass] !== null) group.append(make("circle", { cx: x, cy: scale.y(list[pass]), r: 3.5 }));
    svg.append(group);
  }

  function draw() {
    const list = values();
    const known = list.filter((v) => v !== null);
    const low = Math.min(...known);
    const high = Math.max(...known);
    const log = logBox.checked;
    const level = (v) => (log ? Math.log10(v) : v);
    const right = WIDTH - PAD.right;
    const bottom = HEIGHT - PAD.bottom;
    const x = (i) => PAD.left + (list.length > 1 ? (i / (list.length - 1)) * (right - PAD.left) : 0);
    const y = (v) => bottom - ((level(v) - level(low)) / (level(high) - level(low) || 1)) * (bottom - PAD.top);
    scale = { x, y };
    let d = "";
    let pen = false;
    list.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(2)} ${y(v).toFixed(2)}`;
      pen = true;
    });
    const ends = counter ? [series[counter][0], series[counter][list.length - 1]] : [1, list.length];
    const axis = counter || "pass";
    svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    svg.replaceChildren(
      make("path", { class: "chart-axis", d: `M${PAD.left} ${PAD.top}V${bottom}H${right}` }),
      make("text", { class: "chart-tick", x: PAD.left - 4, y: PAD.top + 4, "text-anchor": "end" }, short(high)),
      make("text", { class: "chart-tick", x: PAD.left - 4, y: bottom, "text-anchor": "end" }, short(low)),
      make("text", { class: "chart-tick", x: PAD.left, y: HEIGHT - 6 }, String(ends[0])),
      make("text", { class: "chart-tick", x: right, y: HEIGHT - 6, "text-anchor": "end" }, String(ends[1])),
      make("text", { class: "chart-tick", x: (PAD.left + right) / 2, y: HEIGHT - 6, "text-anchor": "middle" }, axis),
      make("path", { class: "chart-line", d }),
    );
    svg.dataset.series = chosen;
    svg.dataset.scale = log ? "log" : "linear";
    drawMarker();
    describe();
  }

  // A new series starts on the scale that suits it; the learner can switch, but not to log with a value <= 0.
  function pickScale() {
    const list = values();
    logBox.checked = wantsLog(list);
    logBox.disabled = !list.every((v) => v === null || v > 0);
  }

  select.addEventListener("change", () => {
    chosen = select.value;
    pickScale();
    draw();
  });
  logBox.addEventListener("change", draw);

  return {
    // series: the answer's series; loopCounter: the name that counts the passes ("" if none). The learner's
    // choice stays while the new run still has that series.
    set(newSeries, loopCounter) {
      series = newSeries || {};
      counter = loopCounter || "";
      const names = plottable(series, counter, flat);
      panel.hidden = names.length === 0;
      if (!names.length) {
        chosen = "";
        scale = null;
        return;
      }
      if (!names.includes(chosen)) chosen = defaultSeries(names);
      pickScale();
      select.replaceChildren(
        ...names.map((name) => {
          const option = document.createElement("option");
          option.value = option.textContent = name;
          return option;
        }),
      );
      select.value = chosen;
      draw();
    },
    // The pass (from 0) the current step belongs to (inside: true) or last followed (inside: false), or null.
    mark(passIndex, inside = true) {
      pass = passIndex;
      during = inside;
      if (!chosen) return;
      drawMarker();
      describe();
    },
    get chosen() {
      return chosen;
    },
  };
}
