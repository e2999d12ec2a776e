"""The checks made before work: sizes of lists counted with their repeats, text lengths known before the text,
shapes read as torch reads its arguments, devices, and allocation failures that end the job."""

from __future__ import annotations

import itertools
import time

import pytest
import torch

from app.engine import ExtraBackward, Limits, RunOptions, parse_program, run_program
from app.engine.errors import (
    ProgramRuntimeError,
    RunLimitExceeded,
    RunOutOfMemory,
    RunTimeout,
    is_allocation_failure,
)
from app.engine.graph import build_graph
from app.engine.guards import Guard, check_value, data_size, footprint, printed_size, tensors_in


def shared(depth: int, leaf: object = None) -> list[object]:
    """A list holding one list twice, `depth` times over: 2**depth items, `depth` lists."""
    value: list[object] = [] if leaf is None else [leaf]
    for _ in range(depth):
        value = [value, value]
    return value


def run(source: str, limits: Limits | None = None) -> tuple[str, ProgramRuntimeError | RunLimitExceeded | None]:
    limits = limits or Limits()
    result = run_program(parse_program(source, limits), RunOptions(), limits)
    assert result.error is None or isinstance(result.error, ProgramRuntimeError | RunLimitExceeded)
    return result.output, result.error  # type: ignore[return-value]


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (1, 1, 1), (0,), (5, 0), (0, 5), (3, 0, 7), (2, 1, 0, 4)])
def test_footprint_is_the_elements_or_the_empty_lists_tolist_makes(shape: tuple[int, ...]) -> None:
    t = torch.zeros(shape)
    assert footprint(shape) == (t.numel() if t.numel() else _empty_lists(t.tolist()))


def _empty_lists(data: object) -> int:
    assert isinstance(data, list)
    return sum(map(_empty_lists, data)) if data else 1


def test_sizes_count_a_list_as_often_as_it_is_held_without_walking_it_so_often() -> None:
    value = shared(60, leaf=1.0)
    start = time.process_time()
    assert data_size(value, 10**6) == (10**6 + 1, 61)  # counting stopped past the cap
    assert data_size(shared(10, leaf=1.0), 10**6) == (2**10, 11)  # torch.tensor of it: shape (2,) * 10 + (1,)
    assert torch.tensor(shared(10, leaf=1.0)).shape == (2,) * 10 + (1,)
    assert printed_size(value, 10**5) == 10**5 + 1
    check_value(value, "test")
    assert tensors_in([value]) == []
    assert time.process_time() - start < 1.0


def test_a_list_holding_itself_is_past_any_size_and_prints_as_python_prints_it() -> None:
    loop: list[object] = [1]
    loop.append(loop)
    assert data_size(loop, 100) == (101, 101)
    assert printed_size(loop, 100) <= len(str(loop)) == len("[1, [...]]")
    check_value(loop, "test")


@pytest.mark.parametrize(
    "value",
    [[], [1, 2.5, None, True], ["abc", "", [1, [2, [3]]]], (1,), ((1, 2), [3]), [torch.ones(2), "x"], {1: "a", 2: [3]}],
)
def test_printed_size_never_overstates_the_text(value: object) -> None:
    assert printed_size(value, 10**6) <= len(str(value))


def test_tensors_are_found_in_lists_held_twice_once_per_place() -> None:
    x, y = torch.ones(1), torch.zeros(1)
    inner = [x, y]
    found = tensors_in([[inner, inner], x])
    assert [id(t) for t in found].count(id(x)) == 2 and y in [*found]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((5,), {}),
        ((2, 9), {}),
        ((1, 10, 3), {}),
        ((0,), {"end": 7}),
        ((), {"end": 6}),
        ((), {"start": 2, "end": 9, "step": 2}),
        ((5,), {"end": 8}),
        ((1,), {"end": 5, "step": 2}),
        ((10, 0, -3), {}),
        ((0.5, 3.25), {"step": 0.25}),
    ],
)
def test_arange_length_is_read_as_torch_reads_its_arguments(args: tuple[float, ...], kwargs: dict[str, float]) -> None:
    """arange(0, end=n) starts at 0 and ends at n, whatever its keywords: the size check sees what torch makes."""
    made = torch.arange(*args, **kwargs).numel()
    guard = Guard(Limits(max_tensor_elements=made))
    guard.before_call("create", "arange", args, kwargs)
    with pytest.raises(RunLimitExceeded, match=f"{made:,} elements"):
        Guard(Limits(max_tensor_elements=made - 1)).before_call("create", "arange", args, kwargs)


