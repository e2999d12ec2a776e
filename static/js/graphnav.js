// Finding one's way in a big graph: a minimap (the whole drawing small, the part shown framed; a click there
// moves the view) shown whenever the view holds only part of the drawing, and a search box that centres the
// node a variable names at the current step.

const SVG_NS = "http://www.w3.org/2000/svg";

export function attachMinimap(box, graph) {
  let map = null;
  let frame = null;
  let shownFor = null;

  function build(svg, base) {
    map = document.createElementNS(SVG_NS, "svg");
    map.setAttribute("viewBox", `${base.x} ${base.y} ${base.w} ${base.h}`);
    map.setAttribute("preserveAspectRatio", "xMidYMid meet");
    map.setAttribute("aria-hidden", "true");
    const use = document.createElementNS(SVG_NS, "use");
    // The drawing itself, shown again small: the page's styles (hidden nodes) apply to it as to the original.
    use.setAttribute("href", "#autograd");
    frame = document.createElementNS(SVG_NS, "rect");
    frame.setAttribute("class", "minimap-view");
    frame.setAttribute("vector-effect", "non-scaling-stroke");
    map.append(use, frame);
    box.replaceChildren(map);
    shownFor = svg;
  }

  graph.onView((view, base) => {
    const svg = graph.svg;
    const whole = view.x <= base.x + 1 && view.y <= base.y + 1 && view.x + view.w >= base.x + base.w - 1 &&
      view.y + view.h >= base.y + base.h - 1;
    box.hidden = !svg || whole;
    if (box.hidden) return;
    if (shownFor !== svg || !map) build(svg, base);
    map.setAttribute("viewBox", `${base.x} ${base.y} ${base.w} ${base.h}`);
    frame.setAttribute("x", view.x);
    frame.setAttribute("y", view.y);
    frame.setAttribute("width", view.w);
    frame.setAttribute("height", view.h);
  });

  box.addEventListener("click", (event) => {
    if (!map) return;
    const matrix = map.getScreenCTM();
    if (!matrix) return;
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    graph.centreAt(p.x, p.y);
  });
}

// The node `name` holds at the current step: among the nodes drawn now that carry the name, the latest made.
function nodeNamed(graph, name) {
  let found = null;
  graph.nodes.forEach((node, id) => {
    const g = graph.svg && graph.svg.querySelector(`g.node[id="${CSS.escape(id)}"]`);
    if (!g || g.classList.contains("is-hidden")) return;
    if (!(node.variables || []).includes(name)) return;
    if (!found || (node.first_step ?? -1) >= (found.first_step ?? -1)) found = node;
  });
  return found;
}

export function attachSearch({ input, button, status }, graph) {
  function find() {
    const name = input.value.trim();
    if (!name) return;
    const node = nodeNamed(graph, name);
    if (!node) {
      status.textContent = `No node named ${name} at this step.`;
      return;
    }
    graph.select(node.id);
    graph.focusOn([node.id]);
    status.textContent = `${name}: ${(node.label || "").split("\n")[0]}${node.line ? `, line ${node.line}` : ""}`;
  }
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // the search sits in the run's form: Enter finds, it does not run
    find();
  });
  button.addEventListener("click", find);
}
