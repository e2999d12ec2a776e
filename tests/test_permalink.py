"""Programs packed into links: what the page packs the server unpacks, and no link inflates past the bound."""

from __future__ import annotations

import base64
import zlib
from pathlib import Path

import pytest

from app.permalink import LinkRefused, pack_source, unpack_source

PROGRAMS = Path(__file__).resolve().parent / "programs"


def raw_deflate(data: bytes) -> str:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.urlsafe_b64encode(packer.compress(data) + packer.flush()).rstrip(b"=").decode()


def long_program(lines: int) -> str:
    found: list[str] = []
    for path in sorted(PROGRAMS.glob("*.py")):
        found += path.read_text().splitlines()
        if len(found) >= lines:
            break
    return "\n".join(found[:lines]) + "\n"


def test_a_packed_program_comes_back_whole() -> None:
    source = 'x = torch.rand(2, requires_grad=True)  # é, ∂, 🙂\nprint(f"{x}")\n'
    assert unpack_source(pack_source(source), 20_000) == source


def test_a_250_line_program_packs_under_4_kb() -> None:
    source = long_program(250)
    assert source.count("\n") == 250
    assert len(pack_source(source)) < 4096 < len(source)


def test_a_zip_bomb_is_refused_before_it_inflates() -> None:
    bomb = raw_deflate(b"a" * 5_000_000)  # 5 MB in under 7 KB of link
    assert len(bomb) < 20_000
    with pytest.raises(LinkRefused, match="inflates past max_source_bytes") as refused:
        unpack_source(bomb, 20_000)
    assert refused.value.to_dict()["code"] == "invalid_request"
    huge = raw_deflate(b"a" * 60_000_000)
    with pytest.raises(LinkRefused, match="longer than max_source_bytes"):
        unpack_source(huge, 20_000)


def test_the_bound_is_exact() -> None:
    assert unpack_source(raw_deflate(b"a" * 100), 100) == "a" * 100
    with pytest.raises(LinkRefused, match="inflates past"):
        unpack_source(raw_deflate(b"a" * 101), 100)


@pytest.mark.parametrize(
    ("packed", "reason"),
    [
        ("not base64!", "not base64url"),
        (base64.urlsafe_b64encode(b"plain text").decode(), "not deflate-raw"),
        (raw_deflate(b"x = 1\n" * 50)[:-8], "cut short"),
        (raw_deflate("é".encode("latin-1")), "not UTF-8"),
    ],
)
def test_a_broken_link_says_what_is_wrong(packed: str, reason: str) -> None:
    with pytest.raises(LinkRefused, match=reason):
        unpack_source(packed, 20_000)
