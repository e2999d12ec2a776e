// The one place the page talks to the server: POST /api/v1/run. Always resolves to a response body;
// refused programs and transport failures come back as {"error": {...}} without steps.

export function runRequest(state) {
  const body = { source: state.source, seed: state.seed || 0, zero_grad: Boolean(state.zero_grad) };
  if (state.show_saved) body.show_saved = true;
  if (state.collapse && state.collapse.length) body.collapse = [...state.collapse];
  if (state.target && state.times > 0) {
    body.backward = { target: state.target, times: state.times };
    if (state.gradient) body.backward.gradient = state.gradient;
  }
  return body;
}

export async function runProgram(body) {
  let response;
  try {
    response = await fetch("/api/v1/run", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch (err) {
    return { error: { code: "network_error", message: `The server could not be reached (${err.message}).` } };
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!data || typeof data !== "object" || (!response.ok && !data.error)) {
    return { error: { code: "http_error", message: `The server answered ${response.status}.` } };
  }
  if (!response.ok && data.error && typeof data.error === "object") return { error: data.error };
  return data;
}

// runProgram with a memory of the last few answers, keyed by the request: stepping back and forth, or toggling an
// option back, never asks again. Transport failures are not remembered: they are worth asking again.
export function createRunFetcher(limit = 8) {
  const cache = new Map();
  return async function fetchRun(body) {
    const key = JSON.stringify(body);
    if (!cache.has(key)) {
      const response = await runProgram(body);
      const transient = response.error && ["network_error", "http_error"].includes(response.error.code);
      if (transient) return response;
      if (cache.size > limit) cache.delete(cache.keys().next().value);
      cache.set(key, response);
    }
    return cache.get(key);
  };
}

// The graph of a run at one step, as a file: {blob} or {error}. POST, so a long program never meets a URL limit.
export async function fetchGraph(body, format) {
  let response;
  try {
    response = await fetch(`/api/v1/graph.${format}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (err) {
    return { error: { code: "network_error", message: `The server could not be reached (${err.message}).` } };
  }
  if (response.ok) return { blob: await response.blob() };
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { error: (data && data.error) || { code: "http_error", message: `The server answered ${response.status}.` } };
}
