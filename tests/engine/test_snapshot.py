"""Snapshots and one-line summaries: the quick Python paths agree with torch's own reductions."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.snapshot import SMALL, value_summary, values

SPECIAL = [0.0, -0.0, 1.0, -1.5, 1e-30, 3e38, -3e38, math.inf, -math.inf, math.nan]
DTYPES = [torch.float32, torch.float64, torch.int64, torch.int32, torch.uint8]


def by_torch(t: torch.Tensor) -> tuple[float, float, float]:
    s = t.double()
    return s.mean().item(), s.min().item() + 0.0, s.max().item() + 0.0  # which zero a reduction keeps varies


def numbers(summary: str) -> list[float]:
    return [float(part.split()[-1]) for part in summary.split(", ")]


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b or math.isclose(a, b, rel_tol=2e-3)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.floats(width=32), st.sampled_from(SPECIAL)), min_size=5, max_size=SMALL + 40),
    st.sampled_from(DTYPES),
)
def test_summary_matches_torch_reductions(data: list[float], dtype: torch.dtype) -> None:
    if not dtype.is_floating_point:
        data = [v for v in data if math.isfinite(v)] or [0.0]
        info = torch.iinfo(dtype)
        data = [float(min(max(int(v), info.min), info.max)) for v in data] + [1.0] * 5
    t = torch.tensor(data, dtype=dtype)
    summary = value_summary(t)
    assert summary is not None and summary.startswith("mean ")
    # .4g of the same double: min and max are exact; a mean may differ in its last bits from torch's order.
    mean, low, high = by_torch(t)
    if all(math.isfinite(v) for v in t.double().tolist()):  # torch's double sum can cancel 3e38 - 3e38 badly
        mean = math.fsum(t.double().tolist()) / t.numel()
    shown = numbers(summary)
    assert summary.split(", ")[1:] == [f"min {format(low, '.4g')}", f"max {format(high, '.4g')}"]
    assert same(shown[0], float(format(mean, ".4g")))


@pytest.mark.parametrize(
    "t",
    [
        torch.tensor([1.0, math.nan, 3.0, 4.0, 5.0]),
        torch.tensor([math.inf, -math.inf] * 3),
        torch.arange(10),
        torch.rand(2, 3, 4),
        torch.rand(SMALL + 1),
    ],
)
def test_non_finite_and_edge_summaries(t: torch.Tensor) -> None:
    mean, low, high = by_torch(t)
    assert value_summary(t) == f"mean {format(mean, '.4g')}, min {format(low, '.4g')}, max {format(high, '.4g')}"


def test_bool_and_tiny_tensors() -> None:
    assert value_summary(torch.tensor([True, False, True, True, True])) == "4 of 5 true"
    assert value_summary(torch.tensor([1.0, 2.5])) == "[1, 2.5]" and value_summary(torch.tensor(3.0)) == "3"
    assert value_summary(torch.zeros(0)) == "empty"


@pytest.mark.parametrize("n", [1, 24, SMALL, SMALL + 1])
def test_values_encode_non_finite_numbers_on_both_paths(n: int) -> None:
    t = torch.rand(n)
    assert values(t) == t.tolist()
    t[n // 2] = math.nan
    t[0] = -math.inf
    encoded = values(t.reshape(1, n))[0]
    assert encoded[0] == "-Infinity" and encoded[n // 2] in ("NaN", "-Infinity")
    assert all(isinstance(v, float) for i, v in enumerate(encoded) if i not in (0, n // 2))
