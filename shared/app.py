"""The one way a Branchdesk service app is built.

Every service gets the same middleware, error handling, auth routes,
directory routes, health checks and scheduler wiring, and adds its own
routers and jobs.
"""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import structlog
from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import text
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.auth.router import router as auth_router
from shared.db import create_engine, create_sessionmaker
from shared.directory.router import router as directory_router
from shared.errors import install_error_handlers, problem_response
from shared.jobs import ScheduledJob, start_scheduler
from shared.logging import RequestContextMiddleware, configure_logging
from shared.settings import Settings, get_settings

log = structlog.get_logger(__name__)


class PublicPrefixMiddleware:
    """Tells the app the public prefix a proxy strips (/api/visits behind
    nginx), so its OpenAPI servers and problem instances name public paths."""

    def __init__(self, app: ASGIApp, root_path: str) -> None:
        self.app = app
        self.root_path = root_path.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope["root_path"] = self.root_path
        await self.app(scope, receive, send)


def create_service_app(
    service: str,
    *,
    title: str,
    routers: Sequence[APIRouter],
    jobs: Sequence[ScheduledJob] = (),
    settings: Settings | None = None,
    auth_prefix: str = "/auth",
    with_directory: bool = True,
) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings)
        app.state.engine = engine
        app.state.sessionmaker = create_sessionmaker(engine)
        scheduler = None
        if settings.scheduler_enabled and jobs:
            scheduler = start_scheduler(app.state.sessionmaker, list(jobs))
        log.info("service.started", service=service, jobs=len(jobs))
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            await engine.dispose()
            log.info("service.stopped", service=service)

    app = FastAPI(
        title=title,
        lifespan=lifespan,
        openapi_url="/openapi.json",
    )
    app.state.service = service
    app.state.jobs = list(jobs)
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware, service=service)
    if settings.root_path:
        app.add_middleware(PublicPrefixMiddleware, root_path=settings.root_path)

    app.include_router(auth_router, prefix=auth_prefix)
    if with_directory:
        app.include_router(directory_router)
    for router in routers:
        app.include_router(router)

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """The process is up; says nothing of the database."""
        return {"status": "ok", "service": service}

    @app.get("/readyz", tags=["health"], response_model=None)
    async def readyz(request: Request) -> object:
        """The service can reach its database."""
        try:
            async with request.app.state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as exc:
            log.warning("readyz.database_unreachable", error=type(exc).__name__)
            return problem_response(
                request,
                status=503,
                slug="not-ready",
                title="Not ready",
                detail="The database cannot be reached.",
            )
        return {"status": "ready", "service": service}

    return app
