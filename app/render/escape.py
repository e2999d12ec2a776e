"""Escaping: every string a program can influence is made inert here before it reaches DOT or an SVG's text.

Imports the standard library only: no engine, no Graphviz, no web code, no torch.
"""

from __future__ import annotations

import re

MAX_TEXT = 60  # characters per label line; longer names are cut with an ellipsis

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def blank_controls(s: str) -> str:
    """Control characters, lone surrogates and non-characters as spaces: none of them may reach XML."""
    return _CONTROL.sub(" ", s)


# Every label is HTML-like (label=<...>): plain-text labels go through Graphviz's escape-sequence handling, and
# one that starts with an empty line (as torchviz writes them) crashes the Graphviz 14 bundled with pygraphviz.
def escape_label(value: object, limit: int = MAX_TEXT) -> str:
    """Text for an HTML-like DOT label: controls blanked, cut to `limit` characters with an ellipsis, XML
    entities escaped, and backslashes doubled (Graphviz expands \\N, \\G...)."""
    s = blank_controls(str(value))
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return s.replace("\\", "\\\\")


def escape_svg_text(s: str) -> str:
    """Text placed between an SVG element's tags after layout (Graphviz does not see it, so no backslashes)."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
