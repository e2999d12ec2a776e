// The example menu: the chosen example's entry reads "(edited)" once the editor's text differs from it, so the
// menu never claims a program it no longer shows.

export function createExampleMenu({ select, examples, source }) {
  const titles = new Map(examples.map((e) => [e.id, e.title]));
  const sources = new Map(examples.map((e) => [e.id, e.source]));

  function refresh() {
    for (const option of select.options) {
      if (!titles.has(option.value)) continue;
      const edited = option.selected && source() !== sources.get(option.value);
      option.textContent = edited ? `${titles.get(option.value)} (edited)` : titles.get(option.value);
    }
  }

  select.addEventListener("change", refresh);
  return { refresh };
}
