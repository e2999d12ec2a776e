// The page state lives in the URL query (the same names the no-JS form submits), so a link reproduces
// exactly what its author saw and the server keeps no session. The program travels packed, as `z`: deflate-raw
// by the browser's CompressionStream, then base64url (app/permalink.py reads it back), so a long program still
// makes a short link. Links with `source=` keep working; a browser without CompressionStream still writes them.

import { EVERY_LOOP } from "./modules.js";

const packed = { source: null, z: null };
let writes = 0;

export async function packSource(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// `z`: the packed source, or null to write the source in full.
export function toQuery(state, z = null) {
  const q = new URLSearchParams();
  if (z === null) q.set("source", state.source);
  else q.set("z", z);
  q.set("seed", String(state.seed || 0));
  if (state.zero_grad) q.set("zero_grad", "1");
  if (state.show_saved) q.set("show_saved", "1");
  // Every loop collapsed is the page's default: a link names `collapse` only where it differs (`collapse=`: none).
  const collapse = state.collapse || [];
  if (collapse.length !== 1 || collapse[0] !== EVERY_LOOP) q.set("collapse", collapse.join(","));
  if (state.target) q.set("target", state.target);
  if (state.gradient) q.set("gradient", state.gradient);
  if (state.times > 0) q.set("times", String(state.times));
  if (state.step !== null && state.step !== undefined) q.set("step", String(state.step));
  return q;
}

function write(state, z) {
  window.history.replaceState(null, "", `${window.location.pathname}?${toQuery(state, z).toString()}`);
}

// Writes the URL for `state` as it is now: at once when its program is already packed (stepping), else once
// packed; a later call wins over an earlier one still packing. Resolves when the URL is written.
export async function writeUrl(state) {
  const now = { ...state };
  const mine = ++writes;
  if (typeof CompressionStream !== "function") return write(now, null);
  let z = packed.source === now.source ? packed.z : null;
  if (z === null) {
    try {
      z = await packSource(now.source);
    } catch {
      if (mine === writes) write(now, null); // packing failed: the link holds the source in full
      return;
    }
    packed.source = now.source;
    packed.z = z;
  }
  if (mine === writes) write(now, z);
}
