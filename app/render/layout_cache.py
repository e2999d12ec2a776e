"""Kept layouts: the checked SVG of each DOT text with markers, cut at them (see slots), per process, in a BoundedLRU.
Imports the standard library, app.lru and the layout only: no engine, no web code, no torch.
"""

from __future__ import annotations

import hashlib

from app.lru import BoundedLRU
from app.render import layout
from app.render.slots import Template, cut_at_markers

LAYOUT_CACHE_BYTES = 16 * 2**20  # laid-out SVG templates kept per process; one over an eighth is not kept


def _template_size(template: Template | None) -> int:
    # None (markers not all found) costs nothing, so such a graph is laid out with its values and never retried.
    return 0 if template is None else template.size


_kept: BoundedLRU[str, Template | None] = BoundedLRU(
    LAYOUT_CACHE_BYTES, _template_size, max_entry_bytes=LAYOUT_CACHE_BYTES // 8
)


def svg_template(dot: str, markers: int) -> Template | None:
    """The checked SVG of `dot` cut at its markers, kept or laid out now; None if its `markers` are not each found
    exactly once."""
    key = hashlib.sha256(dot.encode("utf-8")).hexdigest()  # a digest: the DOT text itself would be uncounted bytes
    found, template = _kept.get(key)
    if found:
        return template
    template = cut_at_markers(layout.clean_svg(layout.lay_out(dot, "svg")).decode("utf-8"), markers)
    _kept.put(key, template)
    return template


def clear_layouts() -> None:
    """Forget every kept layout (benchmarks time the first layout of a graph with this)."""
    _kept.clear()
