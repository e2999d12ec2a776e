"""BoundedLRU: a least-recently-used map bounded by entry count and by bytes, safe across threads.

Every byte-bounded cache of the service uses it (answers in the web process, layouts in a worker).
Imports the standard library only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedLRU(Generic[K, V]):
    """At most `max_entries` entries and `max_bytes` bytes (as `size_of` counts them); an entry larger than
    `max_entry_bytes` is not kept at all, so one huge value can never flush everything else."""

    def __init__(
        self,
        max_bytes: int,
        size_of: Callable[[V], int],
        *,
        max_entries: int | None = None,
        max_entry_bytes: int | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self.max_entry_bytes = max_bytes if max_entry_bytes is None else max_entry_bytes
        self._size_of = size_of
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    @property
    def bytes(self) -> int:
        """The bytes of the entries kept now."""
        return self._bytes

    def get(self, key: K) -> tuple[bool, V | None]:
        """(True, value) and the entry becomes the most recent, or (False, None) when it is not kept."""
        with self._lock:
            if key not in self._entries:
                return False, None
            self._entries.move_to_end(key)
            return True, self._entries[key]

    def put(self, key: K, value: V) -> bool:
        """Keep `value` unless it is too large or `key` is kept already; drops the least recent to fit.
        Returns whether it is kept."""
        size = self._size_of(value)
        if size > self.max_entry_bytes or size > self.max_bytes or self.max_entries == 0:
            return False
        with self._lock:
            if key in self._entries:
                return False
            self._entries[key] = value
            self._bytes += size
            while self._bytes > self.max_bytes or (
                self.max_entries is not None and len(self._entries) > self.max_entries
            ):
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= self._size_of(dropped)
            return True

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
