"""Stable addresses: an object that Python prints with its memory address (a backward node,
`<MulBackward0 object at 0x7f3a...>`; the generator torch.manual_seed returns) prints a placeholder instead.

A real address says where the server's memory is laid out, and it differs from worker to worker and run to run,
so the same program would not always print the same text. The placeholders are numbered by first appearance in
the run: the first such object printed is `0x0000000000000001`, the next another one `...02`, and the same object
prints the same number for as long as it exists.

A number must be forgotten exactly when its object goes, or a later object at the same address would take it
as the memory allocator happens to decide. A backward node cannot be weakly referenced (and keeping it would keep
its saved tensors), but it owns a `metadata` dict that goes with it: a small marker put there, weakly referenced
here, says when. Any other object (torch's one default generator) is kept referenced until the run ends.
Imports the standard library only.
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

PLACEHOLDER = "0x{:016x}"
_ADDRESS = re.compile(r"0x[0-9a-f]+")  # as CPython's %p writes an object's address into its repr
_PLAIN = (str, bytes, int, float, complex, bool, type(None))
_WALK_CAP = 10_000  # objects looked at in one printed value; what print() may show is bounded before it runs


def _objects(values: Iterable[Any]) -> Iterator[Any]:
    """Every object in `values` and the lists, tuples, sets and dicts they hold, but plain numbers and strings."""
    stack = list(values)
    seen: set[int] = set()
    while stack and len(seen) < _WALK_CAP:
        value = stack.pop()
        if isinstance(value, _PLAIN) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            stack.extend(value)
        else:
            yield value


class _Marker:
    """Put in a backward node's metadata: it goes when the node goes."""

    __slots__ = ("__weakref__",)


_MARKER_KEY = "_stable_address"


class StableAddresses:
    """One run's numbering of the objects whose addresses it printed (id() -> number, while the object exists)."""

    def __init__(self) -> None:
        self._numbers: dict[int, int] = {}
        self._counter = itertools.count(1)
        self._kept: list[Any] = []
        self._markers: dict[int, weakref.ref[_Marker]] = {}

    def _follow(self, obj: Any) -> None:
        """Forget `obj`'s number when it goes (see the module docstring)."""
        key = id(obj)
        metadata = getattr(obj, "metadata", None)
        if isinstance(metadata, dict):
            marker = metadata[_MARKER_KEY] = _Marker()

            def forget(_: object) -> None:
                self._numbers.pop(key, None)
                self._markers.pop(key, None)

            self._markers[key] = weakref.ref(marker, forget)
        else:
            self._kept.append(obj)

    def hide(self, text: str, values: Iterable[Any]) -> str:
        """`text`, made from `values` (print's arguments, an f-string's or a %-format's value), with the address of
        each object among them replaced by that object's placeholder."""
        if "0x" not in text:
            return text
        found = {f"0x{id(o):x}": o for o in _objects(values)}
        if not found:
            return text

        def placeholder(match: re.Match[str]) -> str:
            obj = found.get(match[0])
            if obj is None:  # hex digits the program wrote itself
                return match[0]
            number = self._numbers.get(id(obj))
            if number is None:
                number = self._numbers[id(obj)] = next(self._counter)
                self._follow(obj)
            return PLACEHOLDER.format(number)

        return _ADDRESS.sub(placeholder, text)