def test_shapes_are_checked_for_dims_and_empty_rows_before_creation() -> None:
    guard = Guard(Limits(max_tensor_dims=4, max_tensor_elements=100))
    guard.before_call("create", "zeros", (1, 1, 1, 1), {})
    with pytest.raises(RunLimitExceeded, match="5 dimensions; the limit max_tensor_dims is 4"):
        guard.before_call("create", "zeros", (1, 1, 1, 1, 1), {})
    with pytest.raises(RunLimitExceeded, match="101 empty rows"):
        guard.before_call("create", "zeros", (101, 0), {})
    guard.before_call("create", "zeros", (0, 10**9), {})  # written as [] alone
    with pytest.raises(RunLimitExceeded, match="more than 100 elements"):
        Guard(Limits(max_tensor_elements=100)).before_call("create", "tensor", (shared(7, leaf=0.0),), {})


@pytest.mark.parametrize(
    "source",
    [
        'x = torch.zeros(2, device="meta")\n',
        'x = torch.ones(2).to("meta")\n',
        'x = torch.ones(2).to("meta", torch.float64)\n',
        "x = torch.ones(2).to(0)\n",
        'x = torch.tensor([1.0], device="cuda")\n',
        'x = torch.rand(2, device="nowhere")\n',
    ],
)
def test_devices_other_than_the_cpu_are_refused_in_so_many_words(source: str) -> None:
    _, error = run(source)
    assert isinstance(error, ProgramRuntimeError) and "only the CPU is available here" in error.message


def test_the_cpu_may_be_named() -> None:
    output, error = run('x = torch.ones(2, device="cpu").to("cpu")\nprint(x.to(device=None))\n')
    assert error is None and output == "tensor([1., 1.])\n"


@pytest.mark.parametrize(
    ("number", "ndigits"),
    list(itertools.product([0, 1, 5, 15, -15, 51, 2**40, -(2**63), True], [-1, -2, -3, -20, -21, -(2**62)])),
)
def test_round_to_far_negative_digits_answers_as_python_does_at_once(number: int, ndigits: int) -> None:
    expected = round(number, max(ndigits, -40))  # Python itself, where it answers in time: 0 past the digits
    start = time.process_time()
    output, error = run(f"print(round({number}, {ndigits}))\n")
    assert error is None and output == f"{expected}\n"
    assert time.process_time() - start < 1.0


def test_builtins_count_a_tensors_items_before_making_them() -> None:
    def cpu_seconds(source: str) -> tuple[float, Exception | None]:
        start = time.process_time()
        _, error = run(source)
        return time.process_time() - start, error

    made = "x = torch.rand(1000000)\n"
    baseline = min(cpu_seconds(made)[0] for _ in range(2))  # making and showing x, the same in every case
    for source in ("y = max(x)\n", "y = min(x)\n", "y = sum(x)\n", "for v in x:\n    break\n"):
        spent, error = cpu_seconds(made + source)
        assert isinstance(error, RunLimitExceeded) and error.line == 2, source
        assert spent - baseline < 0.5, source  # a million 0-d tensors would take seconds to make
    output, error = run("x = torch.tensor([3.0, 1.0, 2.0])\nprint(max(x), min(x), sum(x))\n")
    assert error is None and output == "tensor(3.) tensor(1.) tensor(6.)\n"


def test_comparisons_and_builtin_sums_check_their_broadcast() -> None:
    make = "a = torch.rand(1, 2000)\nb = torch.rand(2000, 1)\n"
    for source in ("c = a < b\n", "c = a == b\n", "c = sum([a, b])\n", "c = max([a, b])\n"):
        _, error = run(make + source)
        assert isinstance(error, RunLimitExceeded) and "4,000,000 elements" in error.message, source
    output, error = run("a = torch.tensor([1.0, 5.0])\nprint(a < 2, sum([a, a]), [1, [2]] < [1, [3]])\n")
    assert error is None and output == "tensor([ True, False]) tensor([ 2., 10.]) True\n"


def test_printing_knows_its_length_before_making_the_text() -> None:
    nested = "a = []\nfor i in range(40):\n    a = [a, a]\n"
    for source, what in (("print(a)\n", "print()"), ("s = f'{a}'\n", "an f-string"), ("s = '%s' % (a,)\n", "%")):
        start = time.process_time()
        _, error = run(nested + source)
        assert isinstance(error, RunLimitExceeded) and what in error.message, source
        assert time.process_time() - start < 1.0
    output, error = run("a = [1, 'b']\na.append(a)\nprint(a, f'{a}', '%s' % (a,))\n")
    assert error is None and output == "[1, 'b', [...]] [1, 'b', [...]] [1, 'b', [...]]\n"


