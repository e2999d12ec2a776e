// Each graph node's state at any step, folded from the answer's graph.changes (a node's first entry holds its
// whole state, later entries only what changed). Plain data in, plain data out: no DOM here.

const EMPTY = Object.freeze({});

// The last entry of `list` (sorted by step) whose step is <= k, or null.
function lastAtOrBefore(list, k) {
  let lo = 0;
  let hi = list.length - 1;
  let found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].step <= k) {
      found = list[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export function createTimeline(graph, steps) {
  const nodes = graph && Array.isArray(graph.nodes) ? graph.nodes : [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const changes = graph && Array.isArray(graph.changes) ? graph.changes : null;
  const history = new Map(); // id -> [{step, state}], each state whole, in step order
  if (changes) {
    [...changes]
      .sort((a, b) => a.step - b.step)
      .forEach(({ step, nodes: delta }) => {
        Object.entries(delta || EMPTY).forEach(([id, fields]) => {
          const list = history.get(id) || [];
          const before = list.length ? list[list.length - 1].state : EMPTY;
          list.push({ step, state: Object.freeze({ ...before, ...fields }) });
          history.set(id, list);
        });
      });
  }
  // An answer without changes (or a node they leave out) still has the final state; before the first backward
  // no gradient can exist, so those are left out there.
  const list = Array.isArray(steps) ? steps : [];
  const firstBackward = list.findIndex((s) => s.kind === "backward");

  function exists(id, k) {
    const node = byId.get(id);
    return Boolean(node) && typeof node.first_step === "number" && node.first_step <= k;
  }

  return {
    node(id) {
      return byId.get(id) || null;
    },
    nodes,
    // Whether the answer says how nodes change from step to step (older answers only give the final state).
    hasChanges: changes !== null,
    exists,
    // {kind, value, requires_grad, grad, grad_flow, freed} of node `id` right after step k; null before it exists.
    stateAt(id, k) {
      if (!exists(id, k)) return null;
      const node = byId.get(id);
      const entries = history.get(id);
      if (entries && entries.length) return (lastAtOrBefore(entries, k) || entries[0]).state;
      const final = {
        kind: node.kind,
        value: node.value ?? null,
        requires_grad: node.requires_grad ?? null,
        grad: node.grad ?? null,
        grad_flow: node.grad_flow ?? null,
        freed: Boolean(node.freed),
      };
      if (firstBackward < 0 || k < firstBackward) {
        final.grad = null;
        final.grad_flow = null;
        final.freed = false;
      }
      return final;
    },
    // The node a variable name stands for at step k: of the nodes carrying that name, the latest made by then.
    nodeOf(name, k) {
      let best = null;
      nodes.forEach((n) => {
        if (!Array.isArray(n.variables) || !n.variables.includes(name) || !exists(n.id, k)) return;
        if (!best || n.first_step > best.first_step) best = n;
      });
      return best;
    },
  };
}
