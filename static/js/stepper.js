// Step controls: first / previous / next / last buttons, a slider, and the arrow keys (Home/End too)
// whenever focus is not in a text field. Reports the chosen index through onChange.

const TYPING = new Set(["TEXTAREA", "INPUT", "SELECT"]);

export function createStepper({ root, first, prev, next, last, slider, label, onChange }) {
  let count = 0;
  let index = 0;

  function render(describe) {
    slider.max = String(Math.max(0, count - 1));
    slider.value = String(index);
    slider.disabled = count < 2;
    first.disabled = prev.disabled = index <= 0;
    next.disabled = last.disabled = index >= count - 1;
    label.textContent = count ? describe(index) : "No steps were run.";
    slider.setAttribute("aria-valuetext", label.textContent);
  }

  let describeStep = () => "";

  function go(i) {
    const clamped = Math.max(0, Math.min(count - 1, i));
    if (count === 0 || clamped === index) return;
    index = clamped;
    render(describeStep);
    onChange(index);
  }

  first.addEventListener("click", () => go(0));
  prev.addEventListener("click", () => go(index - 1));
  next.addEventListener("click", () => go(index + 1));
  last.addEventListener("click", () => go(count - 1));
  slider.addEventListener("input", () => go(Number(slider.value)));

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const t = event.target;
    if (t && (TYPING.has(t.tagName) || t.isContentEditable)) return;
    const moves = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: count - 1 };
    if (!(event.key in moves) || count === 0) return;
    event.preventDefault();
    go(moves[event.key]);
  });

  return {
    // Replace the steps; `describe(i)` gives the label for step i.
    set(stepCount, at, describe) {
      count = stepCount;
      describeStep = describe;
      index = Math.max(0, Math.min(count - 1, at));
      root.hidden = false;
      render(describeStep);
    },
    get index() {
      return index;
    },
  };
}
