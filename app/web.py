"""The HTML page at `/`: reads the form from the query string into the one typed request, asks the service,
renders Jinja.

Thin route; uses the Service and the examples, never the engine or renderer.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import QueryParams

from app.deps import ServiceDep, SettingsDep
from app.engine.loop_groups import EVERY_LOOP
from app.errors import status_of
from app.examples import EXAMPLES, example_by_id
from app.permalink import LinkRefused, unpack_source
from app.run_request import SEED_MAX, BackwardPasses, RunRequest
from app.schemas import COLLAPSIBLE, MAX_COLLAPSED

PAGE_COLLAPSE = (EVERY_LOOP,)  # what a page collapses when its link says nothing
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
router = APIRouter()

PREVIEW_VALUES = 8
# `step=last` in a link: the run's last step, whatever its count. Also the bound on a step number.
LAST_STEP = 10**6
LANGUAGE_DOC = Path(__file__).resolve().parent.parent / "docs" / "language.md"


def _flat(value: Any) -> list[Any]:
    """A snapshot's nested lists, flat, in order; without recursion, however deep they nest."""
    flat: list[Any] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(reversed(item))
        else:
            flat.append(item)
    return flat


def _number(value: Any, floating: bool) -> str:
    # Mirrors fmt() in static/js/tensor.js, so the page reads the same with or without JavaScript.
    # Non-finite values arrive as the strings "NaN", "Infinity", "-Infinity"; show them like torch does.
    if isinstance(value, str):
        return {"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}.get(value, value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e6:
        return f"{value:.4f}" if floating else str(int(value))
    if value != 0 and not 1e-3 <= abs(value) < 1e5:
        return re.sub(r"e([+-])0*(\d)", r"e\1\2", f"{value:.3e}")
    return f"{value:.4f}"


def preview(value: Any, dtype: str | None = "float32") -> str:
    """A short text for a tensor value in the no-JS table: the first few numbers, flattened."""
    floating = bool(dtype) and ("float" in str(dtype) or "complex" in str(dtype))
    if value is None:
        return "None"
    if not isinstance(value, list):
        return _number(value, floating)
    flat = _flat(value)
    shown = ", ".join(_number(v, floating) for v in flat[:PREVIEW_VALUES])
    return f"[{shown}{', …' if len(flat) > PREVIEW_VALUES else ''}]"


def preview_shape(shape: Any) -> str:
    return str(tuple(shape)) if isinstance(shape, list) else ""


def page_json(value: Any, **options: Any) -> str:
    """JSON text for the page's data, which holds a whole answer (up to max_answer_bytes): by orjson, in the
    order given, as the API sends it; by the standard library where orjson refuses (an integer past 64 bits, a
    lone surrogate). Jinja's tojson then escapes it for the HTML page."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, **options)


# Variables keep the order the program created them in; Jinja's tojson would sort them by name.
templates.env.policies["json.dumps_kwargs"] = {"sort_keys": False}
templates.env.policies["json.dumps_function"] = page_json
templates.env.filters["preview"] = preview
templates.env.filters["preview_shape"] = preview_shape


def _int(text: str | None, default: int, low: int, high: int | None = None) -> int:
    """A form number, clamped from below (and from above when the bound is structural, not a setting)."""
    try:
        value = max(low, int(text)) if text not in (None, "") else default
    except ValueError:
        return default
    return value if high is None else min(high, value)


def _flag(text: str) -> bool:
    """A form checkbox: absent or empty is off, as are the spellings of false."""
    return text not in ("", "0", "false", "off")


@dataclass(frozen=True)
class PageState:
    """Everything the page shows, as it appears in the URL (the server keeps no session)."""

    source: str
    seed: int = 0
    zero_grad: bool = False
    show_saved: bool = False
    target: str = ""
    gradient: str = ""
    times: int = 0
    step: int | None = None
    # Modules and loops drawn as one node each, by path; a page starts with every long loop collapsed.
    collapse: tuple[str, ...] = PAGE_COLLAPSE
    example: str = ""
    # A link whose packed program (z=) could not be read: the page shows this error instead of a run.
    link_error: dict[str, Any] | None = None

    @classmethod
    def from_query(cls, query: QueryParams, max_source_bytes: int) -> PageState:
        example = example_by_id(query.get("example", ""))
        source = query.get("source")
        link_error = None
        packed = query.get("z")
        if packed is not None and example is None:
            try:
                source = unpack_source(packed, max_source_bytes)
            except LinkRefused as e:
                source, link_error = "", e.to_dict()
        if source is None or example is not None:
            # A bare `/` opens on the first example so the page is never empty.
            source = (example or EXAMPLES[0])["source"]
        step = query.get("step")
        if step == "last":  # resolved against the run once it is known (at_last_step)
            step = str(LAST_STEP)
        return cls(
            source=source.replace("\r\n", "\n"),
            seed=_int(query.get("seed"), 0, 0, SEED_MAX),
            zero_grad=_flag(query.get("zero_grad", "")),
            show_saved=_flag(query.get("show_saved", "")),
            target=query.get("target", "").strip(),
            gradient=query.get("gradient", "").strip(),
            # Not clamped above: past max_backward_times the service refuses, and says so.
            times=_int(query.get("times"), 0, 0),
            step=_int(step, 0, 0, LAST_STEP) if step not in (None, "") else None,
            collapse=_collapsed_paths(query["collapse"]) if "collapse" in query else PAGE_COLLAPSE,
            example=example["id"] if example else "",
            link_error=link_error,
        )

    def at_last_step(self, result: dict[str, Any]) -> PageState:
        """The state with `step=last` (or a step past the end) read as the run's last step."""
        count = len(result.get("steps") or [])
        if self.step is None or self.step < count:
            return self
        return replace(self, step=max(0, count - 1))

    def graph_query(self) -> str:
        """The query of GET /api/v1/graph.* for the graph this page shows: its download links without JavaScript."""
        query: dict[str, str | int] = {"source": self.source, "seed": self.seed}
        if self.zero_grad:
            query["zero_grad"] = "true"
        if self.show_saved:
            query["show_saved"] = "true"
        if self.target and self.times >= 1:
            query.update(target=self.target, times=self.times)
            if self.gradient:
                query["gradient"] = self.gradient
        if self.step is not None:
            query["step"] = self.step
        if self.collapse:
            query["collapse"] = ",".join(self.collapse)
        return urlencode(query)

    def run_request(self) -> RunRequest:
        """The run this page shows: the whole run as JSON with its SVG."""
        passes = None
        if self.target and self.times >= 1:
            passes = BackwardPasses(self.target, self.gradient or None, self.times)
        return RunRequest(
            source=self.source,
            seed=self.seed,
            zero_grad=self.zero_grad,
            backward=passes,
            show_saved=self.show_saved,
            collapse=self.collapse,
        )


def _collapsed_paths(text: str) -> tuple[str, ...]:
    """`collapse=model.fc1,loop*`: the paths that look like paths (others are dropped); `collapse=` collapses
    nothing."""
    paths = [p for p in text.split(",") if re.fullmatch(COLLAPSIBLE, p)]
    return tuple(dict.fromkeys(paths))[:MAX_COLLAPSED]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def index(request: Request, service: ServiceDep, settings: SettingsDep) -> HTMLResponse:
    state = PageState.from_query(request.query_params, settings.max_source_bytes)
    result = {"error": state.link_error} if state.link_error else await service.answer_for_page(state.run_request())
    state = state.at_last_step(result)
    # The page script reads the run from a JSON block; the SVG is already inline, so it is not sent twice.
    page_data = {
        "state": asdict(state),
        "result": {k: v for k, v in result.items() if k != "svg"},
        "examples": EXAMPLES,
    }
    context = {"state": state, "result": result, "examples": EXAMPLES, "page_data": page_data, "limits": settings}
    # A request refused before it ran answers with its error's status, as the API does; the page still shows it.
    refused = "error" in result and "steps" not in result
    status = status_of(str(result["error"]["code"])) if refused else 200
    # Rendering a large answer takes a while: in a thread, the event loop keeps serving other requests meanwhile.
    return await asyncio.to_thread(templates.TemplateResponse, request, "index.html", context, status_code=status)


@router.get("/language", response_class=HTMLResponse, include_in_schema=False)
async def language(request: Request, settings: SettingsDep) -> HTMLResponse:
    """The language reference (docs/language.md, generated from the catalogue) and the limits in force."""
    text = await asyncio.to_thread(LANGUAGE_DOC.read_text, encoding="utf-8")
    context = {"text": text, "limits": settings.model_dump()}
    return templates.TemplateResponse(request, "language.html", context)
