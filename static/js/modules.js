// A model's modules on the graph: a click on a module's box title collapses it into one node, a click on that
// node opens it again. A long loop's box does the same, and a page starts with every loop collapsed (EVERY_LOOP).
// The collapsed paths are part of the page state (`collapse`), so a link keeps them; the server draws the graph
// with them folded.

const idOf = (path) => path.replace(/\./g, "__");
// In `collapse`, every loop's box (app/engine/loop_groups.py).
export const EVERY_LOOP = "loop*";

// folded(): the paths of the nodes the graph shows collapsed now.
export function attachModuleToggles(viewport, { groups, collapsed, folded, onChange }) {
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
      else if (now.includes(EVERY_LOOP)) {
        // A loop collapsed by the page's default opens; the other loops it collapsed stay so, named now.
        const others = folded().filter((p) => !now.includes(p) && `m_${idOf(p)}` !== node.id);
        onChange([...now.filter((p) => p !== EVERY_LOOP), ...others]);
      }
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
