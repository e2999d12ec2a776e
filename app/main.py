"""create_app(): wiring only — settings, the worker pool, routers, static files, templates, error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from app import api, pipeline, web
from app.errors_http import install_error_handlers
from app.hotpath import RunHotPath
from app.middleware import install_middleware
from app.service import InlineRunner, Runner, Service
from app.settings import Settings, get_settings
from app.workers import WorkerPool

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = """Run PyTorch autograd programs step by step and see the real autograd graph grow.

Programs are Python source in a small language (see `GET /api/v1/ops`); they run in our own interpreter,
never eval/exec, under the limits listed at `GET /api/v1/limits`. Non-finite numbers in values and
gradients are sent as the strings `"NaN"`, `"Infinity"` and `"-Infinity"`. Every error answers
`{"error": {"code", "message", "line", "col"}}`."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner: Runner
        pool = None
        if settings.workers > 0:
            pool = WorkerPool(
                pipeline.answer,
                size=settings.workers,
                max_queue=settings.max_queue,
                timeout_s=settings.request_timeout_s,
                memory_mb=settings.worker_memory_mb,
                preload=("torch", "app.engine.warmed"),
            )
            await pool.start()
            runner = pool
        else:
            runner = InlineRunner()
        app.state.service = Service(settings, runner)
        app.state.pool = pool
        try:
            yield
        finally:
            if pool is not None:
                await pool.close()

    app = FastAPI(
        title="Autograd Explorer",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        # Starlette's trailing-slash redirect names the Host header in its Location: a 404 names nothing.
        redirect_slashes=False,
    )
    app.state.settings = settings
    install_error_handlers(app)
    # Innermost: inside the body cap, the coding and the headers, so its answers pass through them as the route's do.
    app.add_middleware(RunHotPath)
    install_middleware(app, max_body_bytes=settings.max_body_bytes)
    app.mount("/static", StaticFiles(directory=ROOT / "static"), name="static")
    app.include_router(api.router)
    api.publish_contract(app, settings)
    app.include_router(web.router)
    templates = Jinja2Templates(directory=ROOT / "templates")
    for page_templates in (templates, web.templates):
        use_root_relative_urls(page_templates)

    @app.get("/healthz", include_in_schema=False)
    async def healthz(request: Request) -> JSONResponse:
        pool = request.app.state.pool
        return JSONResponse({"status": "ok", "workers": len(pool.pids) if pool else 0})

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "docs.html", {"openapi_url": app.openapi_url})

    return app


def use_root_relative_urls(templates: Jinja2Templates) -> None:
    """Templates' url_for() gives a path from the site's root, never an absolute URL.

    Starlette's own builds `http://<Host header>/...`: the client chooses that header, and a shared cache or a
    proxy that forwards it would hand one client's host to every other client.
    """

    @pass_context
    def url_for(context: dict[str, Any], name: str, /, **path_params: Any) -> str:
        request: Request = context["request"]
        root = request.scope.get("app_root_path", request.scope.get("root_path", ""))
        return str(root).rstrip("/") + str(request.app.url_path_for(name, **path_params))

    templates.env.globals["url_for"] = url_for


app = create_app()
