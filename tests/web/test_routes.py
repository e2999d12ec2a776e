"""The page route without a browser: the query string is the whole state, the server renders the run,
and the HTML keeps to what the CSP allows (no inline script or style)."""

from __future__ import annotations

import base64
import json
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient
from markupsafe import escape

from app.examples import EXAMPLES, FAILING, example_by_id
from app.permalink import pack_source
from app.run_request import BackwardPasses, RunRequest
from app.web import PageState, preview
from tests.conftest import make_client

SQUARE = "x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)\ny = x * x\nz = y.sum()\n"


class Page(HTMLParser):
    """Collects what the tests look at: scripts, style attributes, the JSON data block, cells by field."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.styled: list[str] = []
        self.data = ""
        self._in_data = False
        self._in_svg = 0
        self.cells: dict[tuple[str, str], str] = {}
        self._row = ""
        self._field = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg":
            self._in_svg += 1
        if "style" in a and not self._in_svg:
            self.styled.append(tag)
        if tag == "script":
            self.scripts.append(a)
            self._in_data = a.get("id") == "page-data"
        if tag == "tr" and a.get("data-name"):
            self._row = a["data-name"] or ""
        if tag == "td" and a.get("data-field"):
            self._field = a["data-field"] or ""
            self.cells[(self._row, self._field)] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg -= 1
        if tag == "script":
            self._in_data = False
        if tag == "td":
            self._field = ""

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data += data
        if self._field:
            self.cells[(self._row, self._field)] += data


def get(client: TestClient, **params: Any) -> Page:
    response = client.get("/", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return Page(response.text)


def test_bare_page_opens_on_the_first_example(client: TestClient) -> None:
    page = get(client)
    data = json.loads(page.data)
    assert data["state"] == {
        "source": EXAMPLES[0]["source"],
        "seed": 0,
        "zero_grad": False,
        "show_saved": False,
        "target": "",
        "gradient": "",
        "times": 0,
        "step": None,
        "example": "",
        "link_error": None,
        "collapse": ["loop*"],  # a page starts with every long loop collapsed
    }
    assert data["examples"] == EXAMPLES
    assert "svg" not in data["result"]  # already inline in the page
    assert data["result"]["error"] is None
    # Variables keep the program's order, not alphabetical order.
    assert list(data["result"]["variables"]) == ["x", "a", "b", "c", "d", "grad"]


def test_html_has_no_inline_script_or_style(client: TestClient) -> None:
    page = get(client, example="gradient")
    assert page.styled == []
    for script in page.scripts:
        assert script.get("src") or script.get("type") == "application/json"
    assert any((s.get("src") or "").endswith("/static/js/main.js") and s.get("type") == "module" for s in page.scripts)


def test_form_runs_backward_and_shows_the_gradient(client: TestClient) -> None:
    page = get(client, source=SQUARE, target="z", times="3")
    x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    for _ in range(3):
        (x * x).sum().backward()
    assert x.grad is not None
    assert page.cells[("x", "grad")] == preview(x.grad.tolist(), "float32") == "[6.0000, -12.0000, 18.0000]"
    zeroed = get(client, source=SQUARE, target="z", times="3", zero_grad="1")
    assert zeroed.cells[("x", "grad")] == "[2.0000, -4.0000, 6.0000]"
    assert json.loads(zeroed.data)["state"]["zero_grad"] is True


def test_example_parameter_loads_that_example(client: TestClient) -> None:
    page = get(client, example="detach", source="ignored = 1\n")
    data = json.loads(page.data)
    detach = example_by_id("detach")
    assert detach is not None and data["state"]["source"] == detach["source"]
    assert data["state"]["example"] == "detach"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e["id"])
def test_every_example_runs_in_the_service(client: TestClient, example: dict[str, str]) -> None:
    response = client.post("/api/v1/run", json={"source": example["source"]})
    assert response.status_code == 200
    error = response.json()["error"]
    assert (error is not None) == (example["id"] in FAILING)


def test_refused_program_is_shown_with_its_line(client: TestClient) -> None:
    """The page still shows a refused program, with the status the API gives the same refusal."""
    response = client.get("/", params={"source": "x = torch.ones(2)\ny = (x +\n"})
    assert response.status_code == 400
    data = json.loads(Page(response.text).data)
    assert data["result"]["error"]["code"] == "syntax_error"
    assert re.search(
        r'<p id="editor-error" class="editor-error" role="alert">\s*<span class="error-code">'
        r"syntax_error</span> line \d",
        response.text,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"seed": "abc", "times": "-4", "step": ""}, {"seed": 0, "times": 0, "step": None}),
        (
            {"seed": "7", "times": "2", "step": "3", "zero_grad": "0"},
            {"seed": 7, "times": 2, "step": 3, "zero_grad": False},
        ),
        (
            {"zero_grad": "1", "target": " d ", "gradient": " torch.ones(2) "},
            {"zero_grad": True, "target": "d", "gradient": "torch.ones(2)"},
        ),
    ],
)
def test_query_string_is_read_leniently(query: dict[str, str], expected: dict[str, Any]) -> None:
    from starlette.datastructures import QueryParams

    state = PageState.from_query(QueryParams({"source": "x = 1\r\n", **query}), 20_000)
    assert state.source == "x = 1\n"
    assert {k: getattr(state, k) for k in expected} == expected


def test_a_page_collapses_every_loop_unless_its_link_says_otherwise() -> None:
    from starlette.datastructures import QueryParams

    def collapse(query: str) -> tuple[str, ...]:
        return PageState.from_query(QueryParams(query), 20_000).collapse

    assert collapse("source=x") == ("loop*",)
    assert collapse("source=x&collapse=") == ()  # every box open
    assert collapse("source=x&collapse=loop3,model.fc1,../etc") == ("loop3", "model.fc1")


def test_backward_is_only_asked_for_with_a_target_and_passes() -> None:
    assert PageState(source="", target="d", times=0).run_request().backward is None
    assert PageState(source="", target="", times=2).run_request().backward is None
    assert PageState(source="", target="d", times=2).run_request().backward == BackwardPasses("d", None, 2)
    request = PageState(source="x", seed=4, zero_grad=True, target="y", gradient="torch.ones(3)", times=1).run_request()
    assert request == RunRequest(
        source="x",
        seed=4,
        zero_grad=True,
        backward=BackwardPasses("y", "torch.ones(3)", 1),
        collapse=("loop*",),  # the page's default: every long loop collapsed
        format="run",
    )


def test_backward_times_past_the_setting_is_refused_on_the_page() -> None:
    """The bound lives in the settings alone: the page refuses what the API refuses, with the same status."""
    with make_client(max_backward_times=3) as client:
        source = "x = torch.ones(2, requires_grad=True)\nd = (x * 2).sum()\n"
        page = client.get("/", params={"source": source, "target": "d", "times": "5"})
        assert page.status_code == 422 and "max_backward_times" in page.text
        assert 'max="3"' in page.text  # the form says so before it is sent
        ok = client.get("/", params={"source": source, "target": "d", "times": "3"})
        assert ok.status_code == 200


def test_preview_matches_what_the_page_script_prints() -> None:
    assert preview(None) == "None"
    assert preview(2.5) == "2.5000"
    assert preview([[1.0, "NaN"], ["Infinity", "-Infinity"]]) == "[1.0000, nan, inf, -inf]"
    assert preview([1.5e-5, -2e7, 0.0]) == "[1.500e-5, -2.000e+7, 0.0000]"
    assert preview(list(range(10)), "int64") == "[0, 1, 2, 3, 4, 5, 6, 7, …]"
    assert preview([True, False], "bool") == "[True, False]"


def test_a_packed_link_opens_its_program_without_javascript(client: TestClient) -> None:
    page = get(client, z=pack_source(SQUARE), seed="2", step="last")
    data = json.loads(page.data)
    assert data["state"]["source"] == SQUARE and data["state"]["seed"] == 2
    assert data["state"]["step"] == len(data["result"]["steps"]) - 1  # step=last, resolved against the run
    assert data["result"]["error"] is None and list(data["result"]["variables"]) == ["x", "y", "z"]
    assert get(client, source=SQUARE).cells == page.cells  # the old links, with the source in full, still work


def test_a_zip_bomb_link_is_refused_before_it_inflates(client: TestClient) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = base64.urlsafe_b64encode(packer.compress(b"a" * 5_000_000) + packer.flush()).rstrip(b"=").decode()
    response = client.get("/", params={"z": bomb})
    assert response.status_code == 422
    data = json.loads(Page(response.text).data)
    assert data["result"] == {
        "error": {
            "code": "invalid_request",
            "message": "the program in this link inflates past max_source_bytes (20000 bytes)",
            "line": None,
            "col": None,
        }
    }
    assert "inflates past max_source_bytes" in response.text  # shown to a reader without JavaScript too


def test_the_language_reference_page(client: TestClient) -> None:
    response = client.get("/language")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = Page(response.text)
    assert page.styled == [] and all(s.get("src") for s in page.scripts)  # nothing inline, as the CSP demands
    assert "<code>max_backward_times</code></th><td>" in response.text  # the limits in force
    doc = (Path(__file__).resolve().parents[2] / "docs" / "language.md").read_text()
    assert str(escape(doc)) in response.text  # escaped as Jinja escapes it
