"""The worker's JSON: each snapshot serialised once gives the bytes of the whole body serialised as it is."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from app import pipeline
from app.engine import Limits, RunOptions, run_program
from app.engine.graph import build_graph
from app.run_request import RunRequest

LIMITS = Limits(wall_time_s=60.0)  # compared, not timed (see tests/engine/differential.py's CORPUS_LIMITS)
PROGRAMS = sorted((Path(__file__).parent / "programs").glob("[0-9]*_*.py"), key=lambda p: int(p.name.split("_")[0]))
SAMPLE = PROGRAMS[::6]  # every sixth program of the corpus: loops, functions, modules, optimizers, errors


def _body(source: str) -> dict[str, object]:
    program = pipeline.check(RunRequest(source=source), source, LIMITS)
    result = run_program(program, RunOptions(seed=3), LIMITS)
    body = result.to_dict()
    body["graph"] = build_graph(result).to_dict()
    return body


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.name)
def test_each_snapshot_once_gives_the_same_bytes(path: Path) -> None:
    body = _body(path.read_text())
    assert pipeline.dumps_run(body) == pipeline.dumps(body) == orjson.dumps(body)


def test_an_answer_orjson_refuses_is_written_whole_by_the_standard_library() -> None:
    """A lone surrogate in the output: orjson refuses the body, the standard library writes it all as ASCII."""
    body = _body('x = torch.ones(2)\nprint("\\ud800")\ny = x * 2\n')
    written = pipeline.dumps_run(body)
    assert written == pipeline.dumps(body) and b"\\ud800" in written
    assert json.loads(written)["steps"][2]["variables"]["x"]["value"] == [1.0, 1.0]


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.name)
def test_the_same_request_gives_the_same_bytes(path: Path) -> None:
    """An answer is a pure function of its request, so its ETag names it and any cache may keep it: every corpus
    program, with the tensors backward saved shown (a backend's scratch space among them), twice."""
    source = path.read_text()
    request = RunRequest(source=source, seed=7, show_saved=True)
    first, second = (pipeline.answer(pipeline.Job(request, source, LIMITS, 600, 2_000)) for _ in range(2))
    assert (first.body, first.error, first.tag) == (second.body, second.error, second.tag)
