"""tensor_repr against torch's own repr: generated tensors, known tricky ones, and the fallbacks."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Literal

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.tensor_text import supported, tensor_repr

FLOATS = [torch.float32, torch.float64]
INTS = [torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8]
UNSUPPORTED = [torch.float16, torch.bfloat16, torch.complex64]
BIG = {0: (0, 0), 1: (900, 1100), 2: (28, 34), 3: (9, 11), 4: (5, 6)}  # numel either side of torch's 1000
SPECIAL = [
    math.nan,
    math.inf,
    -math.inf,
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    3.0,
    -7.0,
    1e10,
    -1e10,
    3e38,
    -3e38,
    1e300,
    1e-5,
    1e-40,
    -1e-40,
    1e-320,
    -1e-120,
    1e200,
    1e8,
    1e8 + 8,
    99999999.0,
    100000008.0,
    1e-4,
    0.0001000001,
    0.00009999999,
    1000.0,
    1000.0001,
    999.9999,
    0.001,
    123456789.0,
    2.0**24 + 1,
    1.5e-4,
    12345.678,
]
NEAR = [
    st.floats(9.99e7, 1.001e8),
    st.floats(9.99e-5, 1.001e-4),
    st.floats(999.0, 1001.0),
    st.floats(-1e-3, 1e-3),
]
FLOAT_WIDTHS: dict[torch.dtype, Literal[16, 32, 64]] = {
    torch.float32: 32,
    torch.float64: 64,
    **dict.fromkeys(UNSUPPORTED, 16),
}
# Strategies are built once, here: rebuilding them inside the composite costs hypothesis more than the test itself.
POOLS = {
    dtype: st.lists(
        st.one_of(st.sampled_from(SPECIAL), *NEAR, st.integers(-(10**6), 10**6).map(float), st.floats(width=width)),
        min_size=1,
        max_size=4,
    )
    for dtype, width in FLOAT_WIDTHS.items()
}
POOLS.update(
    {
        dtype: st.lists(
            st.integers(torch.iinfo(dtype).min, torch.iinfo(dtype).max) | st.integers(-3, 3), min_size=1, max_size=4
        )
        for dtype in INTS
    }
)
SMALL_SIDE = st.sampled_from([1, 2, 3, 4, 5, 6, 1, 2, 3, 0])  # empty one side in ten
BIG_SIDES = {ndim: st.integers(low, high) for ndim, (low, high) in BIG.items()}
SCALES = st.sampled_from(SPECIAL[5:])


@st.composite
def tensors(draw: st.DrawFn) -> torch.Tensor:
    """A tensor of 0-4 dims, any supported dtype (and some that are not), ~1 in 10 near the summarising threshold."""
    dtype = draw(st.sampled_from(FLOATS + INTS + [torch.bool] + UNSUPPORTED))
    ndim = draw(st.integers(0, 4))
    side = BIG_SIDES[ndim] if draw(st.integers(0, 9)) == 0 else SMALL_SIDE  # one in ten is near the threshold
    shape = [draw(side) for _ in range(ndim)]
    numel = math.prod(shape)
    g = torch.Generator().manual_seed(draw(st.integers(0, 2**32 - 1)))
    if dtype == torch.bool:
        t = torch.rand(shape, generator=g) < draw(st.floats(0, 1))
    else:
        pool = draw(POOLS[dtype])
        wide = torch.int64 if dtype in INTS else torch.float64
        t = torch.tensor(pool, dtype=wide)[torch.randint(len(pool), (numel,), generator=g)]
        if wide == torch.float64 and draw(st.booleans()):  # many distinct values around a drawn scale
            t = t + torch.randn(numel, generator=g, dtype=torch.float64) * draw(SCALES)
        t = t.to(dtype)
    return t.reshape(shape)


def variants(t: torch.Tensor) -> list[torch.Tensor]:
    """``t``, its transpose, and for float dtypes: a leaf requiring grad and results with a grad_fn.

    Big tensors are slow for torch to print, so they get only ``t`` and one result with a grad_fn.
    """
    out = [t, t.transpose(0, -1)] if t.dim() >= 2 else [t]
    if t.dtype.is_floating_point or t.dtype.is_complex:
        leaf = out[-1].detach().requires_grad_(True)
        out += [leaf, leaf.clone(), (leaf + 0)[..., ::2] if t.dim() else leaf + 0, leaf * 1]
    return out if t.numel() <= 100 else [out[0], out[-1]]


# Generating an example costs more than comparing a tensor, so each example checks up to six tensors.
@pytest.mark.slow
@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tensors())
def test_generated_tensors_print_as_torch_does(t: torch.Tensor) -> None:
    for v in variants(t):
        assert tensor_repr(v) == repr(v)


# The formatter's decisions in isolation: few values, mostly the awkward ones, so rare mixes come up often.
MIXES = st.lists(
    st.sampled_from(SPECIAL)
    | st.sampled_from([1.0, 1000.0, 2.0, 2000.0, -0.0, math.nan])
    | st.integers(-20, 20).map(float),
    min_size=1,
    max_size=5,
)


@settings(max_examples=500, deadline=None)
@given(MIXES, st.sampled_from(FLOATS))
def test_mixes_of_awkward_values_print_as_torch_does(values: list[float], dtype: torch.dtype) -> None:
    t = torch.tensor(values, dtype=dtype)
    assert tensor_repr(t) == repr(t)


class _Twice(torch.autograd.Function):
    @staticmethod
    def forward(ctx: object, x: torch.Tensor) -> torch.Tensor:
        return x * 2

    @staticmethod
    def backward(ctx: object, g: torch.Tensor) -> torch.Tensor:
        return g * 2


def _notebook() -> dict[str, torch.Tensor]:
    """The notebook's first cell, and what a learner prints from it."""
    x = torch.rand((2, 3, 4), requires_grad=True)
    a = x + 2
    b = a * 2
    c = b**2
    d = c.mean()
    d.backward()
    assert x.grad is not None
    return {
        "x": x,
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "x.grad": x.grad,
        "x.detach()": x.detach(),
        "c.sum()": c.sum(),
        "c[0]": c[0],
        "c[:, 1]": c[:, 1],
        "c.max()": c.max(),
    }


