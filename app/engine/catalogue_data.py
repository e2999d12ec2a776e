"""Catalogue rows for torch.utils.data: TensorDataset, DataLoader and random_split, and what a program may read on
a loader or a dataset. Joined into the one table in catalogue.py; a loop over a loader or a dataset is bounded by
its length, known before it starts (nnlib.items_of). Imports torch and the engine's entries and datalib
only.
"""

from __future__ import annotations

from torch.utils.data import Subset, TensorDataset

from app.engine import datalib
from app.engine.entries import Entry, attr, op

_DATA = "torch.utils.data.TensorDataset(x, y)"

ROWS: tuple[Entry, ...] = (
    op(
        "TensorDataset",
        "utils.data",
        "data",
        "Samples from tensors' rows: dataset[i] is (x[i], y[i]); len(dataset) their number.",
        _DATA,
        kind="other",
        impl=datalib.tensor_dataset,
    ),
    op(
        "DataLoader",
        "utils.data",
        "data",
        "Batches of a dataset, for a for loop (shuffled on the run's seeded generator); len(loader) batches.",
        f"torch.utils.data.DataLoader({_DATA}, batch_size=1, shuffle=True)",
        kind="other",
        kwargs=("batch_size", "shuffle", "drop_last", "num_workers"),
        impl=datalib.data_loader,
        needs_ctx=True,
    ),
    op(
        "random_split",
        "utils.data",
        "data",
        "Split a dataset at random into parts of the given lengths (or fractions).",
        f"torch.utils.data.random_split({_DATA}, [1, 1])",
        kind="other",
        impl=datalib.split,
    ),
    attr("dataset", "loader", "The dataset it batches.", lambda loader: loader.dataset),
    attr("batch_size", "loader", "Samples per batch.", lambda loader: loader.batch_size),
    attr("drop_last", "loader", "Whether a last, smaller batch is dropped.", lambda loader: loader.drop_last),
    attr("tensors", "dataset", "A TensorDataset's tensors.", lambda ds: _part(ds, "tensors")),
    attr("indices", "dataset", "A random_split part's indices into its dataset.", lambda ds: _part(ds, "indices")),
)


def _part(dataset: object, name: str) -> object:
    held = {"tensors": TensorDataset, "indices": Subset}[name]
    if not isinstance(dataset, held):
        raise AttributeError(f"'{type(dataset).__name__}' object has no attribute '{name}'")
    return getattr(dataset, name)
