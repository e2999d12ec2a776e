"""The one typed request of a run: built once at each edge (JSON body, graph query, page form), checked
against the settings by the service, hashed for the cache, and handed whole to a worker.

Plain data; imports the standard library only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass, fields
from typing import Any, Literal

# torch.manual_seed takes any 64-bit value; the top half is kept out so every seed is also a JSON-safe integer.
SEED_MAX = 2**63 - 1

# What a request asks for: the whole run as JSON with its SVG ("run"), or the graph alone in one format.
Format = Literal["run", "json", "svg", "png", "dot", "gradcheck"]
MEDIA_TYPES: dict[str, str] = {
    "run": "application/json",
    "gradcheck": "application/json",
    "json": "application/json",
    "svg": "image/svg+xml",
    "png": "image/png",
    "dot": "text/vnd.graphviz",
}


@dataclass(frozen=True)
class BackwardPasses:
    """`target.backward(gradient)` run `times` more times after the program: the page's "Run backward"."""

    target: str
    gradient: str | None = None
    times: int = 1


@dataclass(frozen=True)
class RunRequest:
    """A program, given as source or as a chain of steps, and the options that with it are a run's whole state."""

    source: str | None = None
    chain: tuple[dict[str, Any], ...] | None = None
    seed: int = 0
    zero_grad: bool = False
    backward: BackwardPasses | None = None
    show_saved: bool = False
    collapse: tuple[str, ...] = ()  # modules drawn as one node each, by path ("model.fc1")
    check_leaf: str | None = None  # gradcheck: the leaf checked, and the gradient the learner expects (flat)
    expected: tuple[float, ...] | None = None
    format: Format = "run"
    step: int | None = None  # graph formats: draw the graph as of this step (None: after the last)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    def cache_key(self) -> str:
        """A digest of every field. NaN and infinities keep their own spelling (never null), integers past 64 bits
        and lone surrogates are written out exactly, so two different requests never share a key."""
        # Field values in their declared order (no deep copy, as asdict makes); the passes as their own list.
        values = [getattr(self, f.name) for f in _FIELDS]
        values[_BACKWARD] = astuple(self.backward) if self.backward is not None else None
        text = json.dumps(values, sort_keys=True, ensure_ascii=True, allow_nan=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("ascii")).hexdigest()


_FIELDS = fields(RunRequest)
_BACKWARD = [f.name for f in _FIELDS].index("backward")
