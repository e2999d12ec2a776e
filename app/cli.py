"""The command line: `autograd-explorer run prog.py` answers a program exactly as the API does — the same
Service, settings (AGX_* variables) and pipeline, the job run in this process — and `autograd-explorer serve`
starts the server.

Imports the service, the settings and the plain request; the web app and uvicorn only when asked to serve.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson

from app.errors import AppError
from app.run_request import SEED_MAX, BackwardPasses, Format, RunRequest
from app.service import InlineRunner, Service
from app.settings import Settings, get_settings

GRAPH_FILES: tuple[Format, ...] = ("svg", "png", "dot", "json")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autograd-explorer", description="Run PyTorch autograd programs step by step and draw their graph."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run",
        help="run a program: print its output, and write its graph",
        description="Runs the program as POST /api/v1/run does and prints what it printed. On a refused or "
        "failed program, prints code, line and column to stderr and exits with 1.",
    )
    run.add_argument("program", type=Path, help="the program's file ('-': standard input)")
    run.add_argument("--seed", type=int, default=0, help="torch.manual_seed for the run (default 0)")
    run.add_argument("--step", type=int, help="draw the graph as after step K (1 is the first; default: the last)")
    for fmt in GRAPH_FILES:
        what = "the run as data, as /api/v1/graph.json gives it" if fmt == "json" else f"the graph as {fmt.upper()}"
        run.add_argument(f"--{fmt}", type=Path, metavar=f"OUT.{fmt.upper()}", help=f"write {what}")
    run.add_argument("--zero-grad", action="store_true", help="zero every leaf's .grad before each backward")
    run.add_argument("--backward", metavar="TARGET", help="run TARGET.backward() again after the program")
    run.add_argument("--times", type=int, default=1, help="how many extra backward passes (default 1)")
    run.add_argument("--gradient", help="the gradient expression for a non-scalar TARGET")
    run.add_argument("--show-saved", action="store_true", help="draw the tensors saved for backward")
    serve = commands.add_parser("serve", help="serve the page and the API")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    return parser


def _request(args: argparse.Namespace, source: str) -> RunRequest:
    passes = BackwardPasses(args.backward, args.gradient, args.times) if args.backward else None
    return RunRequest(
        source=source,
        seed=args.seed,
        zero_grad=args.zero_grad,
        backward=passes,
        show_saved=args.show_saved,
    )


def _where(name: str, error: dict[str, Any]) -> str:
    """`prog.py:4:1: runtime_error: message`, as compilers write it (the column 1-based, as editors count)."""
    place = name
    if error.get("line"):
        place += f":{error['line']}"
        if error.get("col") is not None:
            place += f":{error['col'] + 1}"
    return f"{place}: {error['code']}: {error['message']}"


async def _run(args: argparse.Namespace, settings: Settings) -> int:
    name = "<stdin>" if str(args.program) == "-" else str(args.program)
    source = sys.stdin.read() if name == "<stdin>" else args.program.read_text(encoding="utf-8")
    service = Service(settings, InlineRunner())
    request = _request(args, source)
    try:
        answer = await service.answer(request)
    except AppError as e:
        print(_where(name, e.to_dict()), file=sys.stderr)
        return 1
    if answer.error is not None:  # refused before it ran: nothing was printed
        print(_where(name, answer.error), file=sys.stderr)
        return 1
    run = orjson.loads(answer.body)
    sys.stdout.write(run.get("output") or "")
    sys.stdout.flush()
    failed = 0
    step = args.step - 1 if args.step is not None else None
    for fmt in GRAPH_FILES:
        path = getattr(args, fmt)
        if path is None:
            continue
        try:
            drawn = await service.answer(replace(request, format=fmt, step=step))
        except AppError as e:
            drawn_error: dict[str, Any] | None = e.to_dict()
        else:
            drawn_error = drawn.error
        if drawn_error is not None:
            print(_where(name, drawn_error), file=sys.stderr)
            failed = 1
            continue
        path.write_bytes(drawn.body)
    if run.get("error"):
        print(_where(name, run["error"]), file=sys.stderr)
        return 1
    return failed


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.main import create_app

    uvicorn.run(create_app(settings), host=args.host, port=args.port)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.command == "serve":
        return _serve(args, settings)
    if not 0 <= args.seed <= SEED_MAX:
        parser.error(f"--seed must be 0 to {SEED_MAX}")
    if args.step is not None and args.step < 1:
        parser.error("--step counts from 1, the first step")
    return asyncio.run(_run(args, settings))


if __name__ == "__main__":
    sys.exit(main())
