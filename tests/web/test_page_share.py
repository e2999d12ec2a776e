"""Share and take away, in a real Chromium: the copied link is short and opens the same page, a zip bomb in a
link is refused, the current step's graph downloads in four formats, and "Copy as Python" is a script real
Python runs to the API's numbers."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from pagekit import SQUARE, go_to_step, open_page, step_label, wait_ready

from app.permalink import unpack_source

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROGRAMS = Path(__file__).resolve().parents[1] / "programs"
LOOP = """w = torch.rand(2, requires_grad=True)
x = torch.tensor([1.0, 2.0], requires_grad=True)
for i in range(3):
    y = (x * w * (i + 1)).sum()
    y.backward()
print(x.grad)
print(w.grad)
"""


@pytest.fixture
def clip_page(browser: Any, server: str, watch: Any) -> Iterator[Any]:
    """A page allowed to read and write the clipboard."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    context.add_init_script("localStorage.setItem('agx-guide-dismissed', '1')")
    pg = context.new_page()
    pg.on("console", watch.console)
    pg.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))
    yield pg
    context.close()
    assert watch.errors == []


def clipboard(page: Any) -> str:
    return str(page.evaluate("navigator.clipboard.readText()"))


def long_program(lines: int) -> str:
    found: list[str] = []
    for path in sorted(PROGRAMS.glob("*.py")):
        found += path.read_text().splitlines()
        if len(found) >= lines:
            break
    return "\n".join(found[:lines]) + "\n"


def test_copy_link_gives_a_short_link_that_opens_the_same_page(clip_page: Any, server: str, browser: Any) -> None:
    page = clip_page
    open_page(page, server, source=SQUARE, seed="3", target="z", times="2", zero_grad="1")
    go_to_step(page, 1)
    page.click("#copy-link")
    page.wait_for_selector("#share-status:text-is('Link copied.')")
    link = clipboard(page)
    assert link == page.url and "z=" in link and "source=" not in link
    assert "seed=3" in link and "step=1" in link and "times=2" in link

    other = browser.new_context(viewport={"width": 1440, "height": 1000}, java_script_enabled=False)
    plain = other.new_page()
    plain.goto(link)  # the server reads the packed program itself: the no-JS page shows it
    assert plain.input_value("#source") == SQUARE and plain.input_value("#seed") == "3"
    other.close()
    again = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    again.goto(link)
    wait_ready(again)
    assert again.input_value("#source") == SQUARE and step_label(again) == step_label(page)
    again.context.close()

    # A 250-line program: the URL stays under 4 KB (the source alone, in full, would not).
    source = long_program(250)
    page.fill("#source", source)
    page.click("#run-button")
    wait_ready(page)
    page.click("#copy-link")
    page.wait_for_selector("#share-status:text-is('Link copied.')")
    link = clipboard(page)
    assert len(link) < 4096 < len(source.encode())
    z = link.split("z=")[1].split("&")[0]
    assert unpack_source(z, 20_000) == source


def test_a_zip_bomb_link_is_refused_with_a_clear_error(page: Any, server: str, watch: Any) -> None:
    watch.allowed.append("status of 422")  # the page itself answers 422, as the API would
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = base64.urlsafe_b64encode(packer.compress(b"a" * 5_000_000) + packer.flush()).rstrip(b"=").decode()
    response = page.goto(f"{server}/?z={bomb}")
    assert response.status == 422
    wait_ready(page)
    assert "inflates past max_source_bytes" in page.text_content("#editor-error")


