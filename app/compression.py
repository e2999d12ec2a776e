"""Content codings: which one a client accepts (Accept-Encoding), and brotli / gzip encoding of bytes, whole or
streamed. Used by the worker (answers), the service (its cache keeps encoded bytes) and the middleware (pages,
static files, small JSON). Imports the standard library and brotli only: nothing of the web, the engine or torch.
"""

from __future__ import annotations

import functools
import zlib
from typing import Final

import brotli

IDENTITY: Final = "identity"
# The codings we send, in our order of preference when a client accepts several equally.
CODINGS: Final = ("br", "gzip")
# Below this many bytes an encoding saves less than its headers and its client's work cost.
MIN_BYTES: Final = 1024
# Media types whose bytes are text: worth encoding. PNG is compressed already.
COMPRESSIBLE: Final = frozenset(
    {
        "application/json",
        "image/svg+xml",
        "text/vnd.graphviz",
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "text/plain",
    }
)
# Answers are encoded as they are made, once each (the answer cache keeps the encoded bytes): the fastest
# settings. Brotli's lowest quality already beats gzip's default in both size and time on these answers, and a
# 4 MiB window lets it find repeats across a large answer's steps, graph and drawing.
_BROTLI = {"quality": 1, "lgwin": 22}
_GZIP_LEVEL = 1
_GZIP_WBITS = 31  # a gzip wrapper, its modification time 0: the same bytes give the same encoding
_UNNAMED_IDENTITY = 1e-4  # below the least q a client can write (0.001)
# A header listing more codings than this is not a browser's: the rest is not read.
_MAX_ITEMS = 32


# Clients send a handful of distinct headers (one per browser), each read once here, not once per request.
@functools.lru_cache(maxsize=64)
def negotiate(accept_encoding: str | None) -> str:
    """The coding to send: the acceptable one the client prefers most (RFC 9110 §12.5.3), ours breaking ties.

    No header means identity. `*` stands for every coding not named; `identity` is acceptable unless refused by
    name or by `*;q=0`; `x-gzip` is gzip. A malformed item is ignored, never an error. When the client refuses
    everything we have, identity is sent anyway: an answer it cannot decode helps nobody, a 406 no more.
    """
    if not accept_encoding:
        return IDENTITY
    weights: dict[str, float] = {}
    for item in accept_encoding.split(",", _MAX_ITEMS)[:_MAX_ITEMS]:
        name, _, params = item.partition(";")
        coding = name.strip().lower()
        if coding == "x-gzip":
            coding = "gzip"
        if not coding:
            continue
        weight = _weight(params)
        if weight is not None and coding not in weights:
            weights[coding] = weight
    star = weights.get("*")
    # Unnamed, identity is acceptable but below every coding the client names (as browsers and servers read it).
    identity = weights.get(IDENTITY, 0.0 if star == 0 else _UNNAMED_IDENTITY)
    best, best_weight = IDENTITY, 0.0
    for coding in (*CODINGS, IDENTITY):  # ours first: an equal weight goes to the earlier
        weight = identity if coding == IDENTITY else weights.get(coding, 0.0 if star is None else star)
        if weight > best_weight:
            best, best_weight = coding, weight
    return best


def _weight(params: str) -> float | None:
    """The q of an item's parameters (1 when absent), or None when it is malformed."""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                weight = float(value.strip())
            except ValueError:
                return None
            return weight if 0 <= weight <= 1 else None  # also refuses nan and inf
    return 1.0


def encode(data: bytes, coding: str) -> bytes:
    """`data` in `coding` ("br", "gzip" or "identity")."""
    if coding == "br":
        return bytes(brotli.compress(data, **_BROTLI))
    if coding == "gzip":
        encoder = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, _GZIP_WBITS)
        return encoder.compress(data) + encoder.flush()
    if coding == IDENTITY:
        return data
    raise ValueError(f"unknown content coding {coding!r}")


def decode(data: bytes, coding: str) -> bytes:
    """The bytes `encode(_, coding)` was given."""
    if coding == "br":
        return bytes(brotli.decompress(data))
    if coding == "gzip":
        return zlib.decompress(data, _GZIP_WBITS)
    if coding == IDENTITY:
        return data
    raise ValueError(f"unknown content coding {coding!r}")


class StreamEncoder:
    """Encodes a body that arrives in parts: each part's output as soon as the coding gives it, then the end."""

    def __init__(self, coding: str) -> None:
        self._brotli = brotli.Compressor(**_BROTLI) if coding == "br" else None
        self._gzip = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, _GZIP_WBITS) if coding == "gzip" else None
        if self._brotli is None and self._gzip is None:
            raise ValueError(f"unknown content coding {coding!r}")

    def part(self, data: bytes) -> bytes:
        if self._brotli is not None:
            return bytes(self._brotli.process(data))
        assert self._gzip is not None
        return self._gzip.compress(data)

    def end(self) -> bytes:
        if self._brotli is not None:
            return bytes(self._brotli.finish())
        assert self._gzip is not None
        return self._gzip.flush()


def compressible(media_type: str) -> bool:
    """Whether a Content-Type's media type (parameters ignored) is text worth encoding."""
    return media_type.split(";", 1)[0].strip().lower() in COMPRESSIBLE


def etag_for(tag: str, coding: str) -> str:
    """The ETag of one coding of the content whose identity ETag is `tag` (a quoted string): each coding is its own
    representation, so its tag differs; identity keeps the tag as is."""
    return tag if coding == IDENTITY else f'{tag[:-1]}-{coding}"'
