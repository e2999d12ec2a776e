// The editor's keys: Tab and Shift+Tab indent and dedent the selected lines, Enter keeps the line's indentation
// (one level more after a `:`). Esc then Tab leaves the editor, so the keyboard is never trapped.
// Edits go through insertText, so the browser's undo still works and an input event follows.

const INDENT = "    ";

function lineStart(text, at) {
  return text.lastIndexOf("\n", at - 1) + 1;
}

function replaceRange(textarea, start, end, text) {
  textarea.setSelectionRange(start, end);
  if (!document.execCommand("insertText", false, text)) {
    textarea.setRangeText(text, start, end, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

// Indent (or dedent) every line the selection touches, keeping the same lines selected.
function shiftLines(textarea, dedent) {
  const { value, selectionStart, selectionEnd } = textarea;
  const from = lineStart(value, selectionStart);
  const lastEnd = selectionEnd > selectionStart && value[selectionEnd - 1] === "\n" ? selectionEnd - 1 : selectionEnd;
  let to = value.indexOf("\n", lastEnd);
  if (to < 0) to = value.length;
  const lines = value.slice(from, to).split("\n");
  const changed = lines.map((line) => {
    if (!dedent) return line ? INDENT + line : line;
    const spaces = line.match(/^ {0,4}/)[0].length;
    return line.slice(line.startsWith("\t") ? 1 : spaces);
  });
  const text = changed.join("\n");
  if (text === value.slice(from, to)) return;
  replaceRange(textarea, from, to, text);
  if (selectionStart === selectionEnd) {
    const caret = Math.max(from, selectionStart + changed[0].length - lines[0].length);
    textarea.setSelectionRange(caret, caret);
  } else {
    textarea.setSelectionRange(from, from + text.length);
  }
}

export function attachEditKeys(textarea) {
  let leaving = false; // Esc was pressed: the next Tab moves focus as usual

  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      leaving = true;
      return;
    }
    const wasLeaving = leaving;
    leaving = false;
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (event.key === "Tab") {
      if (wasLeaving) return;
      event.preventDefault();
      const { value, selectionStart, selectionEnd } = textarea;
      const multiLine = value.slice(selectionStart, selectionEnd).includes("\n");
      if (event.shiftKey || multiLine) shiftLines(textarea, event.shiftKey);
      else {
        const column = selectionStart - lineStart(value, selectionStart);
        replaceRange(textarea, selectionStart, selectionEnd, " ".repeat(4 - (column % 4)));
      }
    } else if (event.key === "Enter" && !event.shiftKey) {
      const { value, selectionStart, selectionEnd } = textarea;
      const line = value.slice(lineStart(value, selectionStart), selectionStart);
      const indent = line.match(/^[ \t]*/)[0];
      const opens = !line.trimStart().startsWith("#") && /:\s*(#.*)?$/.test(line);
      event.preventDefault();
      replaceRange(textarea, selectionStart, selectionEnd, `\n${indent}${opens ? INDENT : ""}`);
    }
  });
  textarea.addEventListener("blur", () => {
    leaving = false;
  });
}
