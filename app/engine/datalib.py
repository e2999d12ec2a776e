"""torch.utils.data as the catalogue calls it: PyTorch's own TensorDataset, DataLoader and random_split, with
only the options a single run can honour. Shuffling and splitting draw on torch's default generator, which the
run seeds, so they pick what real PyTorch picks after the same torch.manual_seed. A DataLoader's batches are read
one at a time, as Python reads them (Batches). Imports torch and the engine's errors and classes only.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator
from typing import Any, Protocol, Self

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, Subset, TensorDataset, default_collate, random_split

from app.engine import classes
from app.engine.errors import Located, ProgramRuntimeError, RunLimitExceeded


def tensor_dataset(*tensors: Any) -> TensorDataset:
    if not tensors or not all(isinstance(t, torch.Tensor) and t.dim() for t in tensors):
        raise ProgramRuntimeError("TypeError: TensorDataset() takes tensors of one or more dimensions")
    return TensorDataset(*tensors)


def _dataset(value: Any, what: str) -> Any:
    """A dataset, or a list of samples (`list(zip(xs, ys))`), which torch indexes the same way."""
    if not isinstance(value, Dataset | list | tuple):
        raise ProgramRuntimeError(f"TypeError: {what} takes a dataset (a TensorDataset, the program's Dataset, a list)")
    return value


class _Sized(Protocol):
    guard: Any  # guards.Guard, which imports this module


def data_loader(
    ctx: _Sized,
    dataset: Any,
    batch_size: Any = 1,
    shuffle: Any = False,
    drop_last: Any = False,
    num_workers: Any = 0,
) -> DataLoader[Any]:
    """Batches are made in this process: worker processes (num_workers) are not available. Each batch is sized
    before torch stacks its samples (_collate)."""
    if num_workers != 0:
        raise ProgramRuntimeError("DataLoader(num_workers=...) is not available here: batches are made in the run")
    if type(batch_size) is not int:  # torch accepts any int-like; the language's are ints
        raise ProgramRuntimeError("TypeError: batch_size must be a whole number")
    return DataLoader(
        _dataset(dataset, "DataLoader()"),
        batch_size=batch_size,
        shuffle=shuffle,
        drop_last=drop_last,
        collate_fn=functools.partial(_collate, ctx.guard.shape),
    )


def _collate(shape: Callable[[tuple[int, ...], str], None], samples: list[Any]) -> Any:
    """torch's default_collate, each tensor (or array) it stacks sized first: n samples whose field has shape s
    make a batch field of shape (n, *s), refused past max_tensor_dims or max_tensor_elements before it is made."""
    for field in _fields(samples[0]) if samples else ():
        shape((len(samples), *field.shape), "a DataLoader's batch")
    return default_collate(samples)


def _fields(sample: Any) -> Iterator[Any]:
    """The tensors and arrays of one sample, as default_collate goes through it (tuples, lists, dicts)."""
    if isinstance(sample, torch.Tensor | np.ndarray):
        yield sample
    elif isinstance(sample, tuple | list):
        for item in sample:
            yield from _fields(item)
    elif isinstance(sample, dict):
        for item in sample.values():
            yield from _fields(item)


def split(dataset: Any, lengths: Any) -> list[Subset[Any]]:
    if not isinstance(lengths, list | tuple) or not all(isinstance(n, int | float) for n in lengths):
        raise ProgramRuntimeError("TypeError: random_split() takes a list of lengths (or of fractions)")
    return random_split(_dataset(dataset, "random_split()"), lengths)


class LoaderIterator:
    """What iter(loader), enumerate(loader) and zip(loader, xs) give, and what a `for` over a loader reads: items
    made one per next(), as Python makes them, counted before a loop over them starts."""

    kind = ""

    def __init__(self) -> None:
        self._made = 0  # items read so far
        self._most: int | None = None  # items that may be read in all, once counted
        self._limit = 0
        self.count: int | None = 0  # items left when last counted; None: not known before they run out

    def __repr__(self) -> str:
        return f"<{self.kind} object at {id(self):#x}>"

    def remaining(self, asked: bool = False) -> int:
        """How many items are left, as len() says; `asked`: as a caller of len() itself (list(), tuple())."""
        raise NotImplementedError

    def _read(self) -> Any:
        raise NotImplementedError

    def counted(self, limit: int, what: str, asked: bool = False) -> Self:
        """These items, their number refused if over `limit` before another is made."""
        count = self.count = self.remaining(asked)
        if count > limit:
            raise RunLimitExceeded(f"{what} over {count:,} batches is over max_loop_iterations={limit:,}")
        self._limit = limit
        self._most = self._made + limit  # a __len__ that said fewer than there are must not lift the bound
        return self

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> Any:
        item = self._read()
        self._made += 1
        if self._most is not None and self._made > self._most:
            raise RunLimitExceeded(
                f"a DataLoader gave more batches than its length said, over max_loop_iterations={self._limit:,}"
            )
        return item


class Batches(LoaderIterator):
    """A DataLoader's batches, read one per pass as Python reads them: the program's __getitem__ runs for a
    batch just before the pass that uses it. iter(loader) is one: a `for` over it goes on from where next() left
    it, as in Python.

    A loop is counted before its first batch is made, and len(loader) runs the program's __len__: Python runs it
    too, but only as the first batch is made, so that ask is answered with what the count saw
    (classes.KnownLength) and the program's __len__ runs as many times as in Python, at the same point.
    """

    kind = "torch.utils.data.dataloader._SingleProcessDataLoaderIter"  # what iter(loader) is in Python

    def __init__(self, loader: DataLoader[Any]) -> None:
        super().__init__()
        self._batches = iter(loader)  # a shuffling loader draws its seed here, as iter() does in Python
        self._known = classes.KnownLength(loader.dataset)

    def remaining(self, asked: bool = False) -> int:
        if asked:
            total = len(self._batches)
        else:
            with classes.answering(self._known):
                total = len(self._batches)
        return max(total - self._made, 0)

    def _read(self) -> Any:
        if self._made:
            return next(self._batches)
        with classes.answering(self._known):
            return next(self._batches)


class Combined(LoaderIterator):
    """enumerate() or zip() over a DataLoader's batches or a program's Dataset: made one per pass, as Python's
    enumerate and zip make them. A loop over it is counted by its first loader (the lead) and the lengths of the
    lists beside it; a later loader is not asked its length before Python asks it, as its first batch is made.
    With a Dataset's items among them, the number of passes is not known before the loop (as for Items)."""

    def __init__(self, kind: str, sources: list[LoaderIterator], items: Iterator[Any], sizes: list[int]) -> None:
        super().__init__()
        self.kind = kind
        self._sources = sources  # the loaders' batches and datasets' items among what it combines, in order
        self._items = items
        self._sizes = sizes

    def counted(self, limit: int, what: str, asked: bool = False) -> Self:
        unknown = [source for source in self._sources if source.count is None]
        if not unknown:
            return super().counted(limit, what, asked)
        for source in unknown:  # each bounds its own reads
            source.counted(limit, what)
        self.count = None
        return self

    def remaining(self, asked: bool = False) -> int:
        return max(0, min([self._sources[0].remaining(), *(size - self._made for size in self._sizes)]))

    def _read(self) -> Any:
        return next(self._items)


