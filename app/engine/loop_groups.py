"""A loop's passes as one group of the graph: the nodes made by the lines of a loop that ran many times share a
group ("lines 4–6 × 1,000 iterations"), drawn as one box as a module's nodes are, and collapsible the same way.
Imports the standard library only.
"""

from __future__ import annotations

import ast
import functools
import re
from collections import Counter
from dataclasses import dataclass

MIN_NODES = 20  # a loop's nodes below this stay as they are: a short loop reads well unboxed
PREFIX = "loop"  # a group's path: "loop3" for the loop whose header is line 3
# In a list of groups to collapse, every loop's group (the page starts with its loops collapsed).
EVERY_LOOP = "loop*"
_TITLE = re.compile(r"lines? \d+(–\d+)? × [\d,]+ iterations?")


def is_loop(path: str, title: str) -> bool:
    """Whether a graph group is a loop's (a module's path may also read "loop3", never its title)."""
    return path.startswith(PREFIX) and path[len(PREFIX) :].isdigit() and _TITLE.fullmatch(title) is not None


@dataclass(frozen=True)
class Loop:
    """An outermost loop of the program: its header line and the lines of its body."""

    line: int
    first: int
    last: int
    inner: tuple[tuple[int, int], ...] = ()  # the loops nested in it: their lines run more often than its passes

    @property
    def path(self) -> str:
        return f"{PREFIX}{self.line}"

    def holds(self, line: int | None) -> bool:
        return line is not None and self.first <= line <= self.last

    def title(self, passes: int) -> str:
        lines = f"line {self.first}" if self.first == self.last else f"lines {self.first}–{self.last}"
        return f"{lines} × {passes:,} iteration{'s' if passes != 1 else ''}"


# A program is graphed again for every seed and option: its loops are read from its source once per process.
@functools.lru_cache(maxsize=32)
def outer_loops(source: str) -> tuple[Loop, ...]:
    """The program's outermost for and while loops (a loop in a function's body counts from the function)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return ()
    loops: list[Loop] = []

    def visit(body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.For | ast.While) and stmt.body:
                inner = tuple(
                    (n.lineno, n.end_lineno or n.lineno)
                    for n in ast.walk(stmt)
                    if isinstance(n, ast.For | ast.While) and n is not stmt
                )
                last = stmt.end_lineno or stmt.body[-1].lineno
                loops.append(Loop(stmt.lineno, stmt.body[0].lineno, last, inner))
            elif isinstance(stmt, ast.If | ast.With | ast.Try):
                visit([s for part in ("body", "orelse", "finalbody") for s in getattr(stmt, part, [])])

    visit(tree.body)
    return tuple(loops)


def passes(loop: Loop, bound_lines: Counter[int]) -> int:
    """How many passes the loop ran, from the lines of its tensor bindings (line -> how many): the most bindings
    one line made."""
    return max(
        (n for line, n in bound_lines.items() if loop.holds(line) and not any(a <= line <= b for a, b in loop.inner)),
        default=0,
    )


def loop_groups(source: str, bound_lines: Counter[int], node_lines: Counter[int | None], taken: set[str]) -> list[Loop]:
    """The loops that ran more than once and made at least MIN_NODES of the nodes, whose path no module has.
    `bound_lines` and `node_lines` count the bindings and the nodes each line made."""
    found = []
    for loop in outer_loops(source):
        if loop.path in taken or passes(loop, bound_lines) < 2:
            continue
        if sum(n for line, n in node_lines.items() if loop.holds(line)) >= MIN_NODES:
            found.append(loop)
    return found