def test_a_list_of_lists_index_is_counted_whole() -> None:
    _, error = run("x = torch.rand(1000, 1000)\ni = torch.zeros(1000, 1000).long().tolist()\ny = x[i]\n")
    assert isinstance(error, RunLimitExceeded) and "1,000,000,000 elements" in error.message
    _, error = run("x = torch.rand(1000, 1000)\ni = torch.zeros(1000, 1000).long().tolist()\nx[i] = 1.0\n")
    assert isinstance(error, RunLimitExceeded) and error.line == 3


BROKEN_VIEW = """x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
a = x * 2
with torch.no_grad():
    first_two = a[:2]
a.mul_(10)
print(first_two)
print(first_two.grad_fn)
"""


def test_a_view_torch_will_not_read_is_shown_and_its_use_fails_as_in_torch() -> None:
    """torch prints such a view with grad_fn=<Invalid> and raises when its grad_fn is read: so does the engine,
    and its snapshot, timeline and graph do not fail on it."""
    limits = Limits()
    result = run_program(parse_program(BROKEN_VIEW, limits), RunOptions(), limits)
    assert result.output == "tensor([20., 40.], grad_fn=<Invalid>)\n"
    assert isinstance(result.error, ProgramRuntimeError) and result.error.line == 7
    assert "A view was created in no_grad mode" in result.error.message
    assert (result.variables["first_two"]["grad_fn"], result.variables["first_two"]["is_leaf"]) == ("Invalid", False)
    graph = build_graph(result, show_saved=False, max_nodes=100)
    assert [n.kind for n in graph.nodes if "first_two" in n.variables] == ["constant"]


def test_an_allocation_failure_ends_the_job_instead_of_the_program() -> None:
    """torch's allocator refusing is no error of the program: run_program raises it, so the worker that ran it
    answers memory_exceeded and is replaced."""
    huge = Limits(max_tensor_elements=2**62, max_total_elements=2**63)
    with pytest.raises(RunOutOfMemory):
        run_program(parse_program("x = torch.ones(2)\ny = torch.zeros(2**59)\n", huge), RunOptions(), huge)
    assert is_allocation_failure(MemoryError())
    assert not is_allocation_failure(RuntimeError("Invalid device string: 'can't allocate'"))


def test_the_extra_backward_passes_are_inside_the_cpu_time_budget() -> None:
    source = (
        "x = torch.rand(500, 500, requires_grad=True)\ny = x\nfor i in range(8):\n    y = y @ x / 500\nloss = y.sum()\n"
    )
    program = parse_program(source, Limits())
    start = time.process_time()
    assert run_program(program, RunOptions(), Limits()).error is None
    alone = time.process_time() - start  # each pass costs about twice as much: 16 products where it made 8
    limits = Limits(wall_time_s=max(3 * alone, 0.5))
    start = time.process_time()
    result = run_program(program, RunOptions(backward=ExtraBackward("loss", None, 50)), limits)
    assert isinstance(result.error, RunTimeout) and result.error.message.startswith("Run backward, pass ")
    assert len([s for s in result.steps if s.line == 0]) < 50  # the budget stopped the passes
    assert time.process_time() - start < limits.wall_time_s + max(10 * alone, 0.5)  # a busy machine slows a pass


@pytest.mark.parametrize(
    ("use", "what"),
    [
        ("s = str(a)\n", "str()"),
        ("s = '{}'.format(a)\n", "format()"),
        ("s = sorted([a, b])\n", "sorted()"),
        ("n = [a].count(b)\n", "count()"),
        ("n = [b].index(a)\n", "index()"),
        ("s = set([a])\n", "set()"),
        ("s = max([a, b])\n", "max()"),
        ("s = a in [b]\n", "a comparison"),
    ],
)
def test_python_builtins_that_compare_or_print_size_lists_first(use: str, what: str) -> None:
    nested = "a = []\nb = []\nfor i in range(40):\n    a = [a, a]\n    b = [b, b]\n"
    start = time.process_time()
    _, error = run(nested + use)
    assert isinstance(error, RunLimitExceeded) and what in error.message and error.line == 6
    assert time.process_time() - start < 1.0


def test_dict_views_are_sized_by_what_they_hold() -> None:
    """d.items() makes new tuples each time it is read: its size is still what it holds."""
    config = {"lr": 0.1, "epochs": 3, "layers": [4, 4]}
    assert data_size(config.items(), 100) == (7, 3)  # three pairs; the list in one counts its two numbers
    assert printed_size(config.items(), 1000) <= len(str(list(config.items())))
    output, error = run('config = {"b": 2, "a": 1}\nprint(sorted(config.items()), str(config.items()))\n')
    assert error is None and output == "[('a', 1), ('b', 2)] dict_items([('b', 2), ('a', 1)])\n"