@pytest.mark.parametrize("fmt", ["svg", "png", "dot", "json"])
def test_the_current_steps_graph_downloads(clip_page: Any, server: str, fmt: str) -> None:
    page = clip_page
    open_page(page, server, source=SQUARE, target="z", times="1")
    go_to_step(page, 1)
    with page.expect_download() as info:
        page.click(f'#downloads a[data-format="{fmt}"]')
    download = info.value
    assert download.suggested_filename == f"autograd-graph-step-2.{fmt}"
    body = Path(download.path()).read_bytes()
    query = {"source": SQUARE, "target": "z", "times": 1, "step": 1, "seed": 0}
    expected = httpx.get(f"{server}/api/v1/graph.{fmt}", params=query, timeout=30)
    assert expected.status_code == 200
    if fmt == "json":
        assert json.loads(body) == expected.json()
    else:
        assert body == expected.content
    assert body != httpx.get(f"{server}/api/v1/graph.{fmt}", params={**query, "step": 2}, timeout=30).content


@pytest.mark.parametrize("zero_grad", [True, False])
def test_copy_as_python_runs_to_the_apis_numbers(clip_page: Any, server: str, api: Any, zero_grad: bool) -> None:
    page = clip_page
    options = {"seed": "5", "target": "y", "times": "2", **({"zero_grad": "1"} if zero_grad else {})}
    open_page(page, server, source=LOOP, **options)
    page.click("#copy-python")
    page.wait_for_selector("#share-status:text-is('Python script copied.')")
    script = clipboard(page)
    assert "torch.manual_seed(5)" in script
    assert ("x.grad.zero_()" in script) is zero_grad
    assert "retain_graph=True" in script
    expected = api(LOOP, seed=5, zero_grad=zero_grad, backward={"target": "y", "times": 2})
    assert expected["error"] is None
    check = "\nimport json\nprint(json.dumps([x.grad.tolist(), w.grad.tolist()]))\n"
    ran = subprocess.run([sys.executable, "-c", script + check], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    *program_lines, last = ran.stdout.rstrip("\n").split("\n")
    printed = "\n".join(program_lines) + "\n"
    assert printed == expected["output"]  # the program's own prints, byte for byte
    x_grad, w_grad = json.loads(last)
    assert x_grad == pytest.approx(expected["variables"]["x"]["grad"], rel=1e-6)
    assert w_grad == pytest.approx(expected["variables"]["w"]["grad"], rel=1e-6)


def test_where_the_clipboard_is_refused_the_text_is_shown_to_copy(page: Any, server: str) -> None:
    page.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', {value: {writeText: () => Promise.reject(new Error('no'))}})"
    )
    open_page(page, server, source=SQUARE)
    page.click("#copy-link")
    page.wait_for_selector("#share-text:visible")
    assert page.input_value("#share-text") == page.url
    assert "refused the clipboard" in page.text_content("#share-status")
    page.click("#copy-python")
    assert page.input_value("#share-text").startswith("import torch\n\ntorch.manual_seed(0)\n\nx = torch.rand(")


def test_without_javascript_the_download_links_are_the_apis_get(nojs_page: Any, server: str) -> None:
    nojs_page.goto(f"{server}/?source={quote(SQUARE)}&target=z&times=1&zero_grad=1&step=1")
    for fmt in ("svg", "png", "dot", "json"):
        href = nojs_page.get_attribute(f'#downloads a[data-format="{fmt}"]', "href")
        assert href is not None and href.startswith(f"/api/v1/graph.{fmt}?")
        got = httpx.get(f"{server}{href}", timeout=30)
        query = {"source": SQUARE, "target": "z", "times": 1, "zero_grad": True, "step": 1}
        assert got.status_code == 200
        assert got.content == httpx.get(f"{server}/api/v1/graph.{fmt}", params=query, timeout=30).content


def test_copy_as_python_seeds_random_and_numpy_as_the_run_does(clip_page: Any, server: str, api: Any) -> None:
    source = (
        "import random\nimport numpy as np\nx = torch.rand(2)\n"
        "print(x, random.random(), np.random.rand(2))\nprint(random.randint(0, 100))\n"
    )
    open_page(clip_page, server, source=source, seed="11")
    clip_page.click("#copy-python")
    clip_page.wait_for_selector("#share-status:text-is('Python script copied.')")
    script = clipboard(clip_page)
    expected = api(source, seed=11)
    assert expected["error"] is None
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == expected["output"]
