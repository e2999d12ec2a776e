"""Rendering: Graph -> DOT -> SVG / PNG / DOT bytes, laid out in-process; the public face of app.render.
Imports the engine's graph data and pygraphviz, never web code or torch.

Every string that a program can influence is escaped before it reaches DOT (escape), and each SVG is checked
before it leaves (layout). An SVG's layout is kept per process and reused when only values change (slots,
layout_cache). The same graph always gives the same bytes, whatever the cache holds.
"""

from __future__ import annotations

from app.engine.graph_data import Graph
from app.render import layout
from app.render.dot import STYLES, to_dot
from app.render.layout import UnsafeSvg, check_svg, clean_svg
from app.render.layout_cache import LAYOUT_CACHE_BYTES, clear_layouts, svg_template
from app.render.slots import fill_markers

__all__ = [
    "FORMATS",
    "LAYOUT_CACHE_BYTES",
    "PNG_MAX_INCHES",
    "STYLES",
    "UnsafeSvg",
    "check_svg",
    "clean_svg",
    "clear_layouts",
    "render",
    "to_dot",
]

FORMATS = ("svg", "png", "dot")
PNG_MAX_INCHES = 30  # at 96 dpi: at most 2,880 pixels a side


def render(graph: Graph, fmt: str = "svg") -> bytes:
    """Draw the graph as "svg", "png" or "dot" bytes; the same graph always gives the same bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "svg":
        summaries: list[str] = []
        template = svg_template(to_dot(graph, summaries=summaries), len(summaries))
        if template is not None:
            return fill_markers(template, summaries)
    dot = to_dot(graph, max_inches=PNG_MAX_INCHES if fmt == "png" else None)
    if fmt == "dot":
        return dot.encode("utf-8")
    raw = layout.lay_out(dot, fmt)
    return clean_svg(raw) if fmt == "svg" else raw
