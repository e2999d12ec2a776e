"""NumPy beside torch: what tutorials use runs as NumPy runs it, the rest of NumPy is refused by name, and every
array is sized before it is made, like a tensor."""

from __future__ import annotations

import time

import numpy as np
import pytest

from app.engine import Limits, RunOptions, parse_program, run_program
from app.engine.errors import ProgramError


def run(source: str, seed: int = 0) -> tuple[str, str | None]:
    result = run_program(parse_program(source, Limits()), RunOptions(seed=seed), Limits())
    return result.output, result.error.message if result.error else None


def refusal(source: str) -> str:
    with pytest.raises(ProgramError) as caught:
        parse_program(source, Limits())
    return caught.value.message


def test_np_random_is_the_runs_own_seeded_with_its_seed() -> None:
    source = "import numpy as np\nprint(np.random.rand(3))\n"
    for seed in (0, 7):
        expected = np.random.RandomState(seed).rand(3)
        assert run(source, seed) == (f"{expected}\n", None)
    np.random.seed(123)
    before = np.random.rand()
    run("import numpy as np\nnp.random.seed(1)\nx = np.random.randn(5)\n")
    np.random.seed(123)
    assert np.random.rand() == before  # the process's own generator was never touched


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("import numpy.linalg\n", "importing numpy.linalg"),
        ("from numpy import fft\n", "`fft` from numpy is not supported"),
        ("import numpy as np\nx = np.fft.fft([1.0])\n", "`.fft()` is not supported"),
    ],
)
def test_the_rest_of_numpy_is_refused_before_the_run(source: str, message: str) -> None:
    assert message in refusal(source)


def test_numpy_linalg_is_refused_when_reached() -> None:
    # `linalg` is a name the language knows (torch.linalg): numpy's is refused when the program reaches it.
    refused = ("", "AttributeError: numpy.linalg is not supported")
    assert run("import numpy as np\nx = np.linalg.norm([1.0])\n") == refused


def test_a_numpy_function_the_language_lacks_is_named() -> None:
    output, error = run("import numpy as np\nx = np.sqrt(2.0)\n")
    assert error is not None and "numpy.sqrt() is not supported" in error


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x = np.zeros((10**6, 10**6))\n", "1,000,000,000,000 elements"),
        ("x = np.ones(10**7)\n", "10,000,000 elements"),
        ("x = np.random.rand(5000, 5000)\n", "25,000,000 elements"),
        ("x = np.arange(0, 10**9)\n", "1,000,000,000 elements"),
        ("x = np.linspace(0, 1, 10**8)\n", "100,000,000 elements"),
        ("a = 1.0\nfor i in range(40):\n    a = [a]\nx = np.array(a)\n", "max_tensor_dims"),
        ("a = np.ones((1, 5000))\nb = np.ones((5000, 1))\nc = a + b\n", "25,000,000 elements"),
        ("a = np.ones((1, 5000))\nb = np.ones((5000, 1))\nc = a < b\n", "25,000,000 elements"),
        ("a = np.ones((1000, 1000))\ni = np.zeros(10000, dtype=np.int64)\nx = a[i]\n", "10,000,000"),
        ("xs = []\nfor i in range(10):\n    xs.append(np.ones(10**6))\n", "max_total_elements"),
        ("for v in np.zeros(10**6):\n    break\n", "1,000,000 rows"),
        ("pairs = list(zip(np.zeros(10**6), np.zeros(10**6)))\n", "1,000,000 rows"),
    ],
)
def test_arrays_are_sized_before_they_are_made(source: str, message: str) -> None:
    started = time.process_time()
    output, error = run("import numpy as np\n" + source)
    assert error is not None and message in error, error
    assert time.process_time() - started < 2.0


def test_arrays_dropped_are_no_longer_counted() -> None:
    source = "import numpy as np\nfor i in range(20):\n    x = np.ones(10**6)\nprint(x.sum())\n"
    assert run(source) == ("1000000.0\n", None)
