"""BoundedLRU: bounds by bytes, by entries and per entry; least recently used goes first."""

from __future__ import annotations

from app.lru import BoundedLRU


def test_keeps_and_returns_entries() -> None:
    cache: BoundedLRU[str, bytes] = BoundedLRU(100, len)
    assert cache.put("a", b"xx")
    assert cache.get("a") == (True, b"xx")
    assert cache.get("b") == (False, None)
    assert cache.bytes == 2 and len(cache) == 1


def test_drops_least_recently_used_to_fit_bytes() -> None:
    cache: BoundedLRU[str, bytes] = BoundedLRU(10, len)
    cache.put("a", b"aaaa")
    cache.put("b", b"bbbb")
    cache.get("a")  # now "b" is the least recent
    cache.put("c", b"cccc")
    assert "b" not in cache and "a" in cache and "c" in cache
    assert cache.bytes == 8


def test_entry_bound() -> None:
    cache: BoundedLRU[int, bytes] = BoundedLRU(1000, len, max_entries=2)
    for i in range(5):
        cache.put(i, b"x")
    assert len(cache) == 2 and 3 in cache and 4 in cache


def test_too_large_entry_is_not_kept_and_flushes_nothing() -> None:
    cache: BoundedLRU[str, bytes] = BoundedLRU(100, len, max_entry_bytes=10)
    cache.put("small", b"s")
    assert not cache.put("big", b"b" * 11)
    assert "small" in cache and "big" not in cache and cache.bytes == 1


def test_a_value_counted_as_nothing_is_still_kept() -> None:
    """A remembered miss (None) costs no bytes but is kept, so it is not worked out again."""
    cache: BoundedLRU[str, str | None] = BoundedLRU(10, lambda v: len(v or ""))
    cache.put("miss", None)
    assert cache.get("miss") == (True, None) and cache.bytes == 0


def test_existing_key_is_not_counted_twice() -> None:
    cache: BoundedLRU[str, bytes] = BoundedLRU(100, len)
    cache.put("a", b"xyz")
    assert not cache.put("a", b"xyz")
    assert cache.bytes == 3


def test_clear_and_zero_entries() -> None:
    cache: BoundedLRU[str, bytes] = BoundedLRU(100, len)
    cache.put("a", b"1")
    cache.clear()
    assert len(cache) == 0 and cache.bytes == 0
    assert not BoundedLRU[str, bytes](100, len, max_entries=0).put("a", b"1")
