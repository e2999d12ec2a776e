// The program editor: a plain textarea with a line-number gutter, the current step's line highlighted
// behind the text, and an error marker in the gutter. While it is not being edited, a read-only view of the
// program as run covers it: the same lines with the code the run options added as ghost lines (ghosts.js).
// Inside a call of the program's own function, the line that made the call is marked too.
// The text is highlighted by a copy drawn under the transparent textarea (highlight.js); keys in editkeys.js.
// Knows nothing about runs or steps.

import { attachEditKeys } from "./editkeys.js";
import { highlight } from "./highlight.js";

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The call `.backward(...)` on a line, as [before, args, after] around its arguments; null when not found.
export function backwardCall(text) {
  const start = text.indexOf(".backward(");
  if (start < 0) return null;
  const open = start + ".backward".length;
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === "(") depth += 1;
    else if (text[i] === ")") {
      depth -= 1;
      if (depth === 0) return [text.slice(0, open + 1), text.slice(open + 1, i), text.slice(i)];
    }
  }
  return null;
}

export function createEditor({ textarea, gutter, code: codeLayer, highlight: strip, callHighlight, errorLine, errorBox, view, viewNote }) {
  let currentLine = null;
  let callLine = null; // the line that called the function the current line is in
  let currentStep = null;
  let error = null;
  let ghosts = null; // ghostsFor(...) of the run shown, while the text is the program it ran
  let ghostSource = null;

  function lineHeight() {
    const value = parseFloat(getComputedStyle(textarea).lineHeight);
    return Number.isFinite(value) ? value : 20;
  }

  function paddingTop() {
    return parseFloat(getComputedStyle(textarea).paddingTop) || 0;
  }

  function lineCount() {
    return textarea.value.split("\n").length;
  }

  function renderGutter() {
    const count = lineCount();
    const frag = document.createDocumentFragment();
    for (let i = 1; i <= count; i += 1) {
      const row = document.createElement("div");
      row.className = "gutter-line";
      row.dataset.line = String(i);
      row.textContent = String(i);
      if (i === currentLine) row.classList.add("is-current");
      else if (i === callLine) {
        row.classList.add("is-call");
        row.title = "The call this step is inside";
      }
      if (error && i === error.line) {
        row.classList.add("has-error");
        row.title = error.message;
      }
      frag.append(row);
    }
    gutter.replaceChildren(frag);
    gutter.scrollTop = textarea.scrollTop;
  }

  function place(box, line) {
    if (!line || line < 1 || line > lineCount()) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.style.height = `${lineHeight()}px`;
    box.style.transform = `translateY(${paddingTop() + (line - 1) * lineHeight() - textarea.scrollTop}px)`;
  }

  // The highlighted copy: one more line than the text ends with, as a textarea shows a last empty line.
  function renderCode() {
    if (!codeLayer) return;
    codeLayer.replaceChildren(highlight(`${textarea.value}\n`));
  }

  function sync() {
    gutter.scrollTop = textarea.scrollTop;
    if (codeLayer) codeLayer.style.transform = `translate(${-textarea.scrollLeft}px, ${-textarea.scrollTop}px)`;
    place(strip, currentLine);
    if (callHighlight) place(callHighlight, callLine !== currentLine ? callLine : null);
    place(errorLine, error ? error.line : null);
  }

  function scrollIntoView(line) {
    const top = paddingTop() + (line - 1) * lineHeight();
    const visible = textarea.clientHeight - lineHeight();
    if (top < textarea.scrollTop || top > textarea.scrollTop + visible) {
      textarea.scrollTop = Math.max(0, top - textarea.clientHeight / 3);
    }
  }

  function realRow(line, text) {
    const row = el("div", "view-row");
    row.dataset.line = String(line);
    row.append(el("span", "view-num", String(line)));
    const code = el("span", "view-code");
    const added = ghosts.inline.get(line);
    const call = added ? backwardCall(text) : null;
    if (added && call) {
      const [head, args, rest] = call;
      const insert = el("span", "ghost-inline", `${args.trim() ? ", " : ""}${added.code}`);
      insert.title = added.title;
      code.append(head + args, insert, rest);
      const note = el("span", "ghost-inline", added.note);
      note.title = added.title;
      code.append(note);
    } else if (added) {
      code.append(text);
      const note = el("span", "ghost-inline", `  # ${added.code}${added.note.replace("  #", ",")}`);
      note.title = added.title;
      code.append(note);
    } else {
      code.append(highlight(text));
    }
    row.append(code);
    if (line === currentLine && currentStep === null) row.classList.add("is-current");
    else if (line === callLine) row.classList.add("is-call");
    if (error && error.line === line) row.classList.add("has-error");
    return row;
  }

  function ghostRow(g) {
    const row = el("div", `view-row ghost ghost-${g.kind}`);
    row.append(el("span", "view-num", g.kind === "failed" ? "✗" : "+"), el("span", "view-code", g.text));
    if (g.title) row.title = g.title;
    if (g.step !== undefined) {
      row.dataset.step = String(g.step);
      if (g.step === currentStep) row.classList.add("is-current");
    }
    return row;
  }

  function renderView() {
    const rows = [];
    textarea.value.split("\n").forEach((text, i) => {
      (ghosts.before.get(i + 1) || []).forEach((g) => rows.push(ghostRow(g)));
      rows.push(realRow(i + 1, text));
    });
    ghosts.after.forEach((g) => rows.push(ghostRow(g)));
    view.replaceChildren(...rows);
    const current = view.querySelector(".view-row.is-current") || view.querySelector(".view-row.has-error");
    if (current) {
      const top = current.offsetTop;
      if (top < view.scrollTop || top + current.offsetHeight > view.scrollTop + view.clientHeight) {
        view.scrollTop = Math.max(0, top - view.clientHeight / 3);
      }
    }
  }

  function viewWanted() {
    return Boolean(ghosts && !ghosts.empty && textarea.value === ghostSource && document.activeElement !== textarea);
  }

  function refreshView() {
    if (!view) return;
    const on = viewWanted();
    view.hidden = !on;
    if (viewNote) viewNote.hidden = !on;
    if (on) renderView();
  }

  // A click on the view edits the program there: the caret goes to the start of the clicked line.
  if (view) {
    view.addEventListener("click", (event) => {
      const row = event.target.closest && event.target.closest(".view-row");
      const line = row && row.dataset.line ? Number(row.dataset.line) : null;
      textarea.focus();
      if (line) {
        const offset = textarea.value.split("\n").slice(0, line - 1).reduce((n, t) => n + t.length + 1, 0);
        textarea.setSelectionRange(offset, offset);
        scrollIntoView(line);
      }
    });
  }

  textarea.addEventListener("input", () => {
    renderCode();
    renderGutter();
    sync();
    refreshView();
  });
  textarea.addEventListener("focus", refreshView);
  textarea.addEventListener("blur", refreshView);
  textarea.addEventListener("scroll", sync);
  window.addEventListener("resize", sync);

  if (codeLayer) {
    codeLayer.hidden = false;
    textarea.classList.add("is-highlighted");
    attachEditKeys(textarea);
  }
  renderCode();
  renderGutter();
  sync();

  return {
    get value() {
      return textarea.value;
    },
    set value(text) {
      textarea.value = text;
      textarea.scrollTop = 0;
      renderCode();
      renderGutter();
      sync();
      refreshView();
    },
    lines() {
      return textarea.value.split("\n");
    },
    // line: the current step's line (0 or null: none); step: the step's index when it is an extra pass,
    // whose ghost line is then the current one; call: the line that called the function `line` is in.
    setCurrentLine(line, step = null, call = null) {
      currentLine = line || null;
      currentStep = step;
      callLine = call || null;
      if (currentLine) scrollIntoView(currentLine);
      renderGutter();
      sync();
      refreshView();
    },
    // The code the run options added to `source` (null: none); shown while the text is still that program.
    setGhosts(found, source) {
      ghosts = found && !found.empty ? found : null;
      ghostSource = source;
      refreshView();
    },
    get showingRun() {
      return Boolean(view && !view.hidden);
    },
    // err: null or {code, message, line, col}
    setError(err) {
      error = err || null;
      if (error) {
        // Columns are 0-based in the API; editors count from 1.
        const where = error.line ? ` line ${error.line}${error.col != null ? `, column ${error.col + 1}` : ""}:` : "";
        const code = document.createElement("span");
        code.className = "error-code";
        code.textContent = error.code || "error";
        const msg = document.createElement("span");
        msg.className = "error-message";
        msg.textContent = ` ${error.message}`;
        errorBox.replaceChildren(code, document.createTextNode(where), msg);
        errorBox.hidden = false;
        if (error.line) scrollIntoView(error.line);
      } else {
        errorBox.replaceChildren();
        errorBox.hidden = true;
      }
      renderGutter();
      sync();
      refreshView();
    },
  };
}
