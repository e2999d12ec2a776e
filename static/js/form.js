// The run options' inputs (seed, zero gradients, saved tensors, the backward target, gradient and passes) read
// into the page state and written back from it. The inputs are handed in; nothing else is touched.

// A whole number from a number input; below the input's own min, or not a number, it reads as that min.
function wholeNumber(input) {
  const low = Number.parseInt(input.min, 10) || 0;
  const n = Number.parseInt(input.value, 10);
  return Number.isFinite(n) && n >= low ? n : low;
}

export function createForm({ seed, zeroGrad, showSaved, target, gradient, times }) {
  return {
    read(state, source) {
      state.source = source;
      state.seed = wholeNumber(seed);
      state.zero_grad = zeroGrad.checked;
      state.show_saved = showSaved.checked;
      state.target = target.value;
      state.gradient = gradient.value.trim();
      state.times = wholeNumber(times);
    },
    write(state) {
      seed.value = String(state.seed);
      zeroGrad.checked = Boolean(state.zero_grad);
      showSaved.checked = Boolean(state.show_saved);
      times.value = String(state.times);
    },
  };
}