def _from_notebook(name: str) -> Callable[[], torch.Tensor]:
    return lambda: _notebook()[name]


def _invalid_grad_fn() -> torch.Tensor:
    x = torch.rand(3, requires_grad=True).clone()
    with torch.no_grad():
        view = x[:2]
        view.mul_(2)
    return view


def _in_place_view() -> torch.Tensor:
    b = torch.rand(3, requires_grad=True) * 1
    b[:2].mul_(2)
    return b


def _quietly(make: Callable[[], torch.Tensor]) -> Callable[[], torch.Tensor]:
    """``make`` with torch's prototype/deprecation UserWarnings silenced: the tensor must still print."""

    def quiet() -> torch.Tensor:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return make()

    return quiet


def _inference() -> torch.Tensor:
    with torch.inference_mode():
        return torch.rand(3) * 2


SUPPORTED: dict[str, Callable[[], torch.Tensor]] = {
    "scalar": lambda: torch.tensor(2.0),
    "scalar-int": lambda: torch.tensor(7),
    "scalar-nan": lambda: torch.tensor(math.nan),
    "scalar-tiny": lambda: torch.tensor(1e-5),
    "arange": lambda: torch.arange(10),
    "int32-ones": lambda: torch.ones(3, dtype=torch.int32),
    "uint8": lambda: torch.tensor([0, 255, 7], dtype=torch.uint8),
    "int8-negative": lambda: torch.tensor([-128, 5], dtype=torch.int8),
    "bool-mask": lambda: torch.arange(6).reshape(2, 3) > 2,
    "bool-scalar": lambda: torch.tensor(True),
    "wide-row-wraps": lambda: torch.rand(2, 30),
    "wide-int-row-wraps": lambda: torch.arange(100) * 1000,
    "wide-sci-row-wraps": lambda: torch.rand(40) * 1e9,
    "wrap-then-suffix": lambda: torch.rand(17, dtype=torch.float64, requires_grad=True) * 1,
    "suffix-just-wraps": lambda: torch.full((6,), 1.5, requires_grad=True) * 1,  # 56 + 2 + 21 + 2 > 80
    "negative-widest": lambda: torch.tensor([-12.5, 3.25]),
    "negative-largest-magnitude": lambda: torch.tensor([-5.0, 0.01]),  # ratio 500 of magnitudes: not scientific
    "1e8": lambda: torch.tensor([1e8, 1e6]),  # not above 1e8, ratio 100: no scientific notation
    "above-1e8": lambda: torch.tensor([100000008.0, 1e6]),
    "1e-4-and-1": lambda: torch.tensor([1e-4, 1.0]),
    "1e-4-exactly": lambda: torch.tensor([1e-4, 0.05], dtype=torch.float64),  # float32 1e-4 is below 1e-4
    "below-1e-4": lambda: torch.tensor([0.0000999, 0.05]),
    "ratio-1000": lambda: torch.tensor([1.0, 1000.0]),
    "ratio-above-1000": lambda: torch.tensor([1.0, 1000.0001]),
    "zero": lambda: torch.tensor([0.0]),
    "negative-zero": lambda: torch.tensor([-0.0]),
    "negative-zero-among-others": lambda: torch.tensor([-0.0, 1.5, 2.0]),
    "non-finite-only": lambda: torch.tensor([math.nan, math.inf, -math.inf]),
    "non-finite-whole": lambda: torch.tensor([math.nan, -math.inf, 1.0, 20.0]),
    "non-finite-sci": lambda: torch.tensor([math.nan, 1e-9, 1.0]),
    "denormal": lambda: torch.tensor([1e-40, 1.0]),
    "zeros-row-wraps": lambda: torch.zeros(30),  # width 1 with "0." cells: 24 a line
    "sci-widest-in-the-middle": lambda: torch.tensor([-2.0, -1e-120, 5.0], dtype=torch.float64),
    "float64-whole": lambda: torch.tensor([1.0, 2.0], dtype=torch.float64),
    "4-dims": lambda: torch.rand(2, 2, 2, 3),
    "7-dims": lambda: torch.rand(1, 2, 1, 2, 1, 2, 1),
    "row-fits-exactly": lambda: torch.arange(40.0).reshape(2, 2, 10) / 7 + 1,  # (80 - 9) // 8: 8 a line, not 9
    "inference-mode": _inference,
    "transposed": lambda: torch.rand(3, 4).t(),
    "threshold-exactly": lambda: torch.arange(1000.0),
    "custom-function": lambda: _Twice.apply(torch.rand(3, requires_grad=True)),
    "invalid-grad-fn": _invalid_grad_fn,
    "in-place-on-view": _in_place_view,
}
SUPPORTED.update(
    {
        f"notebook-{name}": _from_notebook(name)
        for name in ["x", "a", "b", "c", "d", "x.grad", "x.detach()", "c.sum()", "c[0]", "c[:, 1]", "c.max()"]
    }
)

