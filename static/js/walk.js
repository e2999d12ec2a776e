// Walk the backward pass: after a backward step, its nodes one by one in the order autograd ran them (the answer's
// graph.walks, recorded by hooks on the real backward): the gradient arriving, the local derivative with the real
// numbers, the gradient sent along each edge (highlighted on the graph), and what lands in a leaf's .grad.

function row(dl, term, text) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = text;
  dl.append(dt, dd);
}

import { explain, fmt } from "./why.js";


// "Why is x.grad[i] what it is?": the leaves this backward reached, and one element's chain rule on request.
function fillWhy({ leaf, index, go, lines }, walk, nameOf) {
  const leaves = walk ? walk.order.filter((s) => s.op === "AccumulateGrad" && s.node) : [];
  const keep = leaf.value;
  leaf.replaceChildren(
    ...leaves.map((s) => Object.assign(document.createElement("option"), { value: s.node, textContent: nameOf(s.node) })),
  );
  if (leaves.some((s) => s.node === keep)) leaf.value = keep;
  lines.replaceChildren();
  go.onclick = () => {
    const wanted = index.value.split(",").map((p) => Number.parseInt(p.trim(), 10)).filter((n) => !Number.isNaN(n));
    const text = walk ? explain(walk, leaf.value, nameOf(leaf.value), wanted) : [];
    lines.replaceChildren(...text.map((t) => Object.assign(document.createElement("li"), { textContent: t })));
  };
}

// backward(v) computes vᵀ·J without forming J: for small sizes the answer carries J, shown with vᵀ·J beside it.
function renderJacobian(box, walk, nameOf) {
  box.replaceChildren();
  const jacobians = walk && walk.vector !== null && walk.vector !== undefined ? walk.jacobians || [] : [];
  box.hidden = !walk || walk.vector === null || walk.vector === undefined;
  if (box.hidden) return;
  const intro = document.createElement("p");
  intro.textContent = `${walk.target}.backward(v) with v = ${walk.vector}: autograd computes vᵀ·J, one row vector, never J itself.`;
  box.append(intro);
  jacobians.forEach((j) => {
    const leaf = nameOf(j.leaf);
    const caption = document.createElement("p");
    caption.textContent = `J = ∂${walk.target}/∂${leaf} (a row per element of ${walk.target}), and vᵀ·J, which lands in ${leaf}.grad:`;
    const table = document.createElement("table");
    table.className = "jacobian";
    j.rows.forEach((row, i) => {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.textContent = `${walk.target}[${i}]`;
      tr.append(th, ...row.map((v) => Object.assign(document.createElement("td"), { textContent: fmt(v) })));
      table.append(tr);
    });
    const total = document.createElement("tr");
    total.className = "vjp";
    const th = document.createElement("th");
    th.textContent = "vᵀ·J";
    total.append(th, ...j.vjp.map((v) => Object.assign(document.createElement("td"), { textContent: fmt(v) })));
    table.append(total);
    box.append(caption, table);
  });
}

export function createWalk({ panel, counter, prev, next, body, viewport, jacobian, why }) {
  let walk = null;
  let graph = null;
  let k = 0;

  const nameOf = (id) => {
    const node = graph && graph.nodes ? graph.nodes.find((n) => n.id === id) : null;
    if (!node) return "a constant";
    return (node.variables && node.variables[0]) || node.label || id;
  };

  function highlight(item) {
    viewport.querySelectorAll(".walk-current, .walk-edge").forEach((el) => {
      el.classList.remove("walk-current", "walk-edge");
    });
    if (!item || !item.node) return;
    const node = viewport.querySelector(`g.node#${CSS.escape(item.node)}`);
    if (node) node.classList.add("walk-current");
    const edges = (graph && graph.edges) || [];
    item.sent.forEach((sent) => {
      const i = edges.findIndex((e) => e.source === sent.to && e.target === item.node);
      const edge = i >= 0 ? viewport.querySelector(`g.edge#e${i}`) : null;
      if (edge) edge.classList.add("walk-edge");
    });
  }

  function render() {
    body.replaceChildren();
    if (!walk) {
      highlight(null);
      return;
    }
    const item = walk.order[k];
    counter.textContent = `node ${k + 1} of ${walk.order.length}`;
    prev.disabled = k === 0;
    next.disabled = k >= walk.order.length - 1;
    row(body, "node", `${item.op}${item.node ? ` (${nameOf(item.node)})` : ""}`);
    row(body, `gradient arriving (∂${walk.target}/∂ its output)`, item.arrived);
    row(body, "local derivative", item.rule);
    item.sent
      .filter((s) => s.to)
      .forEach((s) => row(body, `sends to ${nameOf(s.to)}`, s.grad));
    if (item.grad_after !== null && item.grad_after !== undefined) {
      row(body, ".grad before", item.grad_before);
      row(body, ".grad after", item.grad_after);
    }
    highlight(item);
  }

  prev.addEventListener("click", () => {
    k = Math.max(0, k - 1);
    render();
  });
  next.addEventListener("click", () => {
    if (walk) k = Math.min(walk.order.length - 1, k + 1);
    render();
  });

  return {
    // Shows the walk of the backward call made at step `index`, if that step made one.
    show(graphData, index) {
      graph = graphData;
      const found = ((graphData && graphData.walks) || []).find((w) => w.step === index) || null;
      if (found !== walk) k = 0;
      walk = found;
      panel.hidden = !walk;
      if (jacobian) renderJacobian(jacobian, walk, nameOf);
      if (why) fillWhy(why, walk, nameOf);
      render();
    },
  };
}
