"""The application factory: routes, middleware, error handlers, and a lifespan that opens
the search backend and the store (unless they were handed in) and closes what it opened."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio
from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from search_api import api, web
from search_api.errors import install_error_handlers
from search_api.hosts import HostGuard, HostPolicy
from search_api.security import REDOC_CSP, BodyLimit, RateLimit, SecurityHeaders, origin_guard, swagger_csp
from search_api.service import SearchService
from search_api.subscriptions import SubscriptionStore
from search_api.templating import STATIC_DIR

if TYPE_CHECKING:
    from indexer.base import SearchBackend
    from indexer.config import Config
    from indexer.store import Store

logger = logging.getLogger(__name__)

#: Backend calls of the hot routes running at once per process. tantivy-py holds the GIL for
#: much of a search, so more threads only interleave requests (every one finishes late, the
#: tail grows) while the FIFO queue of a small limiter serves them in arrival order.
BACKEND_THREADS = 6

#: Where Swagger UI's and ReDoc's files (from the fastapi-offline wheel) are served: no CDN,
#: so /docs and /redoc work with no internet.
DOCS_STATIC = "/static/docs"
DESCRIPTION = (
    "Search the news of Russian municipal associations. Read-only and public, except saved "
    "searches, whose writes need `Authorization: Bearer <MUNEWS_API_TOKEN>` when a token is set."
)


def _lifespan(backend: SearchBackend | None, store: Store | None):  # type: ignore[no-untyped-def]
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        config: Config = app.state.config
        opened: list[object] = []
        if store is None:
            from indexer.store import Store

            the_store = Store(config.store_path)
            opened.append(the_store)
        else:
            the_store = store
        try:
            if backend is None:
                from indexer.backends import open_backend

                # Read-only: the API never takes the index write lock away from the crawl.
                the_backend = open_backend(config, store=the_store, readonly=True)
                opened.append(the_backend)
            else:
                the_backend = backend
            service = SearchService(config, the_backend, the_store)
            app.state.service = service
            app.state.backend_slots = anyio.CapacityLimiter(BACKEND_THREADS)
            app.state.subscriptions = SubscriptionStore(the_store.connection, service.store_lock)
            yield
        finally:
            for resource in reversed(opened):
                resource.close()  # type: ignore[attr-defined]

    return lifespan


#: How `munews serve --workers N` tells its worker processes which dotenv file the command
#: line named (each worker loads the configuration itself, like the parent did).
ENV_FILE_HANDOFF = "_MUNEWS_SERVE_ENV_FILE"


def app_from_environment() -> FastAPI:
    """Factory for uvicorn worker processes: configuration from the environment and `.env`."""
    import os

    from indexer.config import load_config

    return create_app(load_config(dotenv_path=os.environ.get(ENV_FILE_HANDOFF, ".env")))


def _cors_origins(config: Config) -> tuple[str, ...]:
    return tuple(o.strip() for o in config.cors_origins.split(",") if o.strip())


def create_app(
    config: Config, backend: SearchBackend | None = None, store: Store | None = None
) -> FastAPI:
    """The ASGI app; pass `backend`/`store` to share open ones (they are then not closed)."""
    origins = _cors_origins(config)
    app = FastAPI(
        title="munews API", version="0.1.0", description=DESCRIPTION, docs_url=None,
        redoc_url=None, lifespan=_lifespan(backend, store),
        dependencies=[Depends(origin_guard(origins))],
    )
    app.state.config = config
    app.state.host_policy = HostPolicy(config.trusted_hosts, config.public_url)
    app.include_router(api.router)
    app.include_router(web.router)
    docs_html = _mount_docs(app)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    install_error_handlers(app)
    if config.max_body_kb > 0:  # innermost: the app's error handler answers a streamed excess
        app.add_middleware(BodyLimit, max_bytes=config.max_body_kb * 1024)
    if origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(origins), allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    if config.rate_limit_per_minute > 0:
        app.add_middleware(RateLimit, per_minute=config.rate_limit_per_minute,
                           token=config.api_token, trusted_proxies=config.trusted_proxies)
    app.add_middleware(HostGuard, policy=app.state.host_policy)
    app.add_middleware(
        SecurityHeaders, csp_overrides={"/docs": swagger_csp(docs_html), "/redoc": REDOC_CSP}
    )
    return app


def _mount_docs(app: FastAPI) -> str:
    """Swagger UI at /docs and ReDoc at /redoc, their files from the fastapi-offline package
    (mounted before /static, which would otherwise take the path); returns the /docs page."""
    from importlib.resources import files

    assets = files("fastapi_offline") / "static"
    app.mount(DOCS_STATIC, StaticFiles(directory=str(assets)), name="docs-static")
    favicon = f"{DOCS_STATIC}/favicon.png"
    docs_html = bytes(get_swagger_ui_html(
        openapi_url="/openapi.json", title="munews API", swagger_favicon_url=favicon,
        swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
    ).body).decode("utf-8")
    redoc_html = bytes(get_redoc_html(
        openapi_url="/openapi.json", title="munews API", redoc_favicon_url=favicon,
        redoc_js_url=f"{DOCS_STATIC}/redoc.standalone.js", with_google_fonts=False,
    ).body).decode("utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return HTMLResponse(docs_html)

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        return HTMLResponse(redoc_html)

    return docs_html
