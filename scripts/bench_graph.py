"""Benchmark: graph build + DOT + in-process layout, end to end, for deep chains and wide fan-in graphs.

"first s" is a graph's first drawing (layout included); "kept s" draws it again with its layout kept, as for
a new seed of the same program.

Also times torchviz.make_dot + Digraph.pipe(format="svg") on the notebook's first cell when a system `dot`
exists. Run from the repository root: `python scripts/bench_graph.py`.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.engine.graph import build_graph  # noqa: E402
from app.engine.result import Binding, RunResult  # noqa: E402
from app.render import clear_layouts, render  # noqa: E402

SIZES = (10, 100, 1_000, 5_000)


def deep_chain(n: int) -> RunResult:
    """x -> n multiplications in a row -> y."""
    x = torch.ones(3, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * 1.01
    return RunResult(source="", bindings=[Binding(0, 1, "x", x), Binding(1, 2, "y", y)])


def wide_fan_in(n: int) -> RunResult:
    """n leaves, each doubled (n ops), all stacked into one sum."""
    leaves = [torch.ones(1, requires_grad=True) for _ in range(n)]
    total = torch.stack([w * 2 for w in leaves]).sum()
    return RunResult(source="", bindings=[Binding(0, 1, "total", total)])


def shared_input(n: int) -> RunResult:
    """x used at every step of a loop (`s = s + x * i`, n // 2 times): long arrows from one tensor."""
    x = torch.ones(2, requires_grad=True)
    s = x * 0
    bindings = [Binding(0, 1, "x", x), Binding(1, 2, "s", s)]
    for i in range(n // 2):
        s = s + x * i
        bindings.append(Binding(i + 2, 4, "s", s))
    return RunResult(source="", bindings=bindings)


def notebook_cell() -> tuple[RunResult, torch.Tensor]:
    """The notebook's first cell (In [3]): x -> a -> b -> c -> d, then backward."""
    x = torch.rand((2, 3, 4), requires_grad=True)
    a = x + 2
    b = a * 2
    c = b**2
    d = c.mean()
    names = ("x", "a", "b", "c", "d")
    bindings = [Binding(i, i + 1, name, t) for i, (name, t) in enumerate(zip(names, (x, a, b, c, d), strict=True))]
    return RunResult(source="", bindings=bindings), d


def median_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def end_to_end(result: RunResult) -> bytes:
    clear_layouts()
    return render(build_graph(result), "svg")


def kept_layout(result: RunResult) -> bytes:
    return render(build_graph(result), "svg")


def main() -> None:
    render(build_graph(notebook_cell()[0]), "svg")  # warm up Graphviz's plugins and fonts
    print(f"{'graph':<13} {'ops':>6} {'nodes':>6} {'first s':>9} {'kept s':>9} {'SVG KiB':>8}")
    for kind, make in (("deep chain", deep_chain), ("wide fan-in", wide_fan_in), ("shared input", shared_input)):
        for n in SIZES:
            result = make(n)
            nodes = len(build_graph(result).nodes)
            seconds = median_time(partial(end_to_end, result), 5 if n <= 1_000 else 3)
            size = len(end_to_end(result)) / 1024
            kept = median_time(partial(kept_layout, result), 5 if n <= 1_000 else 3)
            print(f"{kind:<13} {n:>6,} {nodes:>6,} {seconds:>9.3f} {kept:>9.3f} {size:>8.1f}")

    result, d = notebook_cell()
    ours = median_time(lambda: end_to_end(result), 20)
    print(f"\nnotebook first cell, ours (build + DOT + in-process layout): median {ours * 1000:.1f} ms")
    kept = median_time(lambda: kept_layout(result), 20)
    print(f"notebook first cell, ours with its layout kept (a new seed):   median {kept * 1000:.1f} ms")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # torchviz 0.0.3 imports distutils
        from torchviz import make_dot
    if shutil.which("dot") is None:
        # Not laid out in-process instead: torchviz's labels start with an empty line ("\n (2, 3, 4)"),
        # which crashes the Graphviz 14 bundled with pygraphviz.
        print("torchviz make_dot + Digraph.pipe(format='svg'): skipped, no system `dot` binary on PATH")
        alone = median_time(lambda: make_dot(d).source, 20)
        print(f"torchviz make_dot alone (DOT source, no layout): median {alone * 1000:.1f} ms")
    else:
        theirs = median_time(lambda: make_dot(d).pipe(format="svg"), 20)
        print(f"torchviz make_dot + Digraph.pipe(format='svg'), spawning dot: median {theirs * 1000:.1f} ms")


if __name__ == "__main__":
    main()
