"""The example programs offered on the page: every code cell of the seed notebook, then a few more.

Each program is a file in this folder, `<id>.py`, exactly as a learner would type it (`torch` needs no import, as
in a notebook after its first cell); tests/engine/test_differential.py runs every one against real torch.
Plain data only: imports nothing from the app.
"""

from __future__ import annotations

from importlib import resources
from typing import TypedDict


class Example(TypedDict):
    """One entry of the examples menu."""

    id: str
    title: str
    source: str


# The menu, in order, as (id, title); the program is the file `<id>.py`.
MENU: tuple[tuple[str, str], ...] = (
    ("gradient", "How gradient is used"),
    ("jacobian", "jacobian matrix with loss function"),
    ("requires-grad-false", "removing require gradient: requires_grad_(False)"),
    ("detach", "removing require gradient: detach()"),
    ("no-grad", "removing require gradient: no_grad()"),
    ("accumulation", "avoiding accumulation of gradient"),
    # The notebook's last cell is commented out and would fail as written (SGD wants a list of tensors, and
    # the method is zero_grad); this is the corrected version.
    ("optimizer", "optimizer step and zero_grad"),
    ("two-layer", "a two-layer network trained with SGD"),
    ("module", "the same network as an nn.Module, drawn by module"),
    ("softmax-cross-entropy", "softmax and cross-entropy"),
    ("cutting-the-graph", "detach vs no_grad vs requires_grad_(False)"),
    ("functions-training-loop", "Functions: a loss function and a training loop"),
    # The error is caught and printed, so the program runs to its end.
    ("backward-twice", "Catching the backward-twice error"),
    # Runs until line 4 and stops there: the steps before the error stay explorable.
    ("runtime-error", "an error: shapes that do not broadcast"),
)

# Examples meant to stop with an error (the others must run cleanly).
FAILING = frozenset({"runtime-error"})


def program_text(example_id: str) -> str:
    """The program file of an example, byte for byte."""
    # Read as bytes: text mode would turn a CRLF into LF, and the page must show what the file holds.
    return resources.files(__name__).joinpath(f"{example_id}.py").read_bytes().decode("utf-8")


EXAMPLES: list[Example] = [{"id": id_, "title": title, "source": program_text(id_)} for id_, title in MENU]


def example_by_id(example_id: str) -> Example | None:
    """The example with this id, or None."""
    return next((e for e in EXAMPLES if e["id"] == example_id), None)
