"""The answer's byte budget: an upper estimate of the JSON each part of a run adds to its answer, counted as the
part is made, so a run stops before its answer passes max_answer_bytes.

Counted here: every step's record (its source, output and plain values, and the snapshot of each tensor variable,
sent again at every step), each change of a tensor's state on the graph (the graph's `changes`), the printed
output, the final variables. The run may use RUN_SHARE of the budget; the rest is kept for the graph's nodes and
edges and its drawing, which the pipeline checks, with the exact bytes, before the answer leaves the worker.
Imports the standard library and the engine's own modules only.
"""

from __future__ import annotations

import functools
from typing import Any

from app.engine.errors import AnswerTooLarge
from app.engine.limits import Limits
from app.engine.result import Step, TensorView
from app.engine.snapshot import FLOAT_WIDTH, text_size

RUN_SHARE = 0.8  # of max_answer_bytes; the graph and its drawing get the rest
# {"index":,"line":,"col":,"source":,"kind":,"output":,"variables":{},"values":{},"frame":null}, three numbers.
_STEP_KEYS = 100 + 3 * 20
# "frame":{"function":"","call_line":,"depth":,"variables":{},"values":{}} and two numbers.
_FRAME_KEYS = 80 + 2 * 20
# "n123":{"kind":"output","value":...,"requires_grad":false,"grad":...,"grad_flow":...,"freed":false}
_CHANGE_KEYS = 120
_PLAIN = FLOAT_WIDTH + 1  # a number, a bool or an encoded non-finite float, with its comma


@functools.lru_cache(maxsize=1024)  # a program has few names, each sent again at every step
def name_size(name: str) -> int:
    """How many bytes a variable's name takes in JSON (an identifier needs no escape)."""
    return len(name) + 2 if name.isascii() and name.isidentifier() else text_size(name)


def plain_size(value: Any) -> int:
    """At most how many bytes one of a step's plain values takes: a number, or a short list of them."""
    return 2 + _PLAIN * len(value) if isinstance(value, list) else _PLAIN


def answer_too_large(limits: Limits) -> AnswerTooLarge:
    """The error of a run stopped by the budget; raised at the statement that would pass it."""
    return AnswerTooLarge(
        f"the answer would pass max_answer_bytes={limits.max_answer_bytes:,} bytes: the run stopped here and keeps "
        "the steps before (fewer tensor variables, fewer loop passes or less printing make it fit)"
    )


class AnswerBudget:
    """What a run has added to its answer so far, in bytes (upper estimates), against its share of the budget."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.share = int(limits.max_answer_bytes * RUN_SHARE)
        self.spent = 0
        self._source_sizes: dict[str, int] = {}  # a statement in a loop is sent again at every pass
        self._series_names: set[str] = set()

    @property
    def exhausted(self) -> bool:
        return self.spent >= self.share

    def count(self, size: int) -> None:
        """Count `size` bytes; the next check stops the run if they pass its share."""
        self.spent += size

    def check(self) -> None:
        """Raise AnswerTooLarge if the run has passed its share."""
        if self.spent > self.share:
            raise answer_too_large(self.limits)

    def spend_output(self, text: str) -> None:
        """Count printed text once, for the run's whole output (each step's copy is counted with its step)."""
        self.count(text_size(text))
        self.check()

    def spend_view(self, view: TensorView) -> None:
        """Count one change of a tensor's state, as the graph's `changes` will send it (checked with its step)."""
        # Summaries are numbers and words (snapshot.value_summary): plain ASCII that JSON needs no escape for.
        texts = (view.value, view.grad, view.grad_flow)
        self.count(_CHANGE_KEYS + sum(len(text) + 2 for text in texts if text is not None))

    def spend_series(self, row: dict[str, Any]) -> None:
        """Count one loop pass's numbers in the answer's series ({name: [value per pass]}): a value, or a null, for
        every name any pass had; each name once."""
        for name in row.keys() - self._series_names:
            self._series_names.add(name)
            self.count(name_size(name) + 3)
        self.count(_PLAIN * len(self._series_names))
        self.check()

    def spend_step(self, step: Step, snapshot_size: dict[int, int]) -> None:
        """Count one step's record, whose snapshots' sizes `snapshot_size` gives by id(), and check the total:
        a step that would pass the share is not kept, and the run ends at its statement."""
        source = self._source_sizes.get(step.source)
        if source is None:
            source = self._source_sizes[step.source] = text_size(step.source)
        size = _STEP_KEYS + source + len(step.kind) + 2 + (text_size(step.output) if step.output else 2)
        size += _scope_size(step.variables, step.values, snapshot_size)
        if step.frame is not None:  # a step inside a function call: the function's own variables
            frame = step.frame
            size += _FRAME_KEYS + text_size(str(frame["function"]))
            size += _scope_size(frame["variables"], frame["values"], snapshot_size)
        self.count(size)
        try:
            self.check()
        except AnswerTooLarge as e:
            raise e.at(step.line, step.col) from None


def _scope_size(variables: dict[str, Any], values: dict[str, Any], snapshot_size: dict[int, int]) -> int:
    size = 0
    for name, snap in variables.items():
        size += name_size(name) + 1 + snapshot_size[id(snap)]
    for name, value in values.items():
        size += name_size(name) + 1 + plain_size(value)
    return size
