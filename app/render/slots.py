"""Value and grad slots: a summary's drawn text and width class, the marker of digits that stands for it in DOT,
and the filling-in of markers in a laid-out SVG. Imports the standard library and escaping only: no engine, no
Graphviz, no web code, no torch.

Value and grad lines change with every seed, and variable names with every rename; the rest of a label depends only
on the program's structure. An SVG is therefore laid out with each summary and each node's names replaced by a
marker: digits, as wide as one of a few width classes (every digit of DejaVu Sans has the same advance, bold or
not). The laid-out, checked SVG is kept per DOT text, and the texts are filled in afterwards, so a new seed, or a
variable renamed, reuses the layout of the last. The bytes depend only on the request: the width class is a
function of the text itself.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import repeat

from app.render.escape import MAX_TEXT, blank_controls, escape_label, escape_svg_text

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
NAME_WIDTHS = (3, 6, 12, 24, 48, 100)  # widths, in bold digits, reserved for a node's variable names
# Graphviz's advance widths for the bold label font, in bold digits (measured); others count as 2.
BOLD_ADVANCE = {
    **dict.fromkeys("0123456789abdeghknopquEFTYZ", 1.0),
    **dict.fromkeys("ijl", 0.4445),
    **dict.fromkeys("IJ, ", 0.5556),
    "f": 0.6112,
    **dict.fromkeys("rt", 0.6667),
    "_": 0.7778,
    **dict.fromkeys("csvxyzLS", 0.8918),
    **dict.fromkeys("ABCKPRVX", 1.1112),
    **dict.fromkeys("DGHNOQU", 1.2223),
    "w": 1.3334,
    **dict.fromkeys("M…", 1.4445),
    **dict.fromkeys("mW", 1.5556),
}
# A whole value, grad or gradient-flow line as Graphviz writes it (a flow's prefix is "∂name/∂name", no spaces),
# or a whole bold line of digits at the label font's size: a node's names (a name never is digits only). Every
# match starts at ">", so the scan over a large drawing stays fast.
_MARKER = re.compile(r'>(?:(value|grad|∂[^<>\s]*) |(?<=font-weight="bold" font-size="10.00">))(\d+)</text>')


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
    for slot in SLOT_WIDTHS:
        if width <= slot:
            return shown, slot
    raise AssertionError("cut to the widest class above")


def add_marker(value: str, summaries: list[str]) -> str:
    """The digits that stand for `value` in a label: its index in `summaries`, where its drawn text is appended,
    zero-padded to its width class."""
    shown, width = fit_summary(value)
    summaries.append(shown)
    return f"{len(summaries) - 1:0{width}d}"


def add_names_marker(names: str, summaries: list[str]) -> str:
    """The bold line of a node's names in a label: the digits that stand for them, their drawn text appended to
    `summaries`; the names themselves (escaped) when they are wider than the widest class."""
    # Many names on one node are measured each time: the kept ones stay small.
    shown, width = _kept_names_slot(names) if len(names) <= MAX_TEXT else _names_slot(names)
    if not width:
        return shown
    summaries.append(shown)
    return f"{len(summaries) - 1:0{width}d}"


def _names_slot(names: str) -> tuple[str, int]:
    """Names as drawn and their width class; or, wider than every class, escaped, and 0."""
    shown = blank_controls(names)
    if len(shown) > MAX_TEXT:
        shown = shown[: MAX_TEXT - 1] + "…"
    width = sum(map(BOLD_ADVANCE.get, shown, repeat(2.0)))
    for slot in NAME_WIDTHS:
        if width <= slot:
            return shown, slot
    return escape_label(names), 0


# The same names recur across nodes and graphs (a loop's `y`): each is measured once per process.
_kept_names_slot = functools.lru_cache(maxsize=4096)(_names_slot)


@dataclass(frozen=True)
class Template:
    """A laid-out SVG cut at its markers: `pieces[0]`, the text of marker `slots[0]`, `pieces[1]`, ... Each piece
    keeps what surrounds a marker (`>value `, `</text>`), so filling in is a join."""

    pieces: tuple[str, ...]
    slots: tuple[int, ...]  # the index in `summaries` of the text each marker stands for

    @property
    def size(self) -> int:
        """About the characters it holds: the SVG's, less its markers' digits."""
        return sum(map(len, self.pieces))


def cut_at_markers(svg: str, count: int) -> Template | None:
    """The SVG cut at its markers, if markers 0 .. count - 1 each appear exactly once (a label can look like a
    marker by chance); else None."""
    pieces = []
    slots = []
    start = 0
    for m in _MARKER.finditer(svg):
        pieces.append(svg[start : m.start(2)])
        slots.append(int(m[2]))
        start = m.end(2)
    pieces.append(svg[start:])
    if sorted(slots) != list(range(count)):
        return None
    return Template(tuple(pieces), tuple(slots))


def fill_markers(template: Template, summaries: list[str]) -> bytes:
    """The SVG with every marker replaced by the text it stands for."""
    pieces = template.pieces
    out = [pieces[0]]
    for index, piece in zip(template.slots, pieces[1:], strict=True):
        out.append(escape_svg_text(summaries[index]))
        out.append(piece)
    return "".join(out).encode("utf-8")
