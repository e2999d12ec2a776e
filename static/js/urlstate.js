// The page state lives in the URL query (the same names the no-JS form submits), so a link reproduces
// exactly what its author saw and the server keeps no session.

export function toQuery(state) {
  const q = new URLSearchParams();
  q.set("source", state.source);
  q.set("seed", String(state.seed || 0));
  if (state.zero_grad) q.set("zero_grad", "1");
  if (state.show_saved) q.set("show_saved", "1");
  if (state.target) q.set("target", state.target);
  if (state.gradient) q.set("gradient", state.gradient);
  if (state.times > 0) q.set("times", String(state.times));
  if (state.step !== null && state.step !== undefined) q.set("step", String(state.step));
  return q;
}

export function writeUrl(state) {
  const url = `${window.location.pathname}?${toQuery(state).toString()}`;
  window.history.replaceState(null, "", url);
}
