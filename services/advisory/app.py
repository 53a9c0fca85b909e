"""The advisory service: `uvicorn --factory services.advisory.app:create_app`."""

from fastapi import FastAPI

from shared.app import create_service_app
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        "advisory",
        title="Branchdesk advisory",
        routers=[],
        settings=settings,
    )
