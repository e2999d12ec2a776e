"""Starred items where Python takes them, and nowhere else: the checker refuses what Python's compiler refuses,
at the same line and column, and accepts what it compiles."""

from __future__ import annotations

import pytest

from app.engine import Limits, parse_program
from app.engine.errors import SyntaxProblem

REFUSED = [
    "a = [1]\nx = *a\n",
    "def f(a):\n    return *a\n",
    "a = [1]\nfor v in *a:\n    pass\n",
    "*rest = [1, 2]\n",
    "for *x in [[1]]:\n    pass\n",
]
ACCEPTED = [
    "a = [1]\nx = [*a, 2]\ny = (*a, 3)\nz = {*a}\n",
    "a = [1]\nx = *a, 3\n",
    "def f(a):\n    return *a, 1\n",
    "a = [1]\nfor v in *a, 2:\n    pass\n",
    "a = (0,)\nt = [[1]]\nx = t[*a]\nt[*a] = 2\n",
    "a = [1]\nprint(*a, f'{*a,}')\n",
    "first, *rest = [1, 2]\n[*xs] = [3]\n",
]


@pytest.mark.parametrize("source", REFUSED)
def test_a_starred_item_python_refuses_to_compile_is_a_syntax_error_where_python_says(source: str) -> None:
    with pytest.raises(SyntaxError) as python:
        compile(source, "<program>", "exec")
    with pytest.raises(SyntaxProblem) as engine:
        parse_program(source, Limits())
    assert engine.value.message == f"syntax error: {python.value.msg}"
    assert (engine.value.line, engine.value.col) == (python.value.lineno, (python.value.offset or 1) - 1)


@pytest.mark.parametrize("source", ACCEPTED)
def test_a_starred_item_python_compiles_is_accepted(source: str) -> None:
    compile(source, "<program>", "exec")
    parse_program(source, Limits())
