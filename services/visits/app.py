"""The visits service: `uvicorn --factory services.visits.app:create_app`."""

from fastapi import FastAPI

from shared.app import create_service_app
from shared.quotas.router import quota_router
from shared.settings import Settings

VISIT_DUTIES = frozenset({"visit", "patrol"})


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        "visits",
        title="Branchdesk visits",
        routers=[quota_router(VISIT_DUTIES)],
        settings=settings,
    )
