// "Why is x.grad[0, 1] 0.92?": one element of a leaf's gradient, spelled out as the chain rule with autograd's own
// numbers — from the walk's recorded gradients, each node's factor at that element being what it sent over what
// arrived. A gradient reaching the leaf along several paths is the sum of each path's product.

// A number as the walk writes it: four significant digits.
export const fmt = (v) => Number(v.toPrecision(4)).toString();
const MAX_PATHS = 8;

function flatIndex(index, shape) {
  if (index.length !== shape.length) return null;
  let flat = 0;
  for (let d = 0; d < shape.length; d += 1) {
    if (!(index[d] >= 0 && index[d] < shape[d])) return null;
    flat = flat * shape[d] + index[d];
  }
  return flat;
}

// The element of `arrived` that `sent[i]` came from: the same one (same shape), the only one (a reduction), or none.
function source(arrived, sent, i) {
  if (!arrived || !sent) return null;
  if (JSON.stringify(arrived.shape) === JSON.stringify(sent.shape)) return i;
  if (arrived.values.length === 1) return 0;
  return null;
}

// Every path from the backward's start down to (node, element i), each as [{op, factor}], start first.
function paths(walk, node, i, depth = 0) {
  if (depth > 64) return [];
  const found = [];
  for (const step of walk.order) {
    step.sent.forEach((edge, k) => {
      if (edge.to !== node || found.length >= MAX_PATHS) return;
      const sent = (step.sent_values || [])[k];
      const arrived = step.arrived_values;
      const j = source(arrived, sent, i);
      if (j === null || !sent) {
        found.push([{ op: step.op, factor: null, mixes: true }]);
        return;
      }
      const a = arrived.values[j];
      const factor = a === 0 ? null : sent.values[i] / a;
      const link = { op: step.op, factor, arrived: a, sent: sent.values[i] };
      const isRoot = !walk.order.some((s) => s.sent.some((e) => e.to === step.node));
      if (isRoot) {
        found.push([{ op: "start", factor: a }, link]);
      } else {
        paths(walk, step.node, j, depth + 1).forEach((p) => found.push([...p, link]));
      }
    });
  }
  return found;
}

export function explain(walk, leafNode, leafName, index) {
  const leaf = walk.order.find((s) => s.op === "AccumulateGrad" && s.node === leafNode);
  if (!leaf || !leaf.arrived_values) return [`${leafName}'s gradient in this backward is too large to spell out.`];
  const i = flatIndex(index, leaf.arrived_values.shape);
  if (i === null) return [`${leafName} has shape (${leaf.arrived_values.shape.join(", ")}): pick an index inside it.`];
  const total = leaf.arrived_values.values[i];
  const lines = [`This backward adds ${fmt(total)} to ${leafName}.grad[${index.join(", ")}]:`];
  const found = paths(walk, leafNode, i);
  found.forEach((path) => {
    if (path.some((l) => l.mixes)) {
      lines.push(`• through ${path.find((l) => l.mixes).op}, which mixes elements (each output element depends on many inputs): see the walk's numbers`);
      return;
    }
    const parts = path.map((l) => (l.op === "start" ? `${fmt(l.factor)} (∂${walk.target}/∂${walk.target})` : l.factor === null ? `${l.op}: 0 arriving` : `× ${fmt(l.factor)} (${l.op})`));
    const product = path.reduce((p, l) => (l.factor === null ? 0 : p * l.factor), 1);
    lines.push(`• ${parts.join(" ")} = ${fmt(product)}`);
  });
  if (found.length > 1) lines.push(`The paths add up: ${fmt(total)}.`);
  return lines;
}
