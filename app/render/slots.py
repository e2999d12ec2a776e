"""Value and grad slots: a summary's drawn text and width class, the marker of digits that stands for it in DOT,
and the filling-in of markers in a laid-out SVG. Imports the standard library and escaping only: no engine, no
Graphviz, no web code, no torch.

Value and grad lines change with every seed; the rest of a label depends only on the program's structure. An SVG
is therefore laid out with each such summary replaced by a marker: digits, as wide as one of a few width classes
(every digit of DejaVu Sans has the same advance). The laid-out, checked SVG is kept per DOT text, and the
summaries are filled in afterwards, so a new seed reuses the layout of the last. The bytes depend only on the
request: the width class is a function of the summary itself.
"""

from __future__ import annotations

import re
from itertools import repeat

from app.render.escape import blank_controls, escape_svg_text

SLOT_WIDTHS = (12, 36, 54)  # widths, in digits, reserved for a value or grad summary
# Graphviz's advance widths for the label font, in digits, for the characters summaries use; others count as 2.
ADVANCE = {
    **dict.fromkeys("0123456789nupEbdghqABCS", 1.0),
    **dict.fromkeys(" .,:-fI", 0.5),
    **dict.fromkeys("()[]tr", 0.625),
    **dict.fromkeys("eaxoyTFkcv", 0.875),
    **dict.fromkeys("ilj", 0.375),
    "+": 1.25,
    "m": 1.5,
    "s": 0.75,
    "N": 1.125,
    "…": 1.5,
}
# A whole value, grad or gradient-flow line as Graphviz writes it (a flow's prefix is "∂name/∂name", no spaces).
_MARKER = re.compile(r">(value|grad|∂[^<>\s]*) (\d+)</text>")


def fit_summary(value: str) -> tuple[str, int]:
    """A summary as drawn (control characters blanked, cut to the widest class) and its width class."""
    shown = blank_controls(value)
    width = sum(map(ADVANCE.get, shown, repeat(2.0)))
    if width > SLOT_WIDTHS[-1]:
        while shown and width + ADVANCE["…"] > SLOT_WIDTHS[-1]:
            width -= ADVANCE.get(shown[-1], 2.0)
            shown = shown[:-1]
        shown += "…"
        width += ADVANCE["…"]
    return shown, next(w for w in SLOT_WIDTHS if width <= w)


def add_marker(value: str, summaries: list[str]) -> str:
    """The digits that stand for `value` in a label: its index in `summaries`, where its drawn text is appended,
    zero-padded to its width class."""
    shown, width = fit_summary(value)
    summaries.append(shown)
    return f"{len(summaries) - 1:0{width}d}"


def has_every_marker(svg: str, count: int) -> bool:
    """Whether markers 0 .. count - 1 each appear exactly once (a label can look like a marker by chance)."""
    return sorted(int(m[2]) for m in _MARKER.finditer(svg)) == list(range(count))


def fill_markers(template: str, summaries: list[str]) -> bytes:
    """The SVG with every marker replaced by the summary it stands for."""
    return _MARKER.sub(lambda m: f">{m[1]} {escape_svg_text(summaries[int(m[2])])}</text>", template).encode("utf-8")
