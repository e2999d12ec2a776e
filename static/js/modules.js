// A model's modules on the graph: a click on a module's box title collapses it into one node, a click on that
// node opens it again. The collapsed modules are part of the page state (`collapse`, module paths), so a link
// keeps them; the server draws the graph with them folded.

const idOf = (path) => path.replace(/\./g, "__");

export function attachModuleToggles(viewport, { groups, collapsed, onChange }) {
  viewport.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const box = target.closest("g.cluster");
    const node = target.closest("g.node");
    const paths = groups().map((g) => g.path);
    const now = collapsed();
    if (node && node.id.startsWith("m_")) {
      const path = [...now].find((p) => `m_${idOf(p)}` === node.id);
      if (path) onChange(now.filter((p) => p !== path));
      return;
    }
    // Only the box's own title: a click inside the box on a node selects the node, as anywhere else.
    if (box && !node && target.tagName.toLowerCase() === "text") {
      const path = paths.find((p) => `module_${idOf(p)}` === box.id);
      if (path && !now.includes(path)) onChange([...now, path]);
    }
  });
  viewport.addEventListener("mouseover", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const box = target && target.closest("g.cluster");
    if (box && target.tagName.toLowerCase() === "text" && !box.querySelector(":scope > title.hint")) {
      box.style.cursor = "pointer";
      target.setAttribute("aria-label", `${target.textContent}: click to collapse`);
    }
  });
}
