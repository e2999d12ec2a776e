// Check your gradient: the learner types the .grad they expect for a leaf; the server checks it against autograd
// and against finite differences (POST /api/v1/gradcheck) and the table says where they differ.

import { fmt as number } from "./why.js";

const fmt = (v) => (typeof v === "number" ? number(v) : "");

function indexText(flat, shape) {
  const out = [];
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d -= 1) {
    out.unshift(rest % shape[d]);
    rest = Math.floor(rest / shape[d]);
  }
  return `[${out.join(", ")}]`;
}

// The expected gradient as typed: JSON-like nested lists (Python's list syntax is the same) or one number.
function parseExpected(text) {
  const t = text.trim();
  if (!t) return null;
  const value = JSON.parse(t.replace(/\(/g, "[").replace(/\)/g, "]"));
  return value;
}

export function createGradCheck({ panel, leaf, expected, button, summary, table }) {
  let request = null;

  async function check() {
    if (!request || !leaf.value) return;
    let wanted = null;
    try {
      wanted = parseExpected(expected.value);
    } catch {
      summary.textContent = "Write the expected gradient as numbers in nested lists, e.g. [[1, 2], [3, 4]].";
      table.hidden = true;
      return;
    }
    const body = { ...request, leaf: leaf.value };
    if (wanted !== null) body.expected = Array.isArray(wanted) ? wanted.flat(Infinity) : wanted;
    summary.textContent = "Checking…";
    panel.dataset.state = "busy";
    let answer;
    try {
      const response = await fetch("/api/v1/gradcheck", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
      answer = await response.json();
    } catch (err) {
      answer = { error: { message: `The server could not be reached (${err.message}).` } };
    }
    panel.dataset.state = "ready";
    show(answer);
  }

  function show(answer) {
    const rows = table.querySelector("tbody");
    rows.replaceChildren();
    if (answer.error) {
      summary.textContent = answer.error.message;
      table.hidden = true;
      return;
    }
    const exp = answer.expected;
    const parts = [
      answer.agree
        ? `Autograd and finite differences agree on ∂${answer.target}/∂${answer.leaf} (backward at line ${answer.line}).`
        : `Autograd and finite differences differ at ${answer.differ_at.length} element(s).`,
    ];
    if (exp) {
      parts.push(
        exp.agree
          ? "Your gradient is right."
          : `Your gradient differs from autograd's at ${exp.differ_at.length} of ${answer.autograd.length} element(s).`,
      );
    }
    summary.textContent = parts.join(" ");
    const wrong = new Set((exp ? exp.differ_at : []).map((i) => JSON.stringify(i)));
    const off = new Set(answer.differ_at.map((i) => JSON.stringify(i)));
    answer.autograd.forEach((a, i) => {
      const index = indexText(i, answer.shape);
      const tr = document.createElement("tr");
      const key = JSON.stringify(JSON.parse(index));
      if (wrong.has(key)) tr.classList.add("differs");
      if (off.has(key)) tr.classList.add("numeric-differs");
      [index, exp ? fmt(exp.values[i]) : "", fmt(a), fmt(answer.numeric[i])].forEach((text) => {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      });
      rows.append(tr);
    });
    table.hidden = false;
  }

  button.addEventListener("click", check);
  expected.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      check();
    }
  });

  return {
    // After a run: the leaves it can check (tensors that require grad and are leaves at the end).
    update(result, state) {
      const leaves = Object.entries((result && result.variables) || {})
        .filter(([, v]) => v && v.is_leaf && v.requires_grad)
        .map(([name]) => name);
      panel.hidden = Boolean(result && result.error) || leaves.length === 0;
      const keep = leaf.value;
      leaf.replaceChildren(
        ...leaves.map((name) => {
          const option = document.createElement("option");
          option.value = name;
          option.textContent = name;
          return option;
        }),
      );
      if (leaves.includes(keep)) leaf.value = keep;
      request = { source: state.source, seed: state.seed || 0, zero_grad: Boolean(state.zero_grad) };
      summary.textContent = "";
      table.hidden = true;
    },
  };
}