FALLBACK: dict[str, Callable[[], torch.Tensor]] = {
    "empty": lambda: torch.zeros(0),
    "empty-2d": lambda: torch.zeros(2, 0),
    "over-threshold": lambda: torch.empty(1001),
    "parameter": lambda: torch.nn.Parameter(torch.rand(3)),
    "float16": lambda: torch.rand(3, dtype=torch.float16),
    "bfloat16": lambda: torch.rand(3, dtype=torch.bfloat16),
    "complex": lambda: torch.rand(3, dtype=torch.complex64),
    "conj": lambda: torch.rand(3, dtype=torch.complex64).conj(),
    "sparse": lambda: torch.eye(3).to_sparse(),
    "meta": lambda: torch.empty(3, device="meta"),
    "quantized": _quietly(lambda: torch.quantize_per_tensor(torch.rand(3), 0.1, 0, torch.quint8)),
    "nested": _quietly(lambda: torch.nested.nested_tensor([torch.rand(2), torch.rand(3)])),
    "nested-jagged": lambda: torch.nested.nested_tensor([torch.rand(2), torch.rand(3)], layout=torch.jagged),
    "zerotensor": lambda: torch._efficientzerotensor(3),
    "neg-view": lambda: torch._neg_view(torch.rand(3)),
}


@pytest.mark.parametrize("make", SUPPORTED.values(), ids=SUPPORTED.keys())
def test_known_cases_take_the_fast_path(make: Callable[[], torch.Tensor]) -> None:
    t = make()
    assert supported(t)
    assert tensor_repr(t) == repr(t)


@pytest.mark.parametrize("make", FALLBACK.values(), ids=FALLBACK.keys())
def test_other_tensors_fall_back_to_torch(make: Callable[[], torch.Tensor]) -> None:
    t = make()
    assert not supported(t)
    assert tensor_repr(t) == repr(t)


def test_fast_path_does_not_call_torchs_formatter(monkeypatch: pytest.MonkeyPatch) -> None:
    tensors = [make() for make in SUPPORTED.values()]
    expected = [repr(t) for t in tensors]

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("torch's formatter was called")

    monkeypatch.setattr(torch._tensor_str, "_str", refuse)
    assert [tensor_repr(t) for t in tensors] == expected


@pytest.mark.parametrize(
    "options",
    [
        {"precision": 2},
        {"threshold": 5},
        {"edgeitems": 1},
        {"linewidth": 40},
        {"sci_mode": True},
        {"sci_mode": False},
        {"profile": "full"},
    ],
)
def test_non_default_print_options_fall_back(options: dict[str, object]) -> None:
    t = ((torch.rand(2, 3, 4, requires_grad=True) + 2) * 2) ** 2 * torch.tensor([1.0, 1e-3, 1e-6, 10.0])
    torch.set_printoptions(**options)  # type: ignore[arg-type]
    try:
        assert not supported(t)
        assert tensor_repr(t) == repr(t)
    finally:
        torch.set_printoptions(profile="default")
    assert supported(t)


def test_default_dtype_float64_shows_float32_dtype() -> None:
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        for t in (torch.rand(3, dtype=torch.float32), torch.rand(3), torch.tensor(1.5)):
            assert supported(t)
            assert tensor_repr(t) == repr(t)
        assert "dtype=torch.float32" in tensor_repr(torch.rand(3, dtype=torch.float32))
    finally:
        torch.set_default_dtype(previous)


def test_forward_ad_dual_falls_back() -> None:
    import torch.autograd.forward_ad as fwAD

    with fwAD.dual_level():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # make_dual's first call imports torch.jit.script
            dual = fwAD.make_dual(torch.rand(3), torch.ones(3))
        assert not supported(dual)
        assert tensor_repr(dual) == repr(dual)
        assert "tangent=" in tensor_repr(dual)


def test_default_device_context_falls_back() -> None:
    t = torch.rand(3)
    with torch.device("cpu"):
        assert not supported(t)
        assert tensor_repr(t) == repr(t)
