"""Benchmark: the interpreter's time per executed statement against plain CPython on the same programs.

    python scripts/bench_interpreter.py [--repeats 5]

Prints, from one run on this machine (best of `repeats`, engine warmed up first):
  - a loop of plain Python arithmetic (no torch), and a 3,000-iteration linear-regression training loop
    (tests/programs/160_linear_regression_3000_iterations.py), each run by the engine (run only: parse and
    check excluded, snapshots of the recorded steps included) and by CPython (`exec` of the same source, the
    reference the differential tests use);
  - statements executed, time per statement in each, and the ratio;
  - for the training loop, the engine's whole answer to it: parse and check, run, and the autograd graph.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLAIN = """total = 0.0
count = 0
for i in range(5000):
    x = i * 0.5
    total = total + x * x
    count += 1
print(total, count)
"""
TRAINING = (ROOT / "tests" / "programs" / "160_linear_regression_3000_iterations.py").read_text()


def best(seconds: list[float]) -> float:
    return min(seconds)


def time_engine(source: str, repeats: int) -> tuple[float, int]:
    from app.engine import Limits, RunOptions, parse_program, run_program

    limits = Limits()
    program = parse_program(source, limits)
    times, executed = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        result = run_program(program, RunOptions(seed=0), limits)
        times.append(time.perf_counter() - started)
        assert result.error is None, result.error.to_dict()
        executed = result.executed
    return best(times), executed


def time_end_to_end(source: str, repeats: int) -> float:
    """parse_program + run_program + build_graph: what the engine does for one answer, drawing excluded."""
    from app.engine import Limits, RunOptions, parse_program, run_program
    from app.engine.graph import build_graph

    limits, times = Limits(), []
    for _ in range(repeats):
        started = time.perf_counter()
        build_graph(run_program(parse_program(source, limits), RunOptions(seed=0), limits))
        times.append(time.perf_counter() - started)
    return best(times)


def time_cpython(source: str, repeats: int) -> float:
    import torch

    code = compile(source, "program", "exec")
    times = []
    for _ in range(repeats):
        torch.manual_seed(0)
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, {"__name__": "__main__", "torch": torch})  # the reference: our own corpus program
        times.append(time.perf_counter() - started)
    return best(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    import torch

    from app.engine.warmup import warm_up

    torch.set_num_threads(1)  # as in a worker
    warm_up()
    print(f"best of {args.repeats} runs, one thread")
    for name, source in (("plain Python loop", PLAIN), ("3,000-iteration training loop", TRAINING)):
        engine_s, executed = time_engine(source, args.repeats)
        python_s = time_cpython(source, args.repeats)
        print(f"  {name}: {executed:,} statements executed")
        print(f"    engine   {engine_s * 1000:9.1f} ms   {engine_s / executed * 1e6:7.1f} us per statement")
        print(f"    CPython  {python_s * 1000:9.1f} ms   {python_s / executed * 1e6:7.1f} us per statement")
        overhead = (engine_s - python_s) / executed * 1e6
        print(f"    ratio    {engine_s / python_s:9.1f}x   overhead {overhead:.1f} us per statement")
    whole = time_end_to_end(TRAINING, args.repeats)
    print(f"  training loop end to end (parse, run, graph): {whole * 1000:.1f} ms")


if __name__ == "__main__":
    main()
