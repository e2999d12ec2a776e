// Share and take away: copy the page's link, copy the run as a Python script, and download the current step's
// graph as SVG, PNG, DOT or JSON (from the REST API, by api.js). The elements are handed in.

import { fetchGraph, runRequest } from "./api.js";
import { pythonScript } from "./pyscript.js";
import { writeUrl } from "./urlstate.js";

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

// state: the page state of the run shown; answer(): that run's answer; step(): the step shown, from 0.
export function createShare({ copyLink, copyPython, status, box, downloads, state, answer, step }) {
  copyLink.addEventListener("click", async () => {
    await writeUrl(state);
    copyText(window.location.href, status, box, "Link");
  });
  copyPython.addEventListener("click", () => copyText(pythonScript(answer(), state), status, box, "Python script"));
  downloads.querySelectorAll("a[data-format]").forEach((link) => {
    link.addEventListener("click", async (event) => {
      event.preventDefault(); // the link's GET is for the page without JavaScript; this one knows the step
      const { format } = link.dataset;
      const at = step();
      status.textContent = `Preparing ${format.toUpperCase()}…`;
      const file = await fetchGraph({ ...runRequest(state), step: at }, format);
      if (file.error) {
        status.textContent = `No ${format.toUpperCase()}: ${file.error.message}`;
        return;
      }
      const url = URL.createObjectURL(file.blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `autograd-graph-step-${at + 1}.${format}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.textContent = `Downloaded ${a.download}.`;
    });
  });
  [copyLink, copyPython].forEach((el) => {
    el.hidden = false;
  });
}