def one_by_one(value: Any) -> LoaderIterator:
    """What Python iterates a loader or a program's Dataset by: its batches or items, read one per pass."""
    if isinstance(value, DataLoader):
        return Batches(value)
    if isinstance(value, LoaderIterator):
        return value
    return Items(value)


def enumerated(value: Any, start: Any) -> Combined:
    """enumerate(value) over a loader, its batches, or a program's Dataset (one_by_one)."""
    start = operator.index(start)  # enumerate()'s own TypeError, before the loader is read
    lead = one_by_one(value)
    return Combined("enumerate", [lead], enumerate(lead, start), [])


def zipped(values: tuple[Any, ...], items: Callable[[Any], list[Any]]) -> Combined:
    """zip(*values) with a DataLoader, its batches or a program's Dataset among them (is_lazy); `items`: the
    bounded list of any other value (a list, a tensor's rows)."""
    sources: list[Any] = []
    for value in values:  # each made in turn, as zip() calls iter() on each
        sources.append(one_by_one(value) if is_lazy(value) else items(value))
    lazy = [s for s in sources if isinstance(s, LoaderIterator)]
    sizes = [len(s) for s in sources if not isinstance(s, LoaderIterator)]
    return Combined("zip", lazy, zip(*sources, strict=False), sizes)


class Items(LoaderIterator):
    """A program's Dataset as Python iterates it (a `for` straight over it, iter(), enumerate(), zip(), list()):
    dataset[0], dataset[1], ... read one per pass until __getitem__ raises IndexError, its length never asked
    for that. So the number of passes is not known before a loop (a loop over it is sampled as a while loop is),
    and the bound is checked as each item is made."""

    kind = "iterator"

    def __init__(self, dataset: Any) -> None:
        super().__init__()
        self.count = None
        self._dataset = dataset
        self._bound: tuple[int, str] | None = None  # (items that may be read in all, what reads them), once counted

    def counted(self, limit: int, what: str, asked: bool = False) -> Self:
        self._limit = limit
        self._bound = (self._made + limit, what)
        return self

    def remaining(self, asked: bool = False) -> int:
        raise TypeError("a Dataset's items are counted as they come")

    def _read(self) -> Any:
        if self._bound is not None and self._made >= self._bound[0]:
            raise RunLimitExceeded(
                f"{self._bound[1]} over a Dataset read more than max_loop_iterations={self._limit:,} items"
            )
        try:
            return self._dataset[self._made]
        except (IndexError, ProgramRuntimeError, Located) as error:
            if _is_index_error(error):  # the end of the dataset, as Python's iteration takes it
                raise StopIteration from None
            raise


def _is_index_error(error: Exception) -> bool:
    """Whether __getitem__ raised IndexError: itself, or the program's own error standing for one (kept whole, or
    named by its message, as the interpreter's `except` reads it)."""
    if isinstance(error, Located):
        error = error.error
    if isinstance(error, ProgramRuntimeError):
        if error.original is not None:
            return isinstance(error.original, IndexError)
        return error.message.partition(": ")[0] == "IndexError"
    return isinstance(error, IndexError)


# What reads a DataLoader's batches one per pass: a loader, and what iter(), enumerate() and zip() make of one.
LOADERS = (DataLoader, LoaderIterator)


def reads_program_code(value: Any) -> bool:
    """A Dataset whose items the program's own __getitem__ makes (itself, or through random_split's parts)."""
    while isinstance(value, Subset):
        value = value.dataset
    return isinstance(value, Dataset) and classes.is_program_class(type(value))


def is_lazy(value: Any) -> bool:
    """Whether Python reads `value`'s items one per pass with the program's code between: a loader, its
    batches, or a Dataset of the program's own (one_by_one)."""
    return isinstance(value, LOADERS) or reads_program_code(value)
