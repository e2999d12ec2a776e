"""The layout is bounded by the graph's budgets: 150 stacks of the same 150 leaves (22,500 arrows, most of a minute
to lay out unbounded) render in a few seconds with the settings' arrow budget, and the answer says what was folded."""

from __future__ import annotations

import time

import orjson

from app import pipeline
from app.render import clear_layouts
from app.run_request import RunRequest
from app.settings import Settings

LEAVES = [f"x{i}" for i in range(150)]
STACKS = "".join(f"{v} = torch.rand(1, requires_grad=True)\n" for v in LEAVES) + (
    f"for j in range(150):\n    s = torch.stack([{', '.join(LEAVES)}])\n"
)
SECONDS = 8.0  # a bound far above the layout's time on a busy machine, far below the unbounded one's


def test_the_stacks_program_is_laid_out_within_seconds_with_a_note() -> None:
    settings = Settings()
    clear_layouts()
    job = pipeline.Job(
        RunRequest(source=STACKS), STACKS, settings.limits(), settings.graph_max_nodes, settings.graph_max_edges
    )
    start = time.monotonic()
    reply = pipeline.answer(job)
    elapsed = time.monotonic() - start
    assert reply.error is None and elapsed < SECONDS
    body = orjson.loads(reply.body)
    assert body["svg"].startswith("<svg") and "137 more nodes not drawn" in body["svg"]
    assert len(body["graph"]["edges"]) <= settings.graph_max_edges + 2 * len(body["graph"]["nodes"])
    assert any(note.startswith("The graph has more than 2,000 arrows") for note in body["graph"]["notes"])
