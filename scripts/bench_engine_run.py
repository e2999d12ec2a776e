"""Benchmark: the engine's run (app.engine.run_program) alone, on three programs, optionally against another tree.

    python scripts/bench_engine_run.py [--rounds 5] [--runs 200] [--baseline /path/to/other/checkout]

Each program's figure is the median wall-clock time of a run, and beside it (CPU) the median CPU time of the
thread that ran it, which a machine busy with other work disturbs far less.

Programs: the notebook cell (the "gradient" example), the 1,000-op loop of bench_page.py, and the 3,000-iteration
training loop of bench_interpreter.py. Each is parsed once, then run warm in one torch thread with a new seed each
run; a round prints the median time of a run. With --baseline, rounds alternate between this tree and the other
(each in its own interpreter, with PYTHONPATH set to its tree), so both see the same noise from a busy machine;
the summary gives the median of the rounds' medians and the ratio this tree / baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(runs: int) -> dict[str, float]:
    """Median milliseconds of one run of each program, in the tree this interpreter imports `app` from."""
    import time

    import torch

    torch.set_num_threads(1)
    from app import examples
    from app.engine import Limits, RunOptions, parse_program, run_program

    thousand = "x = torch.rand(3, requires_grad=True)\ny = x\nfor i in range(1000):\n    y = y * 1.001\nz = y.sum()\n"
    training = (ROOT / "tests" / "programs" / "160_linear_regression_3000_iterations.py").read_text()
    programs = {
        "notebook cell": ("import torch\n" + examples.example_by_id("gradient")["source"], runs),
        "1,000-op loop": ("import torch\n" + thousand, max(runs // 10, 3)),
        "3,000-iteration loop": (training, max(runs // 50, 3)),
    }
    limits = Limits()
    out: dict[str, float] = {}
    for name, (source, count) in programs.items():
        program = parse_program(source, limits)
        for seed in range(3):  # warm: torch's first calls, the catalogue's caches
            run_program(program, RunOptions(seed=seed), limits)
        times, cpu = [], []
        for seed in range(count):
            started, started_cpu = time.perf_counter(), time.thread_time()
            result = run_program(program, RunOptions(seed=seed + 100), limits)
            cpu.append(time.thread_time() - started_cpu)
            times.append(time.perf_counter() - started)
            assert result.error is None, result.error.to_dict()
        out[name] = statistics.median(times) * 1000
        out[f"{name} (CPU)"] = statistics.median(cpu) * 1000
    return out


def measure_in(tree: Path, runs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1"}
    script = Path(__file__).resolve()
    done = subprocess.run(
        [sys.executable, str(script), "--measure", "--runs", str(runs)],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200, help="runs of the notebook cell per round")
    parser.add_argument("--baseline", type=Path, help="another checkout of the project to compare against")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.runs)))
        return 0
    trees = {"this tree": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    rounds: dict[str, list[dict[str, float]]] = {label: [] for label in trees}
    for n in range(args.rounds):
        for label, tree in trees.items():
            figures = measure_in(tree, args.runs)
            rounds[label].append(figures)
            shown = ", ".join(f"{name} {ms:.2f} ms" for name, ms in figures.items())
            print(f"round {n + 1}, {label}: {shown}", flush=True)
    print()
    names = list(rounds["this tree"][0])
    for name in names:
        medians = {label: statistics.median(r[name] for r in rounds[label]) for label in trees}
        line = f"{name}: " + ", ".join(f"{label} {ms:.2f} ms" for label, ms in medians.items())
        if args.baseline:
            line += f"  (ratio {medians['this tree'] / medians['baseline']:.2f})"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
