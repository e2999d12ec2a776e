"""The sizes torch.nn is checked by, against real torch: a layer's tensors worked out from its arguments are exactly
the ones its constructor allocates, a call's output is refused exactly past the limit, and a model's tree is
measured with its repeats, its depth and its cycles, without walking it."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.errors import RunLimitExceeded
from app.engine.nnguard import check_forward, check_functional, check_layer, check_tree, layer_shapes
from app.engine.nnlib import items_of

LAYERS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("Linear", (3, 4), {}),
    ("Linear", (3, 4), {"bias": False}),
    ("Linear", (), {"in_features": 5, "out_features": 2}),
    ("Bilinear", (3, 5, 2), {}),
    ("Conv1d", (2, 4, 3), {}),
    ("Conv2d", (4, 6, (3, 2)), {"groups": 2, "bias": False}),
    ("Conv2d", (1, 8), {"kernel_size": 3, "padding": 1}),
    ("Embedding", (10, 3), {"padding_idx": 0}),
    ("BatchNorm1d", (6,), {}),
    ("BatchNorm2d", (3,), {"affine": False}),
    ("BatchNorm1d", (4,), {"track_running_stats": False}),
    ("LayerNorm", ((2, 3),), {}),
    ("LayerNorm", (5,), {"elementwise_affine": False}),
    ("LayerNorm", (5,), {"bias": False}),
    ("RNN", (3, 5), {}),
    ("RNN", (3, 5, 2, "relu"), {}),
    ("LSTM", (3, 6), {"num_layers": 3, "bidirectional": True}),
    ("LSTM", (3, 6, 2), {"proj_size": 2, "bias": False}),
    ("LSTM", (), {"input_size": 1, "hidden_size": 8, "batch_first": True}),
    ("GRU", (4, 4, 2), {"bidirectional": True}),
    ("RNNCell", (3, 2), {}),
    ("LSTMCell", (3, 2), {"bias": False}),
    ("GRUCell", (3, 2), {}),
    ("ReLU", (), {}),
    ("MaxPool2d", (2,), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), LAYERS, ids=[f"{n}{a}{k}" for n, a, k in LAYERS])
def test_a_layers_tensors_are_worked_out_before_torch_makes_them(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    layer = getattr(nn, name)(*args, **kwargs)
    made = sorted(tuple(t.shape) for t in [*layer.parameters(), *layer.buffers()])
    predicted = sorted(shape for shape, times in layer_shapes(name, args, kwargs) for _ in range(times))
    assert predicted == made


def test_a_layer_is_refused_before_it_allocates() -> None:
    limits = Limits()
    check_layer(limits, "Linear", (1000, 1000), {})  # exactly max_tensor_elements
    with pytest.raises(RunLimitExceeded, match="1001 x 1000 tensor of 1,001,000 elements"):
        check_layer(limits, "Linear", (1000, 1001), {})
    with pytest.raises(RunLimitExceeded, match="max_total_elements"):
        check_layer(limits, "LSTM", (100, 100), {"num_layers": 100})
    with pytest.raises(RunLimitExceeded, match="max_modules"):
        check_layer(replace(limits, max_modules=7), "LSTM", (1, 1), {"num_layers": 2})
    check_layer(limits, "Linear", ("three", 2), {})  # torch refuses it in its own words


CALLS: list[tuple[nn.Module, tuple[int, ...]]] = [
    (nn.Conv2d(1, 3, 3, padding=2, stride=2), (2, 1, 9, 7)),
    (nn.Conv2d(2, 4, (3, 1), dilation=2), (2, 10, 10)),
    (nn.Conv1d(2, 3, 3, padding="same"), (1, 2, 9)),
    (nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), (1, 2, 9, 8)),
    (nn.MaxPool1d(2), (3, 2, 7)),
    (nn.AvgPool2d(2), (1, 1, 5, 5)),
    (nn.Linear(4, 6), (5, 3, 4)),
]


@pytest.mark.parametrize(("layer", "shape"), CALLS, ids=[f"{layer}-{shape}" for layer, shape in CALLS])
def test_a_call_is_refused_exactly_past_the_limit(layer: nn.Module, shape: tuple[int, ...]) -> None:
    out = layer(torch.zeros(shape))
    check_forward(replace(Limits(), max_tensor_elements=out.numel()), layer, (torch.zeros(shape),))
    with pytest.raises(RunLimitExceeded, match=f"{out.numel():,} elements"):
        check_forward(replace(Limits(), max_tensor_elements=out.numel() - 1), layer, (torch.zeros(shape),))


def test_functional_convolution_and_pooling_are_sized_as_torch_computes_them() -> None:
    x, w = torch.zeros(1, 2, 6, 5), torch.zeros(3, 2, 2, 2)
    cases = [
        ("conv2d", (x, w), {"stride": 2, "padding": 1}, torch.nn.functional.conv2d(x, w, stride=2, padding=1)),
        ("max_pool2d", (x, 2), {"stride": 1}, torch.nn.functional.max_pool2d(x, 2, stride=1)),
        ("avg_pool2d", (x, 3, 2, 1), {}, torch.nn.functional.avg_pool2d(x, 3, 2, 1)),
    ]
    for name, args, kwargs, out in cases:
        check_functional(replace(Limits(), max_tensor_elements=out.numel()), name, args, kwargs)
        with pytest.raises(RunLimitExceeded):
            check_functional(replace(Limits(), max_tensor_elements=out.numel() - 1), name, args, kwargs)


def test_a_models_tree_is_measured_with_repeats_depth_and_cycles() -> None:
    limits = replace(Limits(), max_modules=100, max_module_depth=10)
    shared = nn.Linear(1, 1)
    check_tree(limits, nn.Sequential(shared, shared), "m")  # a module held twice is fine
    doubled: nn.Module = shared
    for _ in range(6):
        doubled = nn.Sequential(doubled, doubled)  # 2**7 - 1 modules with repeats, 7 deep
    with pytest.raises(RunLimitExceeded, match="max_modules=100"):
        check_tree(limits, doubled, "m")
    check_tree(replace(limits, max_modules=127), doubled, "m")
    deep: nn.Module = nn.ReLU()
    for _ in range(10):
        deep = nn.Sequential(deep)
    with pytest.raises(RunLimitExceeded, match="max_module_depth=10"):
        check_tree(limits, deep, "m")
    looped = nn.Sequential(nn.ReLU())
    looped.append(nn.Sequential(looped))
    with pytest.raises(RunLimitExceeded, match="holds itself"):
        check_tree(limits, looped, "m")


def test_generators_and_loaders_are_counted_before_a_loop() -> None:
    model = nn.Sequential(*[nn.Linear(1, 1) for _ in range(6)])
    assert items_of(model.parameters(), 12, "a loop") == list(model.parameters())
    with pytest.raises(RunLimitExceeded, match="max_loop_iterations=11"):
        items_of(model.parameters(), 11, "a loop")
    loader = DataLoader(TensorDataset(torch.arange(10.0)), batch_size=3)
    assert [len(batch[0]) for batch in items_of(loader, 4, "a loop") or []] == [3, 3, 3, 1]
    with pytest.raises(RunLimitExceeded):
        items_of(loader, 3, "a loop")
    assert items_of([1, 2], 5, "a loop") is None


def test_a_layers_tensors_count_towards_the_runs_elements() -> None:
    limits = replace(Limits(), max_total_elements=2_500)
    source = "import torch.nn as nn\na = nn.Linear(30, 30)\nb = nn.Linear(30, 30)\nc = nn.Linear(30, 30)\n"
    result = run_program(parse_program(source, limits), RunOptions(), limits)
    assert result.error is not None and result.error.line == 4
    assert "max_total_elements" in result.error.message
    assert math.prod((30, 30)) * 2 + 60 < 2_500  # the first two fit
