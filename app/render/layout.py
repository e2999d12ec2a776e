"""Layout: DOT -> SVG / PNG bytes by pygraphviz, in-process, one at a time; every SVG cleaned and checked before it
leaves. Imports pygraphviz and the standard library only: no engine, no web code, no torch.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from typing import cast

import pygraphviz

_GRAPHVIZ_LOCK = threading.Lock()  # Graphviz keeps global state: one layout at a time per process
_PROLOGUE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)
_SVG = "{http://www.w3.org/2000/svg}"


class UnsafeSvg(RuntimeError):
    """The laid-out SVG contained something that must never reach a browser."""


def lay_out(dot: str, fmt: str) -> bytes:
    """The drawing of `dot` in `fmt` ("svg" or "png") as Graphviz writes it, neither cleaned nor checked."""
    with _GRAPHVIZ_LOCK:
        # Without a path, draw() returns the bytes; pygraphviz declares no types.
        return cast(bytes, pygraphviz.AGraph(string=dot).draw(format=fmt, prog="dot"))


def clean_svg(raw: bytes) -> bytes:
    """Drop the prologue and comments (they name the Graphviz version), then refuse anything active."""
    svg = _PROLOGUE.sub("", raw.decode("utf-8"))
    svg = re.sub(r"\n\s*\n", "\n", svg).strip() + "\n"
    check_svg(svg)
    return svg.encode("utf-8")


def check_svg(svg: str) -> None:
    """Raise UnsafeSvg if the document could run code or fetch anything."""
    root = ET.fromstring(svg)
    if root.tag != f"{_SVG}svg":
        raise UnsafeSvg(f"root element is {root.tag}")
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag.lower() in ("script", "foreignobject", "iframe", "object", "embed"):
            raise UnsafeSvg(f"<{tag}> element")
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise UnsafeSvg(f"event attribute {local}")
            if local == "href" and not value.startswith("#"):
                raise UnsafeSvg("external link")
            if "url(" in value.lower() and not re.fullmatch(r"url\(#[\w-]+\)", value.strip()):
                raise UnsafeSvg("external url() reference")
