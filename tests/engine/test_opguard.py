"""The checks made before the operations sized by their arguments: einsum's shape and work read from its equation
as torch reads it, the pieces chunk/split/unbind make, the rows nonzero makes."""

from __future__ import annotations

import random

import pytest
import torch

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.errors import RunLimitExceeded
from app.engine.opguard import check, einsum_plan

EQUATIONS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("ii->", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]),
    ("i,j->ij", [(3,), (2,)]),
    ("i,j", [(3,), (2,)]),
    ("bij,bij->", [(2, 3, 4), (2, 3, 4)]),
    ("ba", [(2, 3)]),
    ("Ab,bA", [(2, 3), (3, 2)]),
    ("...ij,...jk->...ik", [(5, 2, 3), (3, 4)]),
    ("...ij,...jk", [(1, 2, 3), (6, 3, 4)]),
    ("i...->...", [(2, 3, 4)]),
    ("i j , j k -> i k", [(2, 3), (3, 4)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("a,b,ab->", [(3,), (4,), (1, 1)]),
    ("i,i->", [(1,), (4,)]),
]


@pytest.mark.parametrize(("equation", "shapes"), EQUATIONS)
def test_einsum_output_shape_is_torchs(equation: str, shapes: list[tuple[int, ...]]) -> None:
    expected = torch.einsum(equation, *[torch.rand(s) for s in shapes]).shape
    plan = einsum_plan(equation, shapes)
    assert plan is not None and plan[0] == list(expected)


def test_einsum_shapes_agree_with_torch_on_random_equations() -> None:
    """Every equation torch accepts gets torch's output shape; none is taken for malformed."""
    rng = random.Random(0)
    for _ in range(3000):
        ops, shapes = [], []
        for _ in range(rng.randint(1, 3)):
            labels = [rng.choice("abcAB") for _ in range(rng.randint(0, 3))]
            ellipsis = rng.random() < 0.2
            if ellipsis:
                labels.insert(rng.randint(0, len(labels)), "...")
            ops.append("".join(labels))
            dims = len([x for x in labels if x != "..."]) + (rng.randint(0, 2) if ellipsis else 0)
            shapes.append(tuple(rng.choice([1, 2, 3]) for _ in range(dims)))
        equation = ",".join(ops)
        if rng.random() < 0.5:
            out = sorted(set("".join(ops).replace(".", "")))
            rng.shuffle(out)
            equation += "->" + ("..." if rng.random() < 0.3 else "") + "".join(out[: rng.randint(0, len(out))])
        try:
            expected = list(torch.einsum(equation, *[torch.rand(s) for s in shapes]).shape)
        except RuntimeError:
            continue
        plan = einsum_plan(equation, shapes)
        assert plan is not None and plan[0] == expected, (equation, shapes)


@pytest.mark.parametrize(
    ("equation", "shapes"),
    [
        ("i,j->k", [(3,), (3,)]),
        ("ij", [(3,)]),
        ("i->ii", [(3,)]),
        ("i", [(3,), (3,)]),
        ("i,i", [(3,)]),
        ("i.j", [(3, 3)]),
        ("i1", [(3, 3)]),
        ("ii", [(2, 3)]),
        ("i,i", [(2,), (3,)]),
    ],
)
def test_malformed_equations_are_left_to_torch_which_refuses_them(equation: str, shapes: list[tuple[int, ...]]) -> None:
    assert einsum_plan(equation, shapes) is None
    with pytest.raises(RuntimeError, match="einsum"):
        torch.einsum(equation, *[torch.rand(s) for s in shapes])


def test_einsum_counts_the_products_it_makes_left_to_right() -> None:
    # i,j are kept for the third operand: the first product is 3 x 4; the second sums everything.
    assert einsum_plan("a,b,ab->", [(3,), (4,), (1, 1)]) == ([], [(12, 12), (1, 12)])
    assert einsum_plan("ij,jk->ik", [(2, 3), (3, 4)]) == ([2, 4], [(8, 24)])


@pytest.mark.parametrize(
    ("name", "args", "kwargs", "pieces"),
    [
        ("chunk", (10**9,), {}, 200),
        ("chunk", (3,), {"dim": 1}, 3),
        ("split", (1,), {}, 200),
        ("split", (), {"split_size": 2, "dim": 1}, 2),
        ("unbind", (), {}, 200),
        ("unbind", (1,), {}, 3),
    ],
)
def test_pieces_are_counted_before_they_are_made(
    name: str, args: tuple[object, ...], kwargs: dict[str, object], pieces: int
) -> None:
    t = torch.zeros(200, 3)
    assert len(getattr(t, name)(*args, **kwargs)) == pieces
    check(Limits(max_loop_iterations=pieces), "pieces", name, (t, *args), kwargs)
    with pytest.raises(RunLimitExceeded, match=f"would make {pieces:,} tensors"):
        check(Limits(max_loop_iterations=pieces - 1), "pieces", name, (t, *args), kwargs)


def test_nonzero_counts_its_rows_before_making_them() -> None:
    t = torch.zeros(10, 10)
    t[0, :4] = 1
    check(Limits(max_tensor_elements=8), "nonzero", "nonzero", (t,), {})
    with pytest.raises(RunLimitExceeded, match="nonzero"):
        check(Limits(max_tensor_elements=7), "nonzero", "nonzero", (t,), {})


@pytest.mark.parametrize(
    ("expression", "printed"),
    [("~mask", "tensor([False,  True])"), ("(~mask).sum()", "tensor(1)"), ("~5", "-6"), ("~True", "-2")],
)
def test_the_invert_operator_inverts(expression: str, printed: str) -> None:
    source = f"import torch\nmask = torch.tensor([True, False])\nprint({expression})\n"
    result = run_program(parse_program(source, Limits()), RunOptions(), Limits())
    assert result.error is None and result.output == printed + "\n"
