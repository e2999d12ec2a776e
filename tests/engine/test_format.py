"""str.format as the engine works it out against Python's own, text and errors alike; and its one spec check."""

from __future__ import annotations

from typing import Any

import pytest

from app.engine import Limits
from app.engine.errors import ProgramRuntimeError, RunLimitExceeded
from app.engine.pycalls import format_
from app.engine.state import RunState

SAME_AS_PYTHON: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("{:.4f} {:>8} {!r:>6}|", (1 / 3, "ab", "x"), {}),
    ("{:{w}.{p}f}|{:{}}|{{literal}}", (2.5, "q", 5), {"w": 8, "p": 2}),
    ("{name!s:>{width}} = {value:+.{digits}f}", (), {"name": "w0", "value": -0.5, "width": 6, "digits": 3}),
    ("{0}/{1} {0:>{1}} {:%}", (2, 5), {}),  # manual then automatic numbering: Python's ValueError
    ("{} {}", (1,), {}),  # a missing index: Python's IndexError, in its words
    ("{missing}", (), {}),
    ("{:{:{}}}", (1, 2, 3), {}),  # nested too deeply
    ("{!x}", (1,), {}),
    ("{:q}", (1,), {}),
]


@pytest.mark.parametrize(("template", "args", "kwargs"), SAME_AS_PYTHON)
def test_str_format_gives_what_python_gives(template: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        expected: Any = template.format(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - the error itself is what is compared
        expected = (type(e), str(e))
    try:
        got: Any = format_(RunState(Limits(), zero_grad=False), template, *args, **kwargs)
    except Exception as e:  # noqa: BLE001
        got = (type(e), str(e))
    assert got == expected


@pytest.mark.parametrize(
    ("template", "args", "kwargs", "said"),
    [
        ("{:>999999999}", (1,), {}, "format width or precision 999999999 is over 1000"),
        ("{:>{w}}", (1,), {"w": 10**9}, "format width or precision 1000000000 is over 1000"),
        ("{!r:.5000}", ("a",), {}, "format width or precision 5000 is over 1000"),
        ("{0}" * 20, ("x" * 10_000,), {}, "str.format() would make more than max_output_chars=100,000 characters"),
    ],
)
def test_str_format_refuses_before_the_text_is_made(
    template: str, args: tuple[Any, ...], kwargs: dict[str, Any], said: str
) -> None:
    with pytest.raises(RunLimitExceeded) as refused:
        format_(RunState(Limits(), zero_grad=False), template, *args, **kwargs)
    assert refused.value.message == said


def test_str_format_fields_reaching_into_objects_are_refused_nested_too() -> None:
    with pytest.raises(ProgramRuntimeError, match="attribute and index access"):
        format_(RunState(Limits(), zero_grad=False), "{:{w.real}}", 1, w=3)
