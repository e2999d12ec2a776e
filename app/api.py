"""REST routes under /api/v1: thin — validate into the one typed request, ask the service, answer."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response

from app import examples
from app.compression import IDENTITY, negotiate
from app.deps import ServiceDep, SettingsDep
from app.engine import catalogue
from app.errors import STATUS
from app.errors_http import ApiError, error_response
from app.schemas import (
    ErrorResponse,
    GradCheckBody,
    GradCheckOut,
    GraphBody,
    GraphQuery,
    RunBody,
    RunData,
    RunResponse,
    publish_bounds,
)
from app.service import Answer, Service
from app.settings import Settings

router = APIRouter(prefix="/api/v1", tags=["api"])

# What each error status of an operation means; the codes it carries are app.errors.STATUS's for that status.
ERROR_MEANINGS: dict[int, str] = {
    400: "The program was refused before it ran.",
    404: "The run has no such step.",
    413: "The body is over max_body_bytes.",
    415: "The body is not application/json.",
    422: "`invalid_request`: the request does not match this schema, or passes a bound in force. Any other code "
    "refuses a well-formed request: its program passed a limit, or its run was stopped.",
    503: "The worker pool is busy or restarting: retry after Retry-After.",
}
# Codes no one operation answers: bases never raised, the router's own refusals (any path), a bug of ours.
_UNDECLARED = frozenset(
    {"engine_error", "program_error", "run_error", "not_found", "method_not_allowed", "internal_error"}
)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Each status's error answer: the envelope, what it means, and under `x-error-codes` every code it carries."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        codes = [code for code, of in STATUS.items() if of == status and code not in _UNDECLARED]
        listed = ", ".join(f"`{code}`" for code in codes)
        responses[status] = {
            "model": ErrorResponse,
            "description": f"{ERROR_MEANINGS[status]} Codes: {listed}.",
            "x-error-codes": codes,
        }
    return responses


ERRORS = error_responses(400, 413, 415, 422, 503)
GraphFormat = Literal["svg", "png", "dot", "json"]
# One operation serves every format, so its answer declares each format's media type.
GRAPH_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "model": RunData,
        "description": "The graph in the format asked for: `svg`, `png`, `dot`, or the run as data (`json`).",
        "content": {
            "image/svg+xml": {"schema": {"type": "string"}},
            "image/png": {"schema": {"type": "string", "format": "binary"}},
            "text/vnd.graphviz": {"schema": {"type": "string"}},
        },
    },
    304: {"description": "Not modified: the ETag sent in If-None-Match is still the answer's."},
    **error_responses(400, 404, 413, 415, 422, 503),
}


def publish_contract(app: FastAPI, settings: Settings) -> None:
    """Serve /openapi.json with the bounds the server enforces, the settings' among them."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        return app.openapi_schema or publish_bounds(build(), settings.max_backward_times)

    app.openapi = openapi  # type: ignore[method-assign]


def is_json(content_type: str) -> bool:
    """Whether a Content-Type header names JSON, its parameters aside."""
    return content_type.split(";")[0].strip().lower() == "application/json"


async def require_json(request: Request) -> None:
    """POST bodies are JSON; anything else is refused before it is parsed."""
    if not is_json(request.headers.get("content-type", "")):
        raise ApiError("unsupported_media_type", "send the request body as application/json")


def coding_of(request: Request) -> str:
    """The content coding this client prefers of those we send (the service keeps answers encoded)."""
    return negotiate(request.headers.get("accept-encoding"))


def _respond(answer: Answer, request: Request, cache: bool = False) -> Response:
    if answer.error is not None:
        return error_response(answer.error)
    # Vary even on identity: a shared cache must not hand this answer to a client that asked for another coding.
    headers = {"ETag": answer.etag, "Vary": "Accept-Encoding"}
    if cache:
        headers["Cache-Control"] = "public, max-age=86400, immutable"
        if _none_match(request.headers.get("if-none-match"), answer.etag):
            return Response(status_code=304, headers=headers)
    if answer.coding != IDENTITY:
        headers["Content-Encoding"] = answer.coding
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def _none_match(header: str | None, etag: str) -> bool:
    """Whether If-None-Match names this ETag (or is `*`), compared weakly as RFC 9110 §13.1.2 asks."""
    if not header:
        return False
    tags = (tag.strip().removeprefix("W/") for tag in header.split(","))
    return any(tag in ("*", etag) for tag in tags)


JSON_BODY = [Depends(require_json)]


async def bounded_query(query: Annotated[GraphQuery, Query()], service: ServiceDep) -> GraphQuery:
    """The graph query, its `times` held to the settings' bound even where no `target` would use it."""
    service.check_times(query.times)
    return query


BoundedQuery = Annotated[GraphQuery, Depends(bounded_query)]


@router.post(
    "/run",
    response_model=RunResponse,
    responses=ERRORS,
    dependencies=JSON_BODY,
    summary="Run a program step by step: steps, variables, output, graph and SVG",
)
async def run(body: RunBody, service: ServiceDep, request: Request) -> Response:
    return await answer_run(body, service, request)


async def answer_run(body: RunBody, service: Service, request: Request) -> Response:
    """The run route's answer; app/hotpath.py answers valid requests with it directly."""
    return _respond(await service.answer(body.to_request("run"), coding_of(request)), request)


@router.post(
    "/gradcheck",
    response_model=GradCheckOut,
    responses=ERRORS,
    dependencies=JSON_BODY,
    summary="Check a leaf's gradient: autograd against finite differences, and against what you expect",
)
async def gradcheck(body: GradCheckBody, service: ServiceDep, request: Request) -> Response:
    return _respond(await service.answer(body.to_request(), coding_of(request)), request)


@router.post(
    "/graph.{fmt}",
    responses=GRAPH_RESPONSES,
    dependencies=JSON_BODY,
    summary="The run's autograd graph as SVG, PNG, DOT or JSON",
)
async def graph_post(fmt: GraphFormat, body: GraphBody, service: ServiceDep, request: Request) -> Response:
    return _respond(await service.answer(body.to_request(fmt), coding_of(request)), request, cache=True)


@router.get(
    "/graph.{fmt}",
    responses=GRAPH_RESPONSES,
    summary="The same, with the program in the query string, so any HTTP cache can keep it",
)
async def graph_get(fmt: GraphFormat, query: BoundedQuery, service: ServiceDep, request: Request) -> Response:
    return _respond(await service.answer(query.to_request(fmt), coding_of(request)), request, cache=True)


@router.get("/ops", summary="The catalogue: every supported function, method and attribute")
async def ops() -> JSONResponse:
    return JSONResponse(
        {"ops": catalogue.ops_listing(), "dtypes": sorted(catalogue.DTYPES), "namespaces": catalogue.NAMESPACES}
    )


@router.get("/limits", summary="Every limit a run obeys, with its value")
async def limits(settings: SettingsDep) -> JSONResponse:
    return JSONResponse(settings.model_dump())


@router.get("/examples", summary="The example programs shown on the page")
async def example_list() -> JSONResponse:
    return JSONResponse({"examples": examples.EXAMPLES})
