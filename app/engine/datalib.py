"""torch.utils.data as the catalogue calls it: PyTorch's own TensorDataset, DataLoader and random_split, with
only the options a single run can honour. Shuffling and splitting draw on torch's default generator, which the
run seeds, so they pick what real PyTorch picks after the same torch.manual_seed. Imports torch and the engine's
errors only.
"""

from __future__ import annotations

from typing import Any

import torch
from torch.utils.data import DataLoader, Dataset, Subset, TensorDataset, random_split

from app.engine.errors import ProgramRuntimeError


def tensor_dataset(*tensors: Any) -> TensorDataset:
    if not tensors or not all(isinstance(t, torch.Tensor) and t.dim() for t in tensors):
        raise ProgramRuntimeError("TypeError: TensorDataset() takes tensors of one or more dimensions")
    return TensorDataset(*tensors)


def _dataset(value: Any, what: str) -> Any:
    """A dataset, or a list of samples (`list(zip(xs, ys))`), which torch indexes the same way."""
    if not isinstance(value, Dataset | list | tuple):
        raise ProgramRuntimeError(f"TypeError: {what} takes a dataset (a TensorDataset, the program's Dataset, a list)")
    return value


def data_loader(
    dataset: Any, batch_size: Any = 1, shuffle: Any = False, drop_last: Any = False, num_workers: Any = 0
) -> DataLoader[Any]:
    """Batches are made in this process: worker processes (num_workers) are not available."""
    if num_workers != 0:
        raise ProgramRuntimeError("DataLoader(num_workers=...) is not available here: batches are made in the run")
    if type(batch_size) is not int:  # torch accepts any int-like; the language's are ints
        raise ProgramRuntimeError("TypeError: batch_size must be a whole number")
    return DataLoader(_dataset(dataset, "DataLoader()"), batch_size=batch_size, shuffle=shuffle, drop_last=drop_last)


def split(dataset: Any, lengths: Any) -> list[Subset[Any]]:
    if not isinstance(lengths, list | tuple) or not all(isinstance(n, int | float) for n in lengths):
        raise ProgramRuntimeError("TypeError: random_split() takes a list of lengths (or of fractions)")
    return random_split(_dataset(dataset, "random_split()"), lengths)
