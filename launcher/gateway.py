"""One ASGI app that serves the SPA and all three services, for `make run`.

In a real deployment nginx does this routing and each service runs on its own
(docker-compose.yml); here one process is simpler to start and to stop.
"""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from services.advisory.app import create_app as create_advisory
from services.hotline.app import create_app as create_hotline
from services.visits.app import create_app as create_visits
from shared.app import create_service_app
from shared.errors import problem_response
from shared.settings import Settings, get_settings

SPA_DIR = Path(__file__).resolve().parent.parent / "spa"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    # Mount sets each app's root_path, so their OpenAPI and redirects are right.
    mounted = {
        "/api/auth": create_service_app(
            "auth",
            title="Branchdesk auth",
            routers=[],
            settings=settings,
            auth_prefix="",
            with_directory=False,
        ),
        "/api/visits": create_visits(settings),
        "/api/advisory": create_advisory(settings),
        "/api/hotline": create_hotline(settings),
    }

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Starlette does not run a mounted app's lifespan; run each here.
        async with AsyncExitStack() as stack:
            for sub_app in mounted.values():
                await stack.enter_async_context(
                    sub_app.router.lifespan_context(sub_app)
                )
            yield

    gateway = FastAPI(
        title="Branchdesk", lifespan=lifespan, docs_url=None, redoc_url=None
    )
    for prefix, sub_app in mounted.items():
        gateway.mount(prefix, sub_app)

    @gateway.api_route(
        "/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"]
    )
    async def unknown_api(request: Request) -> JSONResponse:
        """An /api path no service owns is a problem, not the SPA's page."""
        return problem_response(
            request,
            status=404,
            slug="http-404",
            title="Not found",
            detail="No Branchdesk service answers at this path.",
        )

    gateway.mount("/", StaticFiles(directory=SPA_DIR, html=True), name="spa")
    return gateway
