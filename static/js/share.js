// Share and take away: copy the page's link, copy the run as a Python script, and download the current step's
// graph as SVG, PNG, DOT or JSON (from the REST API, by api.js). The elements are handed in.

import { fetchGraph } from "./api.js";

// The clipboard, or, where the browser refuses it, the text shown selected in a box for the reader to copy.
async function copyText(text, status, box, what) {
  try {
    await navigator.clipboard.writeText(text);
    box.hidden = true;
    status.textContent = `${what} copied.`;
  } catch {
    box.value = text;
    box.hidden = false;
    box.select();
    status.textContent = `Copy the ${what.toLowerCase()} from the box (the browser refused the clipboard).`;
  }
}

export function createShare({ copyLink, copyPython, status, box, downloads, link, script, graphRequest }) {
  copyLink.addEventListener("click", async () => copyText(await link(), status, box, "Link"));
  copyPython.addEventListener("click", () => copyText(script(), status, box, "Python script"));
  downloads.querySelectorAll("button[data-format]").forEach((button) => {
    button.addEventListener("click", async () => {
      const { format } = button.dataset;
      const { body, name } = graphRequest();
      status.textContent = `Preparing ${format.toUpperCase()}…`;
      const answer = await fetchGraph(body, format);
      if (answer.error) {
        status.textContent = `No ${format.toUpperCase()}: ${answer.error.message}`;
        return;
      }
      const url = URL.createObjectURL(answer.blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `${name}.${format}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.textContent = `Downloaded ${a.download}.`;
    });
  });
  [copyLink, copyPython, downloads].forEach((el) => {
    el.hidden = false;
  });
}
