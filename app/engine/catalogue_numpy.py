"""Catalogue rows for NumPy as tutorials use it beside torch (`import numpy as np`): making arrays, a seeded
np.random, and the attributes and methods of an array (receiver "ndarray"). Everything else of NumPy is refused by
name. Joined into the one table in catalogue.py. Imports numpy and the engine's entries and nplib only.
"""

from __future__ import annotations

import numpy as np

from app.engine import nplib
from app.engine.entries import Entry, attr, op

# Values read as np.NAME: the dtypes, and the constants tutorials write.
CONSTANTS: dict[tuple[str, str], object] = {
    **{("np", name): dtype for name, dtype in nplib.DTYPES.items()},
    ("np", "pi"): np.pi,
    ("np", "e"): np.e,
    ("np", "inf"): np.inf,
    ("np", "nan"): np.nan,
}
NP = "NumPy"
_AXIS = ("axis", "keepdims")

ROWS: tuple[Entry, ...] = (
    op(
        "array",
        "np",
        NP,
        "An array from (nested) numbers.",
        "np.array([[1.0, 2.0], [3.0, 4.0]])",
        kwargs=("dtype",),
        impl=nplib.array,
        needs_ctx=True,
    ),
    op(
        "zeros",
        "np",
        NP,
        "An array of zeros of a shape.",
        "np.zeros((2, 3))",
        kwargs=("dtype",),
        impl=nplib.zeros,
        needs_ctx=True,
    ),
    op(
        "ones",
        "np",
        NP,
        "An array of ones of a shape.",
        "np.ones(3)",
        kwargs=("dtype",),
        impl=nplib.ones,
        needs_ctx=True,
    ),
    op(
        "arange",
        "np",
        NP,
        "Evenly spaced values in [start, stop).",
        "np.arange(5)",
        kwargs=("dtype",),
        impl=nplib.arange,
        needs_ctx=True,
    ),
    op(
        "linspace",
        "np",
        NP,
        "`num` values from start to stop.",
        "np.linspace(0, 1, 5)",
        kwargs=("num", "endpoint", "dtype"),
        impl=nplib.linspace,
        needs_ctx=True,
    ),
    op("seed", "np.random", NP, "Seed the run's own np.random.", "np.random.seed(0)", impl=nplib.seed, needs_ctx=True),
    op(
        "rand",
        "np.random",
        NP,
        "Uniform [0, 1) values of a shape.",
        "np.random.rand(2, 3)",
        impl=nplib.drawn("rand"),
        needs_ctx=True,
    ),
    op(
        "randn",
        "np.random",
        NP,
        "Standard normal values of a shape.",
        "np.random.randn(2, 3)",
        impl=nplib.drawn("randn"),
        needs_ctx=True,
    ),
    attr("shape", "ndarray", "The size of each axis.", lambda a: a.shape),
    attr("dtype", "ndarray", "The element type.", lambda a: a.dtype),
    attr("ndim", "ndarray", "Number of axes.", lambda a: a.ndim),
    attr("size", "ndarray", "Number of elements.", lambda a: a.size),
    attr("T", "ndarray", "Reversed axes (transpose of a matrix).", lambda a: a.T),
    *(
        op(
            name,
            "ndarray",
            NP,
            doc,
            f"np.arange(6.0).reshape(2, 3).{name}{call}" if name != "item" else "np.ones(1).item()",
            kwargs=kwargs,
            impl=nplib.method(name),
            needs_ctx=True,
        )
        for name, doc, call, kwargs in (
            ("sum", "Sum, over all or along an axis.", "(axis=0)", _AXIS),
            ("mean", "Mean, over all or along an axis.", "()", _AXIS),
            ("max", "Maximum, over all or along an axis.", "()", _AXIS),
            ("min", "Minimum, over all or along an axis.", "()", _AXIS),
            ("std", "Standard deviation.", "()", _AXIS),
            ("reshape", "Same elements, new shape.", "(3, 2)", ()),
            ("astype", "Converted to a dtype.", "(np.float32)", ()),
            ("copy", "A copy.", "()", ()),
            ("flatten", "A flat copy.", "()", ()),
            ("tolist", "Nested Python lists.", "()", ()),
            ("item", "The Python number in a one-element array.", "()", ()),
        )
    ),
)
