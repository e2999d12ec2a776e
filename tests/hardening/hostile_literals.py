"""Hostile programs built from literals, for test_hostile_engine.py: `*` spread into lists, tuples, sets, dicts
and calls, and str.format's fields; each is refused by the checker or stopped by the engine's own bounds with a
clear error."""

from __future__ import annotations

from typing import Any

ENDLESS = """from torch.utils.data import Dataset
class Endless(Dataset):
    def __getitem__(self, i):
        return i
"""
NINES = "9" * 5000  # more digits than int() reads from text


def cases(case: Any) -> list[Any]:
    """The cases, made with test_hostile_engine's Case."""
    return [
        case("starred-range-of-a-trillion", "xs = [*range(10**12)]\n", message="max_loop_iterations", line=1),
        case(
            "starred-rows-of-a-big-tensor",
            "x = torch.zeros(10**6)\nxs = [*x]\n",
            message="unpacking with * over 1000000 items is over max_loop_iterations",
            line=2,
        ),
        case(  # each item read is a step of __getitem__: an answer as large as a loop's
            "starred-endless-dataset",
            ENDLESS + "xs = [*Endless()]\n",
            message="unpacking with * over a Dataset read more than max_loop_iterations",
            line=5,
            max_bytes=2_000_000,
        ),
        case(
            "starred-endless-dataset-into-a-set",
            ENDLESS + "xs = {*Endless()}\n",
            message="unpacking with * over a Dataset",
            line=5,
            max_bytes=2_000_000,
        ),
        case(
            "starred-doubling",
            "xs = [0]\nfor i in range(40):\n    xs = [*xs, *xs]\n",
            message="a list of 16,384 items is over max_loop_iterations",
            line=3,
        ),
        case(
            "starred-many-times-in-a-tuple",
            "xs = list(range(10000))\nt = (*xs, *xs, *xs, *xs)\n",
            message="a tuple of 20,000 items",
            line=2,
        ),
        case(
            "starred-call-arguments",
            "xs = list(range(10000))\nprint(*xs, *xs)\n",
            message="the arguments of a call of 20,000 items",
            line=2,
        ),
        case(
            "double-starred-dicts",
            "a = {i: i for i in range(10000)}\nb = {-i - 1: 0 for i in range(10000)}\nc = {**a, **b}\n",
            message="a dict of 20,000 items",
            line=3,
        ),
        case("starred-assigned-alone", "a = [1]\nx = *a\n", code="syntax_error", status=400, line=2),
        case("starred-target-alone", "*rest = [1, 2]\n", code="syntax_error", status=400, line=1),
        case(
            "format-method-huge-width",
            'x = 1\ns = "{:>999999999}".format(x)\n',
            message="format width or precision 999999999 is over 1000",
            line=2,
        ),
        case(
            "format-method-nested-width",
            'w = 10**9\ns = "{:>{w}}".format(1, w=w)\n',
            message="format width or precision 1000000000 is over 1000",
            line=2,
        ),
        case(
            "format-method-converted-precision",
            's = "{!r:.999999999}".format("loss")\n',
            message="format width or precision 999999999 is over 1000",
            line=1,
        ),
        case(
            "format-method-five-thousand-digits",
            'spec = "{:>" + "' + NINES[:100] + '" * 50 + "}"\ns = spec.format(1)\n',
            message="(5,000 digits) is over 1000",
            line=2,
        ),
        case(
            "fstring-five-thousand-digits",
            'x = 1\ns = f"{x:>' + NINES + '}"\n',
            message="(5,000 digits) is over 1000",
            line=2,
        ),
        case(  # the numbers of the text around a directive are no width; the directive's own is
            "percent-format-huge-width-after-a-percent-sign",
            's = "100%% of 5000: %1500d" % 1\n',
            message="format width or precision 1500 is over 1000",
            line=1,
        ),
        case(
            "format-method-field-repeated",
            's = "x" * 10000\nt = ("{0}" * 20).format(s)\n',
            message="str.format() would make more than max_output_chars",
            line=2,
        ),
    ]
