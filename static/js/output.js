// The printed output, all of it, with what the current step printed highlighted (and scrolled to) and what
// later steps print dimmed. Built once per run; stepping only moves the marks.

export function createOutput(pre) {
  let parts = []; // [{index, span}] for the steps that printed something, in step order

  return {
    // steps: the run's steps; fallback: the whole output when the answer has no steps.
    set(steps, fallback = "") {
      parts = [];
      const spans = [];
      (steps || []).forEach((step, index) => {
        if (!step.output) return;
        const span = document.createElement("span");
        span.className = "out-step";
        span.dataset.step = String(index);
        span.textContent = step.output;
        parts.push({ index, span });
        spans.push(span);
      });
      if (spans.length) pre.replaceChildren(...spans);
      else pre.textContent = steps && steps.length ? "" : fallback;
    },
    // Mark step k's output as current and everything printed after it as not printed yet.
    show(k) {
      let current = null;
      parts.forEach(({ index, span }) => {
        span.classList.toggle("is-current", index === k);
        span.classList.toggle("is-later", index > k);
        if (index === k) current = span;
      });
      pre.classList.toggle("has-later", parts.some(({ index }) => index > k));
      const last = current || [...parts].reverse().find(({ index }) => index <= k)?.span;
      if (!last) {
        pre.scrollTop = 0;
        return;
      }
      const top = last.offsetTop; // the panel is positioned (app.css), so this is within it
      const bottom = top + last.offsetHeight;
      if (top < pre.scrollTop || bottom > pre.scrollTop + pre.clientHeight) {
        pre.scrollTop = Math.max(0, current ? top - 8 : bottom - pre.clientHeight + 8);
      }
    },
  };
}
