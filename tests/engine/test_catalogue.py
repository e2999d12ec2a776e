"""Every catalogue entry's example, run in real torch and in the engine: same printed value, same gradients.

Each example becomes a small program over two random leaves `x` and `y` (2 x 3). A first reference run tells
what the example returns; the compared program then prints it when Python can print it without a memory address,
and back-propagates `out.sum()` when it is differentiable, so gradients of x, y (and out) are compared too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from differential import Reference, assert_same_as_python, run_reference

from app.engine import RunOptions
from app.engine.catalogue import TABLE, Entry

PREAMBLE = (
    "import torch\n"
    "import torch.nn.functional as F\n"
    "\n"
    "x = torch.rand(2, 3, requires_grad=True)\n"
    "y = torch.rand(2, 3, requires_grad=True)\n"
)
# Examples that need more than two fresh leaves, keyed by "where.name".
SETUP = {
    "node.name": "x = x * 2\n",  # a leaf has no grad_fn
    "optimizer.step": "opt = torch.optim.SGD([x, y], lr=0.1)\n(x * y).sum().backward()\n",
    "optimizer.zero_grad": "opt = torch.optim.SGD([x, y], lr=0.1)\n(x * y).sum().backward()\n",
    "tensor.grad": "(x * y).sum().backward()\n",
}
# Results whose repr is plain text; others (optimizers, generators) print a memory address.
PRINTABLE = {"Tensor", "bool", "int", "float", "list", "tuple", "NoneType", "Size", "dtype", "str"}
ENTRIES = [e for e in TABLE if e.example]


def entry_id(entry: Entry) -> str:
    return f"{entry.where[0]}.{entry.name}"


def example_program(entry: Entry, kind: str | None = None, differentiable: bool = False) -> str:
    """The example bound to `out`; once its result kind is known, printed and back-propagated."""
    source = PREAMBLE + SETUP.get(entry_id(entry), "") + f"out = {entry.example}\n"
    if kind in PRINTABLE:
        source += "print(out)\n"
    if differentiable:
        source += "out.sum().backward()\n"
    return source


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Reference]]:
    """For each entry id: the compared program and its real-torch run."""
    folder = tmp_path_factory.mktemp("catalogue")

    def write(entry: Entry, source: str) -> Path:
        path = folder / f"{entry_id(entry)}.py"
        path.write_text(source)
        return path

    first = run_reference([(write(e, example_program(e)), 0) for e in ENTRIES])
    final: dict[str, str] = {}
    for entry in ENTRIES:
        probe = first[(f"{entry_id(entry)}.py", 0)]
        assert probe["error"] is None, f"{entry.example!r} fails in real torch: {probe['error']}"
        out = probe["tensors"].get("out")
        kind = probe["kinds"]["out"]
        differentiable = out is not None and out["requires_grad"]
        final[entry_id(entry)] = example_program(entry, kind, differentiable)
    second = run_reference([(write(e, final[entry_id(e)]), 0) for e in ENTRIES])
    return {key: (source, second[(f"{key}.py", 0)]) for key, source in final.items()}


def test_ids_are_unique() -> None:
    ids = [entry_id(e) for e in ENTRIES]
    assert len(ids) == len(set(ids))
    assert len(ids) > 50


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_example_matches_torch(entry: Entry, programs: dict[str, tuple[str, Reference]]) -> None:
    source, expected = programs[entry_id(entry)]
    assert expected["error"] is None
    assert_same_as_python(source, RunOptions(seed=0), expected, entry_id(entry))
