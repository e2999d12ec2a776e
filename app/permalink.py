"""A program packed into a link (`z=`): UTF-8, deflate-raw, then base64url without padding — what the page
makes with the browser's CompressionStream — and unpacked here with the output bounded before it is inflated.

A link is anyone's input: a few bytes of deflate can stand for gigabytes (a zip bomb), so inflation stops at
the bound and the link is refused. Standard library only; never imports the web, the engine or the settings.
"""

from __future__ import annotations

import base64
import binascii
import zlib

from app.errors import AppError

_WBITS_RAW = -15  # raw deflate: no zlib header or checksum, as CompressionStream("deflate-raw") writes


class LinkRefused(AppError):
    """A packed program in a link that is not base64url deflate-raw UTF-8 text, or unpacks past the bound."""

    code = "invalid_request"


def pack_source(source: str) -> str:
    """The `z=` text for a program, as the page makes it."""
    packer = zlib.compressobj(9, zlib.DEFLATED, _WBITS_RAW)
    data = packer.compress(source.encode("utf-8")) + packer.flush()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unpack_source(packed: str, max_bytes: int) -> str:
    """The program a `z=` text holds; refused when it would inflate past `max_bytes` (max_source_bytes)."""
    # Deflate never makes text much longer than itself, nor base64 by more than a third: a longer link is refused
    # before any decoding.
    if len(packed) > 2 * max_bytes:
        raise LinkRefused(f"the program in this link is longer than max_source_bytes ({max_bytes} bytes)")
    try:
        data = base64.b64decode(packed + "=" * (-len(packed) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as e:
        raise LinkRefused("the program in this link (z=) is not base64url text") from e
    inflater = zlib.decompressobj(_WBITS_RAW)
    try:
        # At most one byte past the bound is ever inflated: that byte is what tells an over-long program.
        text = inflater.decompress(data, max_bytes + 1)
    except zlib.error as e:
        raise LinkRefused("the program in this link (z=) is not deflate-raw data") from e
    if len(text) > max_bytes or inflater.unconsumed_tail:
        raise LinkRefused(f"the program in this link inflates past max_source_bytes ({max_bytes} bytes)")
    if not inflater.eof:
        raise LinkRefused("the program in this link (z=) is cut short")
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LinkRefused("the program in this link (z=) is not UTF-8 text") from e
