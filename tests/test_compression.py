"""Content codings: Accept-Encoding read as RFC 9110 says, and every coding decodes to the bytes it was given."""

from __future__ import annotations

import gzip

import brotli
import pytest

from app.compression import StreamEncoder, compressible, decode, encode, etag_for, negotiate


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        (None, "identity"),
        ("", "identity"),
        ("gzip", "gzip"),
        ("gzip, deflate, br", "br"),  # every browser's: brotli preferred on a tie
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("GZIP;Q=0.9, BR;q=0.8", "gzip"),  # names and q are case-insensitive
        ("x-gzip", "gzip"),
        ("deflate", "identity"),  # a coding we do not send
        ("*", "br"),
        ("*;q=0.5, br;q=0", "gzip"),  # a named coding overrides *
        ("*;q=0", "identity"),  # nothing acceptable: identity anyway, never a 406
        ("br;q=0, gzip;q=0, identity;q=0", "identity"),
        ("identity", "identity"),
        ("identity;q=1, gzip;q=0.6", "identity"),
        ("identity;q=0, gzip;q=0.1", "gzip"),
        ("br;q=0.001", "br"),  # acceptable at all beats identity unnamed
        ("gzip;q=abc, br", "br"),  # a malformed item is skipped
        ("br;q=nan, gzip;q=2, identity", "identity"),  # q outside 0..1 is malformed
        ("br; foo=bar", "br"),
        (";;;,,,", "identity"),
        ("gzip, br;q=0.5, br;q=1", "gzip"),  # the first mention of a coding counts
    ],
)
def test_negotiate(header: str | None, coding: str) -> None:
    assert negotiate(header) == coding


def test_negotiate_reads_a_bounded_number_of_items() -> None:
    assert negotiate(", " * 100_000 + "br") == "identity"
    assert negotiate("q" * 100_000 + ", gzip") == "gzip"


@pytest.mark.parametrize("coding", ["br", "gzip", "identity"])
def test_every_coding_decodes_to_its_input(coding: str) -> None:
    data = b'{"steps": [' + b'{"line": 1, "value": [0.5, 0.25]},' * 2000 + b"0]}"
    encoded = encode(data, coding)
    assert decode(encoded, coding) == data
    if coding != "identity":
        assert len(encoded) < len(data) // 20
    stream = StreamEncoder(coding) if coding != "identity" else None
    if stream is not None:
        parts = b"".join(stream.part(data[i : i + 4096]) for i in range(0, len(data), 4096)) + stream.end()
        assert decode(parts, coding) == data


def test_codings_are_the_standard_ones_and_deterministic() -> None:
    data = b"<svg>" + b"<g class='node'/>" * 500 + b"</svg>"
    assert gzip.decompress(encode(data, "gzip")) == data  # a gzip member any client reads
    assert brotli.decompress(encode(data, "br")) == data
    assert encode(data, "gzip") == encode(data, "gzip")  # no timestamp in the gzip header
    with pytest.raises(ValueError):
        encode(data, "deflate")
    with pytest.raises(ValueError):
        StreamEncoder("identity")


def test_compressible_media_types_and_etags() -> None:
    assert compressible("application/json") and compressible("text/html; charset=utf-8")
    assert compressible("image/svg+xml") and compressible("text/vnd.graphviz")
    assert not compressible("image/png") and not compressible("")
    assert etag_for('"abc"', "identity") == '"abc"'
    assert etag_for('"abc"', "br") == '"abc-br"' != etag_for('"abc"', "gzip")
