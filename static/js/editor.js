// The program editor: a plain textarea with a line-number gutter, the current step's line highlighted
// behind the text, and an error marker in the gutter. Knows nothing about runs or steps.

export function createEditor({ textarea, gutter, highlight, errorLine, errorBox }) {
  let currentLine = null;
  let error = null;

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

  function sync() {
    gutter.scrollTop = textarea.scrollTop;
    place(highlight, currentLine);
    place(errorLine, error ? error.line : null);
  }

  function scrollIntoView(line) {
    const top = paddingTop() + (line - 1) * lineHeight();
    const visible = textarea.clientHeight - lineHeight();
    if (top < textarea.scrollTop || top > textarea.scrollTop + visible) {
      textarea.scrollTop = Math.max(0, top - textarea.clientHeight / 3);
    }
  }

  textarea.addEventListener("input", () => {
    renderGutter();
    sync();
  });
  textarea.addEventListener("scroll", sync);
  window.addEventListener("resize", sync);

  renderGutter();
  sync();

  return {
    get value() {
      return textarea.value;
    },
    set value(text) {
      textarea.value = text;
      textarea.scrollTop = 0;
      renderGutter();
      sync();
    },
    lines() {
      return textarea.value.split("\n");
    },
    setCurrentLine(line) {
      currentLine = line || null;
      if (currentLine) scrollIntoView(currentLine);
      renderGutter();
      sync();
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
    },
  };
}
