"""REST routes under /api/v1: thin — validate, call the service, answer."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from app import examples
from app.engine import catalogue
from app.errors_http import ApiError, error_response
from app.schemas import BackwardSpec, ErrorResponse, RunRequest, RunResponse
from app.service import Answer, Service

router = APIRouter(prefix="/api/v1", tags=["api"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (400, 413, 415, 422, 503)}
GraphFormat = Literal["svg", "png", "dot", "json"]


async def require_json(request: Request) -> None:
    """POST bodies are JSON; anything else is refused before it is parsed."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ApiError("unsupported_media_type", "send the request body as application/json")


async def get_service(request: Request) -> Service:  # async: FastAPI runs a plain def in a thread
    return request.app.state.service  # type: ignore[no-any-return]


ServiceDep = Annotated[Service, Depends(get_service)]


def _request_dict(body: RunRequest) -> dict[str, Any]:
    if (body.source is None) == (body.chain is None):
        raise ApiError("invalid_request", "send exactly one of `source` and `chain`")
    return body.model_dump(exclude_none=True)


def _answer(answer: Answer, request: Request | None = None, cache: bool = False) -> Response:
    if answer.error is not None:
        return error_response(answer.error)
    headers = {"ETag": answer.etag}
    if cache:
        headers["Cache-Control"] = "public, max-age=86400, immutable"
        if request is not None and request.headers.get("if-none-match") == answer.etag:
            return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type=answer.media_type, headers=headers)


JSON_BODY = [Depends(require_json)]


@router.post(
    "/run",
    response_model=RunResponse,
    responses=ERRORS,
    dependencies=JSON_BODY,
    summary="Run a program step by step: steps, variables, output, graph and SVG",
)
async def run(body: RunRequest, service: ServiceDep) -> Response:
    return _answer(await service.run(_request_dict(body), "run"))


@router.post(
    "/graph.{fmt}",
    responses=ERRORS,
    dependencies=JSON_BODY,
    summary="The run's autograd graph as SVG, PNG, DOT or JSON",
)
async def graph_post(fmt: GraphFormat, body: RunRequest, service: ServiceDep, request: Request) -> Response:
    return _answer(await service.run(_request_dict(body), fmt), request, cache=True)


@router.get(
    "/graph.{fmt}",
    responses=ERRORS,
    summary="The same, with the program in the query string, so any HTTP cache can keep it",
)
async def graph_get(
    fmt: GraphFormat,
    service: ServiceDep,
    request: Request,
    source: Annotated[str, Query(description="The program.")],
    seed: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
    zero_grad: bool = False,
    show_saved: bool = False,
    target: Annotated[str | None, Query(description="Backward target variable.")] = None,
    gradient: Annotated[str | None, Query(max_length=2_000)] = None,
    times: Annotated[int, Query(ge=1, le=50)] = 1,
) -> Response:
    backward = BackwardSpec(target=target, gradient=gradient, times=times) if target else None
    body = RunRequest(
        source=source, chain=None, seed=seed, zero_grad=zero_grad, show_saved=show_saved, backward=backward
    )
    return _answer(await service.run(_request_dict(body), fmt), request, cache=True)


@router.get("/ops", summary="The catalogue: every supported function, method and attribute")
async def ops() -> JSONResponse:
    return JSONResponse(
        {"ops": catalogue.describe(), "dtypes": sorted(catalogue.DTYPES), "namespaces": catalogue.NAMESPACES}
    )


@router.get("/limits", summary="Every limit a run obeys, with its value")
async def limits(service: ServiceDep) -> JSONResponse:
    return JSONResponse(service.settings.model_dump())


@router.get("/examples", summary="The example programs shown on the page")
async def example_list() -> JSONResponse:
    return JSONResponse({"examples": examples.EXAMPLES})
