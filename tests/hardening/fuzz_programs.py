"""Hypothesis strategies for programs in the language, shared by the bounded test and the nightly fuzz command."""

from __future__ import annotations

import contextlib
import io
from typing import Any

import torch
from hypothesis import strategies as st

NAMES = ["a", "b", "c", "x", "w"]
SHAPES = ["(2, 3)", "(3,)", "(2, 1)", "3", "(1, 3)", "()"]
UNARY = [
    "exp",
    "sin",
    "cos",
    "tanh",
    "sigmoid",
    "relu",
    "abs",
    "neg",
    "sqrt",
    "log",
    "square",
    "t",
    "sum",
    "mean",
    "max",
    "min",
    "prod",
    "norm",
    "detach",
    "clone",
    "flatten",
    "float",
    "double",
]
BINARY = ["+", "-", "*", "/", "**", "@"]
NUMBERS = st.sampled_from(["2", "0.5", "-1", "3.0", "0", "1e-3", "10"])


@st.composite
def expression(draw: st.DrawFn, depth: int = 0) -> str:
    choice = draw(st.integers(0, 5 if depth < 2 else 2))
    if choice == 0:
        grad = draw(st.sampled_from(["", ", requires_grad=True"]))
        maker = draw(st.sampled_from(["rand", "randn", "ones", "zeros"]))
        return f"torch.{maker}({draw(st.sampled_from(SHAPES))}{grad})"
    if choice == 1:
        return draw(st.sampled_from(NAMES))
    if choice == 2:
        return draw(NUMBERS)
    if choice == 3:
        return f"({draw(expression(depth + 1))} {draw(st.sampled_from(BINARY))} {draw(expression(depth + 1))})"
    if choice == 4:
        return f"({draw(expression(depth + 1))}).{draw(st.sampled_from(UNARY))}()"
    return f"-{draw(expression(depth + 1))}"


@st.composite
def statement(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 7))
    name = draw(st.sampled_from(NAMES))
    if kind <= 3:
        return f"{name} = {draw(expression())}"
    if kind == 4:
        return f"print({draw(expression())})"
    if kind == 5:
        return f"{name}.sum().backward()"
    if kind == 6:
        return f"print({name}.grad)"
    return draw(
        st.sampled_from(
            [
                f"{name}.requires_grad_(False)",
                f"{name} = {name}.detach()",
                f"print({name}.shape, {name}.requires_grad, {name}.is_leaf)",
                f"with torch.no_grad():\n    {name} = {name} * 2",
                f"for i in range(2):\n    {name} = {name} + i",
            ]
        )
    )


programs = st.lists(statement(), min_size=1, max_size=8).map(lambda lines: "\n".join(lines) + "\n")


def run_in_python(source: str, seed: int) -> tuple[str, int | None]:
    """The reference: real Python + torch. Returns (stdout, line of the exception or None)."""
    torch.manual_seed(seed)
    out = io.StringIO()
    namespace: dict[str, Any] = {"torch": torch}
    line = None
    with contextlib.redirect_stdout(out), torch.enable_grad():
        try:
            exec(compile(source, "<fuzz>", "exec"), namespace)  # the test's reference run, on generated code
        except Exception as e:  # noqa: BLE001 - any failure of the reference is data for the comparison
            tb = e.__traceback__
            while tb is not None:
                if tb.tb_frame.f_code.co_filename == "<fuzz>":
                    line = tb.tb_lineno
                tb = tb.tb_next
            line = line or 0
    return out.getvalue(), line
