"""The hotline service: `uvicorn --factory services.hotline.app:create_app`."""

from fastapi import FastAPI

from shared.app import create_service_app
from shared.quotas.router import quota_router
from shared.settings import Settings

CALLBACK_DUTIES = frozenset({"callback"})


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        "hotline",
        title="Branchdesk hotline",
        routers=[quota_router(CALLBACK_DUTIES)],
        settings=settings,
    )
